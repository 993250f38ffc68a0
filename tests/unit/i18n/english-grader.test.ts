import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { gradeAnswer, makeVariant, type GradeOutcome } from "@/grader/grade";
import type { SandboxResult, StudentError } from "@/grader/sandbox/types";
import { DEFAULT_LIMITS } from "@/grader/sandbox/types";
import { describeAbnormalEnd, describeStudentError, studentValue } from "@/grader/types/code/feedback";
import { checkerFor } from "@/grader/types/code/checkers";
import type { Message } from "@/domain/i18n/translate";
import { loadBank } from "@/question-bank/load";
import { repoRoot, sharedDataDir } from "@/question-bank/paths";
import type { Said } from "@/domain/questions/feedback";
import { englishOwnText, PORTUGUESE } from "./portuguese";

/**
 * "The English interface shows no Portuguese from the grader": every path of every grader type is rendered in English
 * from its message keys, with every text value (the student's own input, the bank's own wording) blanked, so what is
 * left is the grader's own text, which must hold no Portuguese.
 */

/** What is not English, collected so that one run lists every path still in Portuguese. */
let problems: string[] = [];

function expectEnglish(where: string, said: { feedback: string; message?: Message[] }) {
  if (!said.message?.length) {
    problems.push(`${where}: no message keys: ${JSON.stringify(said.feedback)}`);
    return;
  }
  const text = englishOwnText(said.message);
  if (PORTUGUESE.test(text)) problems.push(`${where}: ${JSON.stringify(text)}`);
}

function expectNoProblems() {
  const found = [...new Set(problems)];
  problems = [];
  expect(found).toEqual([]);
}

function expectOutcomeEnglish(where: string, outcome: GradeOutcome) {
  expectEnglish(where, outcome);
  if (outcome.status !== "graded") return;
  for (const part of outcome.parts ?? []) expectEnglish(`${where} part ${part.name}`, part);
}

interface AnswerCase {
  id: string;
  seed: number | null;
  answer: string;
}
const readCases = (file: string): AnswerCase[] =>
  fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as AnswerCase) : [];

const bank = loadBank();
const byId = new Map(bank.questions.map((q) => [q.id, q]));

/** Besides the students' answers: for every instant question, empty, garbage, its reference and a near miss. */
async function ownCases(): Promise<AnswerCase[]> {
  const { referenceAnswer } = await import("@/grader/grade");
  const cases: AnswerCase[] = [];
  for (const q of bank.questions) {
    if (q.type === "code") continue;
    const reference = await referenceAnswer(q, makeVariant(q, 7));
    for (const answer of ["", "??", "{\"x\": 1}", "[[1, 2], [3]]", "1 2; 3", "floor(x", "a, b", reference, reference.replace(/\d(?=\D*$)/, (d) => String((Number(d) + 1) % 10))]) {
      cases.push({ id: q.id, seed: 7, answer });
    }
  }
  return cases;
}

describe("the English interface shows no Portuguese from the grader", () => {
  it("the check itself: Portuguese text is caught, English is not", () => {
    expect("Resposta incorreta.").toMatch(PORTUGUESE);
    expect("Nota 0,15. Resultado por parte:").toMatch(PORTUGUESE);
    expect("linha 1, coluna 2").toMatch(PORTUGUESE);
    expect("Wrong answer: your value is far from the expected one. Row 1, column 2; Case 3 (small): ·").not.toMatch(PORTUGUESE);
  });

  it("every answer case, and empty, garbage, reference and near-miss answers to every instant question", async () => {
    const cases = [
      ...readCases(path.join(repoRoot(), "tests", "fixtures", "answer-cases.jsonl")),
      ...readCases(path.join(sharedDataDir(), "answer-cases.jsonl")),
      ...(await ownCases()),
    ];
    expect(cases.length).toBeGreaterThan(300);
    const types = new Set<string>();
    for (const c of cases) {
      const question = byId.get(c.id);
      if (!question) continue;
      types.add(question.type);
      const outcome = await gradeAnswer(question, makeVariant(question, c.seed), c.answer);
      expectOutcomeEnglish(`${c.id} ${JSON.stringify(c.answer)}`, outcome);
    }
    expect([...types].sort()).toEqual(["architecture", "matrix", "mcq", "numeric", "open", "symbolic"]);
    expectNoProblems();
  });

  it("code: every student error, every abnormal end, every missing output and every checker's known mistakes", () => {
    const errors: StudentError[] = [
      { stage: "syntax", message: "invalid syntax", line: 3, code: "def f(:" },
      { stage: "syntax", exc: "SyntaxError" },
      { stage: "load", exc: "NameError", message: "x", line: 1 },
      { stage: "missing", names: ["f"] },
      { stage: "missing", names: ["f", "g"] },
      { stage: "returns", fn: "f", expected: 2, got: 3 },
      { stage: "returns", fn: "f", expected: 2, got: "int" },
      { stage: "memory" },
      { stage: "call", fn: "f", exc: "ValueError", message: "bad", line: 4, function: "g" },
      { stage: "call", fn: "f", exc: "ValueError", message: "bad" },
    ];
    for (const e of errors) expectEnglish(`error ${JSON.stringify(e)}`, describeStudentError(e));
    const base: SandboxResult = { status: "ok", error: null, cases: [], stdout: "", stderr: "", wallMs: 1, cpuMs: 1, exitCode: 0, signal: null };
    for (const status of ["timeout", "cpu-limit", "memory-limit", "output-limit", "crashed", "exited"] as const) {
      for (const signal of [11, 9, 99]) {
        const said = describeAbnormalEnd({ ...base, status, signal, exitCode: 3 }, DEFAULT_LIMITS) as Said;
        expectEnglish(`abnormal ${status} ${signal}`, said);
      }
    }
    const outcomes = [
      undefined,
      { index: 0, values: { out: { error: "none", type: "NoneType" } }, error: null },
      { index: 0, values: { out: { error: "not an array", type: "str" } }, error: null },
      { index: 0, values: {}, error: { stage: "call", fn: "f", exc: "E", message: "m" } },
      { index: 0, values: {}, error: null },
    ];
    for (const o of outcomes) expectEnglish(`value ${JSON.stringify(o)}`, studentValue(o as never, "out").problem!);
    for (const id of ["maxpool", "batchnorm", "batchnorm-spatial"]) {
      const checker = checkerFor(id)!;
      for (const c of checker.cases(3)) {
        expectEnglish(`${id} case ${c.label}`, { feedback: c.label, message: [c.name] });
        for (const wrong of checker.wrongVariants(c)) expectEnglish(`${id} ${wrong.id}`, { feedback: "", message: [wrong.message] });
      }
    }
    expectNoProblems();
  });
});
