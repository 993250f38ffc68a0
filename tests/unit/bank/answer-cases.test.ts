import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { gradeAnswer, makeVariant, type GradeOutcome } from "@/grader/grade";
import { loadBank } from "@/question-bank/load";
import { repoRoot, sharedDataDir } from "@/question-bank/paths";

/**
 * Answers students really typed, each with the verdict a fair human grader gives: `ok` (score 1), `wrong` (score 0),
 * `partial` (strictly between), `refuse-ok` (refused as unreadable, not an attempt, with a message that says what to fix).
 */
interface AnswerCase {
  id: string;
  seed: number | null;
  answer: string;
  fair: "ok" | "wrong" | "partial" | "refuse-ok";
  note: string;
}

const bank = loadBank();
const byId = new Map(bank.questions.map((q) => [q.id, q]));
const GENERIC = /^(Erro de sintaxe perto da posição \d+: confira parênteses e operadores\.|Resposta incorreta\.)$/;

function readCases(file: string): AnswerCase[] {
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as AnswerCase);
}

function verdictOf(outcome: GradeOutcome): string {
  if (outcome.status === "error") return outcome.reason === "invalid-answer" ? "refuse-ok" : `internal: ${outcome.detail}`;
  return outcome.score === 1 ? "ok" : outcome.score === 0 ? "wrong" : "partial";
}

function runCases(cases: AnswerCase[]) {
  it.each(cases.map((c) => [`${c.id} ${JSON.stringify(c.answer)}${c.seed === null ? "" : ` seed ${c.seed}`} → ${c.fair}`, c] as const))(
    "%s",
    async (_label, c) => {
      const question = byId.get(c.id);
      expect(question, `question ${c.id} is in the bank`).toBeDefined();
      const outcome = await gradeAnswer(question!, makeVariant(question!, c.seed), c.answer);
      expect(verdictOf(outcome), outcome.feedback).toBe(c.fair);
      if (c.fair === "refuse-ok" || c.fair === "partial") {
        // a refusal or a partial score must say precisely why
        expect(outcome.feedback.length).toBeGreaterThan(25);
        expect(outcome.feedback).not.toMatch(GENERIC);
      }
    },
  );
}

describe("answer readers: representative cases kept with the tests (tests/fixtures/answer-cases.jsonl)", () => {
  runCases(readCases(path.join(repoRoot(), "tests", "fixtures", "answer-cases.jsonl")));
});

const shared = path.join(sharedDataDir(), "answer-cases.jsonl");
const present = fs.existsSync(shared);
const title = present
  ? `answer readers: every case of ${shared} gets its fair verdict`
  : `answer readers on ../shared/data/answer-cases.jsonl — skipped: ${shared} is absent (clone beside ../shared or set FORJA_DATA_DIR)`;
if (!present) console.warn(`skipped: ${title}`);

describe.skipIf(!present)(title, () => {
  runCases(present ? readCases(shared) : []);
});
