import { describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { gradeAudit, gradingJobs, submissions } from "@/db/schema";
import { listDeadJobs } from "@/grader/jobs/dead-letter";
import { runGradingJob } from "@/grader/jobs/run-job";
import { attemptsUsed } from "@/lib/assessments/context";
import { ownSubmission } from "@/lib/assessments/own-submission";
import { runRegrade, startRegrade } from "@/lib/assessments/regrade";
import { studentFeedback } from "@/lib/assessments/student-feedback";
import { itemView } from "@/lib/assessments/student-view";
import { submitAnswer } from "@/lib/assessments/submit";
import { draftFromContent } from "@/lib/authoring/file-form";
import { saveCourseQuestion } from "@/lib/authoring/store";
import { loadBank } from "@/question-bank/load";
import { publishedItem } from "../manage/fixture";
import { sandboxWithCourse } from "./helpers";
import { batchnorm } from "./submissions";

const course = sandboxWithCourse();

/** The bank's batch-norm code question as a web draft of course A, with other part weights. */
function batchnormDraft(weights: [number, number, number, number], id = "web-batchnorm") {
  const bank = loadBank().questions.find((q) => q.id === "xi-batchnorm-codigo")!;
  const draft = draftFromContent({ ...(bank as unknown as Record<string, unknown>), id });
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

  it("a code answer with a syntax error is stored at once, no Python in the request; its grading says so and it is no attempt", async () => {
    const f = course.fixture();
    const { db } = f.database;
    const itemId = await publishedItem(f, ["xi-batchnorm-codigo"]);
    const submit = (answer: string, key: string) => submitAnswer(db, { userId: f.student2, courseId: f.courseA }, { itemId, answer, idempotencyKey: key });
    const sandboxRuns = vi.spyOn(course.sandbox, "run");

    const broken = await submit("import numpy as np\n\ndef batchnorm_forward(x, gamma, beta, eps=1e-5:\n    return x\n", "syntax-1");
    expect(broken).toMatchObject({ kind: "accepted", submission: { status: "queued", attemptNumber: 1 } });
    expect(sandboxRuns).not.toHaveBeenCalled();
    expect(await db.select({ kind: gradingJobs.kind }).from(gradingJobs)).not.toContainEqual({ kind: "syntax-check" });
    // an empty answer is still refused at once: nothing to run
    expect(await submit("   \n", "empty-1")).toMatchObject({ kind: "refused", reason: "invalid-answer", message: "Envie o seu código Python." });

    // code that compiles but fails when run, sent before the first was graded: a real attempt, number 2
    const failing = await submit(`${batchnorm()}\nraise RuntimeError("esqueci")\n`, "runtime-1");
    expect(failing).toMatchObject({ kind: "accepted", submission: { status: "queued", attemptNumber: 2 } });

    const id = (broken as { submission: { id: string } }).submission.id;
    expect(await runGradingJob(db, { submissionId: id }, "test-worker", 60)).toMatchObject({ kind: "graded", status: "error", score: null });
    sandboxRuns.mockRestore();
    const [stored] = await db.select().from(submissions).where(eq(submissions.id, id));
    expect(stored).toMatchObject({ status: "error", score: null, feedback: { invalidAnswer: true, message: expect.arrayContaining([expect.objectContaining({ key: "grader.code.syntax", values: expect.objectContaining({ line: 3 }) })]) } });
    expect((stored!.feedback as { feedback: string }).feedback).toMatch(/Erro de sintaxe \(linha 3 do seu código\)/);
    expect(await attemptsUsed(db, itemId, f.student2)).toBe(1);
    expect(studentFeedback(stored!.feedback, "en")).toMatchObject({ invalidAnswer: true, feedback: expect.stringMatching(/line 3/) });

    // the next answer follows the highest number that counts (2), not the count (1): no collision with the second
    expect(await submit(batchnorm(), "right-1")).toMatchObject({ kind: "accepted", submission: { status: "queued", attemptNumber: 3 } });
  });

  it("an unreadable answer stays out of the dead letter and of regrades; the answers graded are regraded", async () => {
    const f = course.fixture();
    const { db } = f.database;
    const draft = batchnormDraft([0.4, 0.3, 0.15, 0.15], "web-batchnorm-unreadable");
    expect(await saveCourseQuestion(db, f.courseA, null, draft)).toMatchObject({ kind: "saved", version: 1 });
    const itemId = await publishedItem(f, ["web-batchnorm-unreadable"]);
    const who = { userId: f.student, courseId: f.courseA };
    const broken = await submitAnswer(db, who, { itemId, answer: "def batchnorm_forward(x:\n", idempotencyKey: "regrade-syntax" });
    const partial = await submitAnswer(db, who, { itemId, answer: batchnorm({ dxDirectOnly: true }), idempotencyKey: "regrade-partial" });
    if (broken.kind !== "accepted" || partial.kind !== "accepted") throw new Error(JSON.stringify([broken, partial]));
    for (const { submission } of [broken, partial]) await runGradingJob(db, { submissionId: submission.id }, "test-worker", 60);
    expect(await listDeadJobs(db, f.courseA)).not.toContainEqual(expect.objectContaining({ submissionId: broken.submission.id }));
    const [before] = await db.select().from(submissions).where(eq(submissions.id, broken.submission.id));

    const reweighted = batchnormDraft([0.25, 0.45, 0.15, 0.15], "web-batchnorm-unreadable");
    expect(await saveCourseQuestion(db, f.courseA, "web-batchnorm-unreadable", reweighted)).toMatchObject({ kind: "saved", version: 2 });
    const start = await startRegrade(db, f.courseA, "web-batchnorm-unreadable", f.instructorA, { fromVersion: 1, toVersion: null, moveSubmissions: false });
    if (!start.ok) throw new Error(start.message);
    expect(await runRegrade(db, start.run.id)).toMatchObject({ status: "done", processed: 1, changed: 1, unreadable: 0 });
    const [after] = await db.select().from(submissions).where(eq(submissions.id, broken.submission.id));
    expect(after).toEqual(before);
    expect(await attemptsUsed(db, itemId, f.student)).toBe(1);
  });

  it("with results hidden (an exam before release), the student still sees why an answer could not be read, and no score", async () => {
    const f = course.fixture();
    const { db } = f.database;
    const itemId = await publishedItem(f, ["xi-batchnorm-codigo"], { kind: "exam", resultsReleasedAt: "2030-12-31T23:59" });
    const who = { userId: f.student, courseId: f.courseA };
    const broken = await submitAnswer(db, who, { itemId, answer: "def batchnorm_forward(x:\n", idempotencyKey: "hidden-syntax" });
    const right = await submitAnswer(db, who, { itemId, answer: batchnorm(), idempotencyKey: "hidden-right" });
    if (broken.kind !== "accepted" || right.kind !== "accepted") throw new Error(JSON.stringify([broken, right]));
    for (const { submission } of [broken, right]) await runGradingJob(db, { submissionId: submission.id }, "test-worker", 60);

    const unreadable = await ownSubmission(db, f.courseA, broken.submission.id, f.student);
    expect(unreadable).toMatchObject({ status: "error", score: null, resultsHidden: true, feedback: { invalidAnswer: true } });
    expect(unreadable!.feedback!.feedback).toMatch(/linha 1/);
    expect(Object.keys(unreadable!.feedback!).sort()).toEqual(["feedback", "invalidAnswer"]);
    // the graded answer says nothing while results are hidden
    expect(await ownSubmission(db, f.courseA, right.submission.id, f.student)).toMatchObject({ status: "graded", score: null, feedback: null, resultsHidden: true });
    const page = await itemView(db, f.courseA, itemId, f.student);
    if (!page.ok) throw new Error(page.reason);
    expect(page.view.attemptsUsed).toBe(1);
    expect(page.view.history.map((h) => [h.status, h.score, h.feedback?.invalidAnswer ?? null])).toEqual([
      ["graded", null, null],
      ["error", null, true],
    ]);
  });
});
