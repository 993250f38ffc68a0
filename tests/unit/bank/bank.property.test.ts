import path from "node:path";
import { describe, expect, it } from "vitest";
import { gradeAnswer, makeVariant, referenceAnswer } from "@/grader/grade";
import type { AnyQuestion } from "@/domain/questions/base";
import { loadBank } from "@/question-bank/load";
import { isParameterized, type Parameterized } from "@/domain/questions/params";
import { renderPrompt, renderSolution } from "@/domain/questions/render";
import { perturb } from "./perturb";

const SEEDS: (number | null)[] = [null, ...Array.from({ length: 20 }, (_, i) => i + 1)];
/** open has no automatic score; code is property-tested by the sandbox helper's own tests */
const NOT_AUTO = new Set(["open", "code"]);

describe.each([
  ["fixtures", path.resolve("tests/fixtures/bank")],
  ["question-bank", path.resolve("question-bank")],
])("bank %s", (_, dir) => {
  const bank = loadBank(dir);
  const auto = bank.questions.filter((q) => !NOT_AUTO.has(q.type));
  const open = bank.questions.filter((q) => q.type === "open");

  it("every question loads (file: problem)", () => {
    expect(bank.problems.map((p) => `${p.file}: ${p.message}`)).toEqual([]);
  });

  it("ids are unique and hashes distinct", () => {
    expect(new Set(bank.questions.map((q) => q.id)).size).toBe(bank.questions.length);
    expect(new Set(bank.questions.map((q) => q.contentHash)).size).toBe(bank.questions.length);
  });

  it.runIf(auto.length > 0).each(auto.map((q) => [q.id, q] as const))(
    "%s: every variant is solvable, renders, its reference scores 1 and a perturbed answer does not",
    async (_id, question) => {
      const seeds = isParameterized(question as AnyQuestion & Parameterized) ? SEEDS : [null];
      for (const seed of seeds) {
        const variant = makeVariant(question, seed);
        expect(makeVariant(question, seed)).toEqual(variant);
        const reference = await referenceAnswer(question, variant);
        renderPrompt(question as AnyQuestion & Parameterized, variant);
        renderSolution(question as AnyQuestion & Parameterized, variant, reference);
        const good = await gradeAnswer(question, variant, reference);
        expect({ seed, reference, outcome: good }).toMatchObject({ outcome: { status: "graded", score: 1 } });
        const wrong = perturb(question, reference);
        const bad = await gradeAnswer(question, variant, wrong);
        expect({ seed, wrong, outcome: bad }).toMatchObject({ outcome: { status: "graded" } });
        expect(bad.score).toBeLessThan(1);
      }
    },
  );

  it.runIf(open.length > 0)("open questions give a pending result for their answer key", async () => {
    for (const question of open) {
      const variant = makeVariant(question, null);
      const outcome = await gradeAnswer(question, variant, await referenceAnswer(question, variant));
      expect({ id: question.id, outcome }).toMatchObject({ outcome: { status: "graded", score: 0, pending: true } });
    }
  });
});
