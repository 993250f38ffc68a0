import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { gradeAudit, submissions } from "@/db/schema";
import { runGradingJob } from "@/grader/jobs/run-job";
import { runRegrade, startRegrade } from "@/lib/assessments/regrade";
import { submitAnswer } from "@/lib/assessments/submit";
import { draftFromContent } from "@/lib/authoring/file-form";
import { saveCourseQuestion } from "@/lib/authoring/store";
import { loadBank } from "@/question-bank/load";
import { publishedItem } from "../manage/fixture";
import { sandboxWithCourse } from "./helpers";
import { batchnorm } from "./submissions";

const course = sandboxWithCourse();

/** The bank's batch-norm code question as a web draft of course A, with other part weights. */
function batchnormDraft(weights: [number, number, number, number]) {
  const bank = loadBank().questions.find((q) => q.id === "xi-batchnorm-codigo")!;
  const draft = draftFromContent({ ...(bank as unknown as Record<string, unknown>), id: "web-batchnorm" });
  const parts = (draft.fields.parts as { weight: number }[]).map((p, i) => ({ ...p, weight: weights[i]! }));
  return { ...draft, fields: { ...draft.fields, parts } };
}

describe("code questions authored in the browser", () => {
  it("are saved after their reference solution scored 1 in the sandbox, and a changed weight is regraded", async () => {
    const f = course.fixture();
    const { db } = f.database;
    expect(await saveCourseQuestion(db, f.courseA, null, batchnormDraft([0.4, 0.3, 0.15, 0.15]))).toMatchObject({ kind: "saved", version: 1 });
    const draft = batchnormDraft([0.4, 0.3, 0.15, 0.15]);
    const broken = { ...draft, fields: { ...draft.fields, reference_solution: batchnorm({ ddof: 1 }) } };
    expect(await saveCourseQuestion(db, f.courseA, "web-batchnorm", broken)).toMatchObject({ kind: "invalid", issues: [{ field: "reference_solution" }] });

    const itemId = await publishedItem(f, ["web-batchnorm"]);
    // forward right, dx through the direct path only: 1 − 0.3
    const outcome = await submitAnswer(db, { userId: f.student, courseId: f.courseA }, { itemId, answer: batchnorm({ dxDirectOnly: true }), idempotencyKey: "code-1" });
    if (outcome.kind !== "accepted") throw new Error(JSON.stringify(outcome));
    expect(outcome.submission.status).toBe("queued");
    expect(await runGradingJob(db, { submissionId: outcome.submission.id }, "test-worker", 60)).toMatchObject({ kind: "graded", score: 0.7 });

    expect(await saveCourseQuestion(db, f.courseA, "web-batchnorm", batchnormDraft([0.25, 0.45, 0.15, 0.15]))).toMatchObject({ kind: "saved", version: 2 });
    const start = await startRegrade(db, f.courseA, "web-batchnorm", f.instructorA, { fromVersion: 1, toVersion: null, moveSubmissions: false });
    if (!start.ok) throw new Error(start.message);
    expect(await runRegrade(db, start.run.id)).toMatchObject({ status: "done", processed: 1, changed: 1 });
    const [stored] = await db.select().from(submissions).where(eq(submissions.id, outcome.submission.id));
    expect(stored!.score).toBeCloseTo(0.55, 9);
    expect(JSON.stringify(stored!.feedback)).toMatch(/dx/);
    expect(await db.select().from(gradeAudit).where(eq(gradeAudit.submissionId, stored!.id))).toMatchObject([{ oldScore: 0.7, newScore: expect.closeTo(0.55, 9) }]);
  });

  it("a code answer with a syntax error is refused before it is stored, without using an attempt", async () => {
    const f = course.fixture();
    const { db } = f.database;
    const itemId = await publishedItem(f, ["xi-batchnorm-codigo"]);
    const submit = (answer: string, key: string) => submitAnswer(db, { userId: f.student2, courseId: f.courseA }, { itemId, answer, idempotencyKey: key });

    const broken = await submit("import numpy as np\n\ndef batchnorm_forward(x, gamma, beta, eps=1e-5:\n    return x\n", "syntax-1");
    expect(broken).toMatchObject({ kind: "refused", reason: "invalid-answer", message: expect.stringMatching(/Erro de sintaxe \(linha 3 do seu código\)/) });
    expect(await submit("   \n", "empty-1")).toMatchObject({ kind: "refused", reason: "invalid-answer", message: "Envie o seu código Python." });
    expect(await db.select().from(submissions).where(eq(submissions.itemId, itemId))).toHaveLength(0);

    // code that compiles but fails when run is a real attempt, graded 0 by the worker; nothing of it ran at submit
    const failing = await submit(`${batchnorm()}\nraise RuntimeError("esqueci")\n`, "runtime-1");
    expect(failing).toMatchObject({ kind: "accepted", submission: { status: "queued", attemptNumber: 1 } });
  });
});
