import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, inArray, sql } from "drizzle-orm";
import { gradingJobs, questionVersions, submissions, variants } from "@/db/schema";
import { listDeadJobs, retryDeadJobs } from "@/grader/jobs/dead-letter";
import { EmbeddedQueue } from "@/grader/jobs/embedded";
import { claimNextGradeJob, jobsOf, openJob, openStrandedJobs } from "@/grader/jobs/record";
import { leasesReleased, storeResult, takeSubmission } from "@/grader/jobs/result";
import { runGradingJob } from "@/grader/jobs/run-job";
import { makeFixture, queueSubmission, type Fixture } from "../assessments/fixture";

let f: Fixture;
beforeAll(async () => {
  f = await makeFixture();
});
afterAll(() => f.database.close());

/** A queued submission with its grade job, as the web app stores a code answer. */
const queue = async (answer: (right: string) => string) => {
  const id = await queueSubmission(f, answer);
  await openJob(f.database.db, id, "grade");
  return id;
};

const statusOf = async (id: string) => (await f.database.db.select().from(submissions).where(eq(submissions.id, id)))[0]!;

/** Points the submission's variant at a version of a type no grader knows (a platform problem); returns the repair. */
async function breakGrader(id: string): Promise<() => Promise<void>> {
  const { db } = f.database;
  const row = await statusOf(id);
  const [version] = await db.select().from(questionVersions).where(eq(questionVersions.id, row.questionVersionId));
  const [broken] = await db
    .insert(questionVersions)
    .values({ questionId: version!.questionId, version: 9_000 + Math.floor(Math.random() * 1000), contentHash: `broken-${id}`, content: { ...(version!.content as object), type: "inexistente" } })
    .returning();
  await db.update(variants).set({ questionVersionId: broken!.id }).where(eq(variants.id, row.variantId));
  return async () => {
    await db.update(variants).set({ questionVersionId: version!.id }).where(eq(variants.id, row.variantId));
    await db.delete(questionVersions).where(eq(questionVersions.id, broken!.id));
  };
}

describe("embedded grading queue (leases on grading_jobs rows)", () => {
  it("leases a job to one worker only, and stores its result once", async () => {
    const { db } = f.database;
    const id = await queue((r) => r);
    expect(await claimNextGradeJob(db, "w1", 60)).toBe(id);
    expect(await claimNextGradeJob(db, "w2", 60)).toBeNull();
    expect(await runGradingJob(db, { submissionId: id }, "w1", 60, { jobLeased: true })).toMatchObject({ kind: "graded", score: 1 });
    expect(await storeResult(db, id, { status: "graded", score: 0, feedback: {} })).toBe(false);
    expect(await statusOf(id)).toMatchObject({ status: "graded", score: 1, leaseOwner: null, jobAttempts: 1 });
    expect(await jobsOf(db, id)).toMatchObject([{ status: "done", attempts: 1, leaseOwner: null }]);
  });

  it("a worker that dies mid-job loses it when its lease expires; its late result is ignored", async () => {
    const { db } = f.database;
    const id = await queue((r) => r);
    expect(await claimNextGradeJob(db, "dead-worker", 60)).toBe(id);
    expect(await takeSubmission(db, id, "dead-worker", 60, true)).not.toBeNull();
    await db.update(gradingJobs).set({ leaseExpiresAt: sql`now() - interval '1 second'` }).where(eq(gradingJobs.submissionId, id));
    expect(await claimNextGradeJob(db, "w3", 60)).toBe(id);
    expect(await runGradingJob(db, { submissionId: id }, "w3", 60, { jobLeased: true })).toMatchObject({ kind: "graded", score: 1 });
    expect(await storeResult(db, id, { status: "graded", score: 0, feedback: {} })).toBe(false);
    expect(await statusOf(id)).toMatchObject({ score: 1, jobAttempts: 2 });
    expect(await jobsOf(db, id)).toMatchObject([{ status: "done", attempts: 2 }]);
  });

  it("infrastructure failures are retried, then dead-lettered on the job; sent back, then graded; shutdown gives jobs back", async () => {
    const { db } = f.database;
    const id = await queue((r) => r);
    const repair = await breakGrader(id);
    const lastAttempt = (s: { jobAttempts: number }) => s.jobAttempts >= 2;
    expect(await claimNextGradeJob(db, "w4", 60)).toBe(id);
    expect(await runGradingJob(db, { submissionId: id }, "w4", 60, { jobLeased: true, lastAttempt })).toMatchObject({ kind: "failed", dead: false });
    expect(await statusOf(id)).toMatchObject({ status: "queued", leaseOwner: null });
    expect(await jobsOf(db, id)).toMatchObject([{ status: "queued", attempts: 1 }]);
    expect(await claimNextGradeJob(db, "w4", 60)).toBe(id);
    expect(await runGradingJob(db, { submissionId: id }, "w4", 60, { jobLeased: true, lastAttempt })).toMatchObject({ kind: "failed", dead: true });
    expect(await statusOf(id)).toMatchObject({ status: "error", feedback: { deadLetter: true } });
    const [deadJob] = await jobsOf(db, id);
    expect(deadJob).toMatchObject({ status: "dead", attempts: 2, leaseOwner: null });
    expect(deadJob!.error).toMatch(/inexistente/);
    // the dead letter is listed from the job's record
    const dead = await listDeadJobs(db, f.courseId);
    expect(dead.find((d) => d.submissionId === id)).toMatchObject({ attempts: 2, detail: deadJob!.error });
    // once the platform is fixed the instructor sends it back: another course's id, or a graded submission, changes nothing
    await repair();
    const idle = new EmbeddedQueue();
    expect(await retryDeadJobs(db, crypto.randomUUID(), [id], idle)).toBe(0);
    expect(await retryDeadJobs(db, f.courseId, [id, crypto.randomUUID()], idle)).toBe(1);
    expect(await statusOf(id)).toMatchObject({ status: "queued", feedback: null, jobAttempts: 0 });
    expect((await listDeadJobs(db, f.courseId)).map((d) => d.submissionId)).not.toContain(id);
    expect(await retryDeadJobs(db, f.courseId, [id], idle)).toBe(0);
    expect(await claimNextGradeJob(db, "w4", 60)).toBe(id);
    expect(await runGradingJob(db, { submissionId: id }, "w4", 60, { jobLeased: true })).toMatchObject({ kind: "graded", score: 1 });
    expect((await jobsOf(db, id)).map((j) => j.status)).toEqual(["dead", "done"]);

    const other = await queue((r) => r);
    expect(await claimNextGradeJob(db, "w5", 60)).toBe(other);
    await takeSubmission(db, other, "w5", 60, true);
    await leasesReleased(db, "w5");
    expect(await statusOf(other)).toMatchObject({ status: "queued", leaseOwner: null, jobAttempts: 0 });
    expect(await jobsOf(db, other)).toMatchObject([{ status: "queued", attempts: 0, leaseOwner: null }]);
    await db.delete(submissions).where(eq(submissions.id, other));
  });

  it("a queued submission left without a job gets one from the sweep, once it is old enough", async () => {
    const { db } = f.database;
    const id = await queueSubmission(f, (r) => r);
    expect(await openStrandedJobs(db, 60)).toBe(0);
    await db.update(submissions).set({ submittedAt: new Date(Date.now() - 5 * 60_000) }).where(eq(submissions.id, id));
    expect(await openStrandedJobs(db, 60)).toBe(1);
    expect(await openStrandedJobs(db, 60)).toBe(0);
    expect(await jobsOf(db, id)).toMatchObject([{ kind: "grade", status: "queued" }]);
    await db.delete(submissions).where(eq(submissions.id, id));
  });

  it("two embedded queues on one database grade every queued job exactly once", async () => {
    const { db } = f.database;
    const ids = [];
    for (let i = 0; i < 6; i++) ids.push(await queue((r) => (i % 2 === 0 ? r : String(Number(r) + 1))));
    const workers = [0, 1].map(() => new EmbeddedQueue({ concurrency: 2, leaseMs: 60_000, maxAttempts: 3, idleMs: 20 }));
    for (const w of workers) await w.consume(db);
    const deadline = Date.now() + 20_000;
    let rows = await db.select().from(submissions).where(inArray(submissions.id, ids));
    while (rows.some((r) => r.status !== "graded") && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      rows = await db.select().from(submissions).where(inArray(submissions.id, ids));
    }
    await Promise.all(workers.map((w) => w.stop(1_000)));
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(ids.map((id) => byId.get(id)!.score)).toEqual([1, 0, 1, 0, 1, 0]);
    expect(rows.every((r) => r.jobAttempts === 1)).toBe(true);
    const jobs = await db.select().from(gradingJobs).where(inArray(gradingJobs.submissionId, ids));
    expect(jobs.map((j) => [j.status, j.attempts])).toEqual(ids.map(() => ["done", 1]));
  });
});
