import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { submissions } from "@/db/schema";
import { currentVariant } from "@/lib/assessments/variants";
import { submitAnswer } from "@/lib/assessments/submit";
import { pythonCheckerStarter, starterFields } from "@/lib/authoring/forms/starters";
import { saveCourseQuestion } from "@/lib/authoring/store";
import { validateDraft, type QuestionDraft } from "@/lib/authoring/validate";
import { loadBank } from "@/question-bank/load";
import { publishedItem } from "../manage/fixture";
import { sandboxWithCourse } from "./helpers";

type Fields = Record<string, unknown>;
type Misconception = { id: string };

/**
 * What the instructor of tests/e2e/python-checker.spec.ts builds in the editor: the code starter switched to a Python
 * checker (ReLU), then the bank convolution's declaration typed as YAML, three of its wrong implementations, its texts
 * and four parts with the weights typed (no limits: the defaults).
 */
function browserDraft(): QuestionDraft {
  const bank = loadBank().questions.find((q) => q.id === "inf721-convolucao-codigo") as unknown as Fields & { python: Fields & { misconceptions: Misconception[] } };
  const { misconceptions, ...declaration } = bank.python;
  const own = { ...starterFields("code"), ...pythonCheckerStarter() } as Fields & { parts: Fields[] };
  return {
    fields: {
      id: "web-conv-browser", type: "code", title: "Convolução em Python", topic: "convolucao", tags: [], source: { seed: "web", item: "web" },
      ...own,
      python: { ...(parseYaml(stringifyYaml(declaration)) as Fields), misconceptions: ["missing-padding", "db-wrong-axis", "dw-transposed"].map((id) => misconceptions.find((m) => m.id === id)) },
      required_names: ["conv_forward", "conv_backward"],
      contract: bank.contract,
      starter: bank.starter,
      reference_solution: bank.reference_solution,
      parts: [{ ...own.parts[0], weight: 0.4 }, { ...own.parts[1], weight: 0.2 }, { name: "dw", output: "dw", weight: 0.25 }, { name: "db", output: "db", weight: 0.15 }],
    },
    prompt: "Implemente `conv_forward(x, w, b, pad, stride)` e `conv_backward(dout, cache)`.",
    solution: "Solução de referência:\n\n```python\n{{answer}}\n```",
  };
}

const ZEROS = "import numpy as np\n\ndef conv_forward(x, w, b, pad, stride):\n    return np.zeros_like(x), None\n\ndef conv_backward(dout, cache):\n    return np.zeros_like(dout), np.zeros_like(dout), np.zeros_like(dout)\n";

/**
 * The web server of the embedded mode holds two copies of the grader's modules: Next.js bundles instrumentation (the
 * in-process grading worker) apart from the route handlers (the editor's live check, the syntax check and the
 * variant's preparation), so each copy has its own sandbox pool. Both must share the host's cgroups without getting
 * in each other's way: the e2e test's first answer ended as a platform failure (fork: EAGAIN) when both pools' zygotes
 * were put in the same groups.
 */
describe("a Python checker declared in the browser, graded by the web server's own worker", () => {
  const course = sandboxWithCourse(); // the route handlers' copy, with its pool
  let worker: { grade: typeof import("@/grader/jobs/run-job"); code: typeof import("@/grader/types/code/grade"); pool: import("@/grader/sandbox/pool").Sandbox };
  beforeAll(async () => {
    vi.resetModules(); // what follows is the worker's copy of the grading modules
    const [grade, code, { Sandbox }, { databaseExpectedStore }, { setExpectedStore }] = await Promise.all([
      import("@/grader/jobs/run-job"),
      import("@/grader/types/code/grade"),
      import("@/grader/sandbox/pool"),
      import("@/grader/jobs/expected-store-db"),
      import("@/grader/types/code/python/expected-store"),
    ]);
    const pool = new Sandbox({ concurrency: 2 }); // started by its first job, as the worker's is
    code.setSharedSandbox(pool);
    setExpectedStore(databaseExpectedStore(course.fixture().database.db));
    worker = { grade, code, pool };
  });
  afterAll(async () => {
    worker?.code.setSharedSandbox(null);
    await worker?.pool.close();
  });

  it("checks and saves it, and a student's answers get 0, the named mistake with partial credit, then 1", async () => {
    const f = course.fixture();
    const { db } = f.database;
    const draft = browserDraft();
    const check = await validateDraft(draft);
    if (!check.ok) throw new Error(JSON.stringify(check.issues));
    expect(check.preview.selfCheck!.every((r) => r.ok)).toBe(true);
    expect(await saveCourseQuestion(db, f.courseA, null, draft)).toMatchObject({ kind: "saved", version: 1 });
    const itemId = await publishedItem(f, ["web-conv-browser"]);
    await currentVariant(db, itemId, f.student);

    const reference = draft.fields.reference_solution as string;
    const answers = [ZEROS, reference.replace("dout.sum(axis=(0, 2, 3))", "dout.sum(axis=(1, 2, 3))"), reference];
    const scores: number[] = [];
    for (const [n, answer] of answers.entries()) {
      const outcome = await submitAnswer(db, { userId: f.student, courseId: f.courseA }, { itemId, answer, idempotencyKey: `conv-browser-${n}` });
      if (outcome.kind !== "accepted") throw new Error(JSON.stringify(outcome));
      const graded = await worker.grade.runGradingJob(db, { submissionId: outcome.submission.id }, "web-worker", 60);
      expect(graded).toMatchObject({ kind: "graded", status: "graded" });
      scores.push((graded as { score: number }).score);
      if (n === 1) {
        const [stored] = await db.select().from(submissions).where(eq(submissions.id, outcome.submission.id));
        expect(JSON.stringify(stored!.feedback)).toMatch(/somou db no eixo errado/);
      }
    }
    expect(scores[0]).toBe(0);
    expect(scores[1]).toBeGreaterThan(0.85);
    expect(scores[1]).toBeLessThan(1);
    expect(scores[2]).toBe(1);
  });
});
