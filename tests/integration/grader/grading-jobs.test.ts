import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { gradingJobs, submissions } from "@/db/schema";
import { listDeadJobs, retryDeadJobs } from "@/grader/jobs/dead-letter";
import { EmbeddedQueue } from "@/grader/jobs/embedded";
import { claimNextGradeJob, jobsOf, openJob, openQuickJob, quickJobsLost } from "@/grader/jobs/record";
import { gradingFailed, storeResult, takeSubmission } from "@/grader/jobs/result";
import { runGradingJob } from "@/grader/jobs/run-job";
import { runPublicTests } from "@/lib/assessments/practice";
import type { LoadedQuestion } from "@/question-bank/load";
import { CODE_QUESTION_FOLDERS, loadCodeQuestion } from "@/tests/unit/grader/code-fixtures";
import { runRegrade, startRegrade } from "@/lib/assessments/regrade";
import { DAY, makeAssessment, makeFixture, queueSubmission, type Fixture } from "../assessments/fixture";
import { buggyQuestionAnswered, makeManageFixture, type ManageFixture } from "../manage/fixture";

describe("grading_jobs: every grading job recorded, its result written once", () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await makeFixture();
  });
  afterAll(() => f.database.close());
  const submission = async (id: string) => (await f.database.db.select().from(submissions).where(eq(submissions.id, id)))[0]!;

  it("a result without feedback leaves the feedback empty (SQL NULL), not the JSON value null", async () => {
    const { db } = f.database;
    const id = await queueSubmission(f, (r) => r);
    await openJob(db, id, "grade");
    expect(await takeSubmission(db, id, "w0", 60)).not.toBeNull();
    expect(await storeResult(db, id, { status: "graded", score: 1, feedback: null })).toBe(true);
    const [row] = await db.select({ empty: sql<boolean>`${submissions.feedback} is null` }).from(submissions).where(eq(submissions.id, id));
    expect(row!.empty).toBe(true);
  });

  it("embedded queue: a grade job is taken, leased, and its one result recorded with the submission's", async () => {
    const { db } = f.database;
    const id = await queueSubmission(f, (r) => r);
    const jobId = await openJob(db, id, "grade");
    expect((await submission(id)).currentJobId).toBe(jobId);
    expect(await jobsOf(db, id)).toMatchObject([{ id: jobId, kind: "grade", status: "queued", attempts: 0 }]);
    expect(await claimNextGradeJob(db, "w1", 60)).toBe(id);
    expect(await jobsOf(db, id)).toMatchObject([{ status: "running", attempts: 1, leaseOwner: "w1" }]);
    expect(await takeSubmission(db, id, "w1", 60, true)).toMatchObject({ status: "running", jobAttempts: 1 });
    expect(await storeResult(db, id, { status: "graded", score: 1, feedback: { feedback: "ok" } })).toBe(true);
    // a second write (a late duplicate) changes neither the submission nor its job
    expect(await storeResult(db, id, { status: "graded", score: 0, feedback: {} })).toBe(false);
    const [job] = await jobsOf(db, id);
    expect(job).toMatchObject({ status: "done", attempts: 1, leaseOwner: null, result: { status: "graded", score: 1, feedback: { feedback: "ok" } } });
    expect(job!.finishedAt).toBeInstanceOf(Date);
  });

  it("pg-boss delivery (runGradingJob): a submission queued without a job gets one; a redelivery is a duplicate", async () => {
    const { db } = f.database;
    const id = await queueSubmission(f, (r) => r);
    expect((await submission(id)).currentJobId).toBeNull();
    expect(await runGradingJob(db, { submissionId: id }, "grader-a", 60)).toMatchObject({ kind: "graded", score: 1 });
    expect(await runGradingJob(db, { submissionId: id }, "grader-b", 60)).toEqual({ kind: "duplicate" });
    const jobs = await jobsOf(db, id);
    expect(jobs).toMatchObject([{ kind: "grade", status: "done", attempts: 1, result: { status: "graded", score: 1 } }]);
    expect((await submission(id)).currentJobId).toBe(jobs[0]!.id);
  });

  it("a malformed result is refused before it reaches the submission or the job", async () => {
    const { db } = f.database;
    const id = await queueSubmission(f, (r) => r);
    await openJob(db, id, "grade");
    await expect(storeResult(db, id, { status: "graded", score: 7, feedback: {} })).rejects.toThrow();
    expect((await jobsOf(db, id))[0]).toMatchObject({ status: "queued", result: null });
    expect(await submission(id)).toMatchObject({ status: "queued", score: null });
    await db.delete(submissions).where(eq(submissions.id, id)); // out of the next test's queue
  });

  it("dead letter after the attempts (embedded and pg-boss alike); sent back, the submission points at a new job", async () => {
    const { db } = f.database;
    const id = await queueSubmission(f, (r) => r);
    await openJob(db, id, "grade");
    for (let i = 0; i < 2; i++) {
      expect(await claimNextGradeJob(db, "w2", 60)).toBe(id);
      await takeSubmission(db, id, "w2", 60, true);
      // the one failure path: a failure by another worker than the lease holder changes nothing
      expect(await gradingFailed(db, id, "not-the-holder", "sandbox crashed", i === 1)).toBe(false);
      expect(await gradingFailed(db, id, "w2", "sandbox crashed", i === 1)).toBe(true);
      expect((await jobsOf(db, id))[0]).toMatchObject({ status: i === 0 ? "queued" : "dead", attempts: i + 1, error: "sandbox crashed" });
    }
    expect(await submission(id)).toMatchObject({ status: "error" });
    expect((await listDeadJobs(db, f.courseId)).map((d) => d.submissionId)).toContain(id);
    const deadJob = (await jobsOf(db, id))[0]!;
    expect(await retryDeadJobs(db, f.courseId, [id], new EmbeddedQueue())).toBe(1);
    const jobs = await jobsOf(db, id);
    expect(jobs).toHaveLength(2);
    const fresh = jobs.find((j) => j.id !== deadJob.id)!;
    expect(fresh).toMatchObject({ kind: "grade", status: "queued", attempts: 0 });
    expect((await db.select().from(gradingJobs).where(eq(gradingJobs.id, deadJob.id)))[0]).toMatchObject({ status: "dead" });
    expect((await submission(id)).currentJobId).toBe(fresh.id);

    // pg-boss's dead letter (a job whose worker died on its last try) goes through the same path, whoever held it
    expect(await runGradingJob(db, { submissionId: id }, "grader-c", 60)).toMatchObject({ kind: "graded" });
    const other = await queueSubmission(f, (r) => r);
    await openJob(db, other, "grade");
    await takeSubmission(db, other, "grader-that-died", 60);
    // its lease still holds (it may be a worker taking the job again): nothing changes
    expect(await gradingFailed(db, other, null, "grader lost", true)).toBe(false);
    await db.update(submissions).set({ leaseExpiresAt: sql`now() - interval '1 second'` }).where(eq(submissions.id, other));
    expect(await gradingFailed(db, other, null, "grader lost", true)).toBe(true);
    expect((await jobsOf(db, other))[0]).toMatchObject({ status: "dead", error: "grader lost" });
    expect(await submission(other)).toMatchObject({ status: "error", feedback: { deadLetter: true, detail: "grader lost" } });
  });
});

describe("grading_jobs: quick runs are recorded too (no submission)", () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await makeFixture();
  });
  afterAll(() => f.database.close());
  const question = loadCodeQuestion(CODE_QUESTION_FOLDERS.batchnorm) as unknown as LoadedQuestion;
  const reference = loadCodeQuestion(CODE_QUESTION_FOLDERS.batchnorm).reference_solution;
  const quickJobs = (kind: "public-test") => f.database.db.select().from(gradingJobs).where(eq(gradingJobs.kind, kind));

  it("a public-test run: one job each, done, with what it found", async () => {
    const queue = new EmbeddedQueue();
    const broken = await queue.run({ kind: "public-test", question, owner: "student-quick", source: "def batchnorm_forward(x:\n" }, { record: f.database.db });
    expect(broken.kind === "public-test" && broken.outcome).toMatchObject({ status: "error", reason: "invalid-answer", message: expect.arrayContaining([expect.objectContaining({ key: "grader.code.syntax" })]) });
    expect(await queue.run({ kind: "public-test", question, owner: "student-quick", source: reference }, { record: f.database.db })).toMatchObject({ kind: "public-test", outcome: { status: "graded", score: 1 } });
    const jobs = await quickJobs("public-test");
    expect(jobs.map((j) => [j.status, j.attempts, j.submissionId, j.leaseOwner, (j.result as { status: string }).status]).sort()).toEqual([
      ["done", 1, null, null, "error"],
      ["done", 1, null, null, "graded"],
    ]);
    expect(jobs.every((j) => j.finishedAt instanceof Date)).toBe(true);
  });

  it("a quick run whose process ended is failed once its lease is over, never left running", async () => {
    const { db } = f.database;
    const jobId = await openQuickJob(db, "authoring-check", "grader-that-died");
    expect(await quickJobsLost(db)).toBe(0);
    await db.update(gradingJobs).set({ leaseExpiresAt: sql`now() - interval '1 second'` }).where(eq(gradingJobs.id, jobId));
    expect(await quickJobsLost(db)).toBe(1);
    expect((await db.select().from(gradingJobs).where(eq(gradingJobs.id, jobId)))[0]).toMatchObject({ status: "failed", leaseOwner: null, error: expect.stringMatching(/lost/) });
  });

  it("a student's public-test run (the service) is a job with its score", async () => {
    const today = Date.now();
    const { itemIds } = await makeAssessment(f, { opensAt: new Date(today - DAY), closesAt: new Date(today + DAY) }, [["xi-batchnorm-codigo"]]);
    const before = new Set((await quickJobs("public-test")).map((j) => j.id));
    expect(await runPublicTests(f.database.db, f.courseId, itemIds[0]!, f.student, reference)).toMatchObject({ status: "graded", score: 1 });
    expect((await quickJobs("public-test")).filter((j) => !before.has(j.id))).toMatchObject([{ status: "done", attempts: 1, submissionId: null, result: { status: "graded", score: 1 } }]);
  });
});

describe("grading_jobs: a regrade is a new job per answer, which the submission points to", () => {
  let f: ManageFixture;
  beforeAll(async () => {
    f = await makeManageFixture();
  });
  afterAll(() => f.database.close());

  it("each run opens a regrade job per submission, done with its result; the submission's current job is the newest", async () => {
    const { db } = f.database;
    const { itemId } = await buggyQuestionAnswered(f, "web-jobs");
    // graded at once (not a code answer): no grade job
    const before = await db.select().from(submissions).where(eq(submissions.itemId, itemId));
    expect(before.map((s) => s.currentJobId)).toEqual([null, null]);

    const regrade = async () => {
      const start = await startRegrade(db, f.courseA, "web-jobs", f.instructorA, { fromVersion: 1, toVersion: null, moveSubmissions: false });
      if (!start.ok) throw new Error(start.message);
      expect(await runRegrade(db, start.run.id)).toMatchObject({ status: "done", processed: 2 });
      return start.run.id;
    };
    const first = await regrade();
    const second = await regrade();
    for (const s of await db.select().from(submissions).where(eq(submissions.itemId, itemId))) {
      expect(s.score).toBe(1);
      const jobs = await jobsOf(db, s.id);
      expect(jobs.map((j) => [j.kind, j.status, j.regradeRunId])).toEqual([
        ["regrade", "done", first],
        ["regrade", "done", second],
      ]);
      expect(jobs.every((j) => (j.result as { score: number }).score === 1)).toBe(true);
      // each taken once by runGradingJob, its lease given up with its result
      expect(jobs.map((j) => [j.attempts, j.leaseOwner])).toEqual([
        [1, null],
        [1, null],
      ]);
      expect(s.currentJobId).toBe(jobs[1]!.id);
    }
  });
});
