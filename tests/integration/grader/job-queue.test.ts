import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, inArray, sql } from "drizzle-orm";
import { submissions } from "@/db/schema";
import { claimJob, completeJob, failJob, releaseJobs } from "@/grader/jobs/queue";
import { listDeadJobs, retryDeadJobs } from "@/grader/jobs/dead-letter";
import { GradingWorker } from "@/grader/jobs/worker";
import { makeFixture, queueSubmission, type Fixture } from "../assessments/fixture";

let f: Fixture;
beforeAll(async () => {
  f = await makeFixture();
});
afterAll(() => f.database.close());

const queue = (answer: (right: string) => string) => queueSubmission(f, answer);

const statusOf = async (id: string) => (await f.database.db.select().from(submissions).where(eq(submissions.id, id)))[0]!;

describe("code job queue", () => {
  it("leases a job to one worker only, and stores its result once", async () => {
    const id = await queue((r) => r);
    const job = await claimJob(f.database.db, "w1", 60_000);
    expect(job?.id).toBe(id);
    expect(await claimJob(f.database.db, "w2", 60_000)).toBeNull();
    expect(await completeJob(f.database.db, job!, "w2", { status: "graded", score: 0, feedback: {} })).toBe(false);
    expect(await completeJob(f.database.db, job!, "w1", { status: "graded", score: 1, feedback: {} })).toBe(true);
    expect(await completeJob(f.database.db, job!, "w1", { status: "graded", score: 0, feedback: {} })).toBe(false);
    expect(await statusOf(id)).toMatchObject({ status: "graded", score: 1, leaseOwner: null });
  });

  it("a worker that dies mid-job loses it when its lease expires; its late result is ignored", async () => {
    const id = await queue((r) => r);
    const stale = await claimJob(f.database.db, "dead-worker", 60_000);
    await f.database.db.update(submissions).set({ leaseExpiresAt: sql`now() - interval '1 second'` }).where(eq(submissions.id, id));
    const retaken = await claimJob(f.database.db, "w3", 60_000);
    expect(retaken?.id).toBe(id);
    expect(retaken?.jobAttempts).toBe(2);
    expect(await completeJob(f.database.db, stale!, "dead-worker", { status: "graded", score: 0, feedback: {} })).toBe(false);
    expect(await completeJob(f.database.db, retaken!, "w3", { status: "graded", score: 1, feedback: {} })).toBe(true);
  });

  it("infrastructure failures are retried, then dead-lettered; shutdown gives jobs back", async () => {
    const id = await queue((r) => r);
    let job = await claimJob(f.database.db, "w4", 60_000);
    await failJob(f.database.db, job!, "w4", "sandbox crashed", 2);
    expect((await statusOf(id)).status).toBe("queued");
    job = await claimJob(f.database.db, "w4", 60_000);
    await failJob(f.database.db, job!, "w4", "sandbox crashed", 2);
    expect(await statusOf(id)).toMatchObject({ status: "error" });
    const dead = await listDeadJobs(f.database.db, f.courseId);
    expect(dead.map((d) => d.submissionId)).toContain(id);
    expect(dead.find((d) => d.submissionId === id)).toMatchObject({ attempts: 2, detail: "sandbox crashed" });
    // once the platform is fixed the instructor sends it back: another course's id, or a graded submission, changes nothing
    expect(await retryDeadJobs(f.database.db, crypto.randomUUID(), [id])).toBe(0);
    expect(await retryDeadJobs(f.database.db, f.courseId, [id, crypto.randomUUID()])).toBe(1);
    expect(await statusOf(id)).toMatchObject({ status: "queued", feedback: null, jobAttempts: 0 });
    expect((await listDeadJobs(f.database.db, f.courseId)).map((d) => d.submissionId)).not.toContain(id);
    expect(await retryDeadJobs(f.database.db, f.courseId, [id])).toBe(0);
    job = await claimJob(f.database.db, "w4", 60_000);
    expect(job?.id).toBe(id);
    expect(await completeJob(f.database.db, job!, "w4", { status: "graded", score: 1, feedback: {} })).toBe(true);
    const other = await queue((r) => r);
    await claimJob(f.database.db, "w5", 60_000);
    await releaseJobs(f.database.db, "w5");
    expect(await statusOf(other)).toMatchObject({ status: "queued", leaseOwner: null, jobAttempts: 0 });
    await f.database.db.delete(submissions).where(eq(submissions.id, other));
  });

  it("a worker pool grades every queued job exactly once", async () => {
    const ids = [];
    for (let i = 0; i < 6; i++) ids.push(await queue((r) => (i % 2 === 0 ? r : String(Number(r) + 1))));
    const workers = [new GradingWorker(f.database.db, { concurrency: 2, leaseMs: 60_000, maxAttempts: 3, idleMs: 20 }), new GradingWorker(f.database.db, { concurrency: 2, leaseMs: 60_000, maxAttempts: 3, idleMs: 20 })];
    workers.forEach((w) => w.start());
    const deadline = Date.now() + 20_000;
    let rows = await f.database.db.select().from(submissions).where(inArray(submissions.id, ids));
    while (rows.some((r) => r.status !== "graded") && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      rows = await f.database.db.select().from(submissions).where(inArray(submissions.id, ids));
    }
    await Promise.all(workers.map((w) => w.stop(1_000)));
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(ids.map((id) => byId.get(id)!.score)).toEqual([1, 0, 1, 0, 1, 0]);
    expect(rows.every((r) => r.jobAttempts === 1)).toBe(true);
  });
});
