import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { gradingJobs, submissions } from "@/db/schema";
import { listDeadJobs, markDeadLetter, retryDeadJobs } from "@/grader/jobs/dead-letter";
import { claimJob, completeJob, failJob } from "@/grader/jobs/queue";
import { jobFinished, jobsOf, openJob } from "@/grader/jobs/record";
import { runGradeJob } from "@/grader/jobs/run-job";
import { runRegrade, startRegrade } from "@/lib/assessments/regrade";
import { makeFixture, queueSubmission, type Fixture } from "../assessments/fixture";
import { buggyQuestionAnswered, makeManageFixture, type ManageFixture } from "../manage/fixture";

describe("grading_jobs: every grading job recorded, its result written once", () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await makeFixture();
  });
  afterAll(() => f.database.close());
  const submission = async (id: string) => (await f.database.db.select().from(submissions).where(eq(submissions.id, id)))[0]!;

  it("embedded queue: a grade job is taken, leased, and its one result recorded with the submission's", async () => {
    const { db } = f.database;
    const id = await queueSubmission(f, (r) => r);
    const jobId = await openJob(db, id, "grade");
    expect((await submission(id)).currentJobId).toBe(jobId);
    expect(await jobsOf(db, id)).toMatchObject([{ id: jobId, kind: "grade", status: "queued", attempts: 0 }]);
    const taken = await claimJob(db, "w1", 60_000);
    expect(taken?.id).toBe(id);
    expect(await jobsOf(db, id)).toMatchObject([{ status: "running", attempts: 1, leaseOwner: "w1" }]);
    expect(await completeJob(db, taken!, "w1", { status: "graded", score: 1, feedback: { feedback: "ok" } })).toBe(true);
    // a second write (a late duplicate) changes neither the submission nor its job
    expect(await completeJob(db, taken!, "w1", { status: "graded", score: 0, feedback: {} })).toBe(false);
    const [job] = await jobsOf(db, id);
    expect(job).toMatchObject({ status: "done", attempts: 1, leaseOwner: null, result: { status: "graded", score: 1, feedback: { feedback: "ok" } } });
    expect(job!.finishedAt).toBeInstanceOf(Date);
  });

  it("pg-boss delivery (runGradeJob): a submission queued without a job gets one; a redelivery is a duplicate", async () => {
    const { db } = f.database;
    const id = await queueSubmission(f, (r) => r);
    expect((await submission(id)).currentJobId).toBeNull();
    expect(await runGradeJob(db, { submissionId: id }, "grader-a", 60)).toMatchObject({ kind: "graded", score: 1 });
    expect(await runGradeJob(db, { submissionId: id }, "grader-b", 60)).toEqual({ kind: "duplicate" });
    const jobs = await jobsOf(db, id);
    expect(jobs).toMatchObject([{ kind: "grade", status: "done", attempts: 1, result: { status: "graded", score: 1 } }]);
    expect((await submission(id)).currentJobId).toBe(jobs[0]!.id);
  });

  it("a malformed result is refused before it reaches the job", async () => {
    const { db } = f.database;
    const id = await queueSubmission(f, (r) => r);
    await openJob(db, id, "grade");
    await expect(jobFinished(db, id, { status: "graded", score: 7, feedback: {} })).rejects.toThrow();
    expect((await jobsOf(db, id))[0]).toMatchObject({ status: "queued", result: null });
    await db.delete(submissions).where(eq(submissions.id, id)); // out of the next test's queue
  });

  it("dead letter after the attempts (embedded and pg-boss alike); sent back, the submission points at a new job", async () => {
    const { db } = f.database;
    const id = await queueSubmission(f, (r) => r);
    await openJob(db, id, "grade");
    for (let i = 0; i < 2; i++) {
      const job = await claimJob(db, "w2", 60_000);
      expect(job?.id).toBe(id);
      await failJob(db, job!, "w2", "sandbox crashed", 2);
      expect((await jobsOf(db, id))[0]).toMatchObject({ status: i === 0 ? "queued" : "dead", attempts: i + 1, error: "sandbox crashed" });
    }
    expect(await submission(id)).toMatchObject({ status: "error" });
    expect((await listDeadJobs(db, f.courseId)).map((d) => d.submissionId)).toContain(id);
    const deadJob = (await jobsOf(db, id))[0]!;
    expect(await retryDeadJobs(db, f.courseId, [id])).toBe(1);
    const jobs = await jobsOf(db, id);
    expect(jobs).toHaveLength(2);
    const fresh = jobs.find((j) => j.id !== deadJob.id)!;
    expect(fresh).toMatchObject({ kind: "grade", status: "queued", attempts: 0 });
    expect((await db.select().from(gradingJobs).where(eq(gradingJobs.id, deadJob.id)))[0]).toMatchObject({ status: "dead" });
    expect((await submission(id)).currentJobId).toBe(fresh.id);

    // pg-boss's dead letter (its retries spent) writes the same record
    expect(await runGradeJob(db, { submissionId: id }, "grader-c", 60)).toMatchObject({ kind: "graded" });
    const other = await queueSubmission(f, (r) => r);
    await openJob(db, other, "grade");
    expect(await markDeadLetter(db, { submissionId: other }, "grader lost")).toBe(true);
    expect((await jobsOf(db, other))[0]).toMatchObject({ status: "dead", error: "grader lost" });
    expect(await submission(other)).toMatchObject({ status: "error", feedback: { deadLetter: true, detail: "grader lost" } });
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
      expect(s.currentJobId).toBe(jobs[1]!.id);
    }
  });
});
