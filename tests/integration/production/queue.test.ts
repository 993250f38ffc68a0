import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, inArray } from "drizzle-orm";
import pino from "pino";
import type PgBoss from "pg-boss";
import { questionVersions, submissions, variants } from "@/db/schema";
import { GRADE_QUEUE, PgBossQueue, enqueueGrading, openJobQueue, requeueStranded, type QueueSettings } from "@/grader/jobs/pgboss";
import { listDeadJobs, retryDeadJobs } from "@/grader/jobs/dead-letter";
import { runGradingJob } from "@/grader/jobs/run-job";
import { takeSubmission } from "@/grader/jobs/result";
import { startConsumer } from "@/grader/worker/consumer";
import { makeFixture, queueSubmission, type Fixture } from "../assessments/fixture";
import { createScratchDatabase, testDatabaseUrl, urlOfTestDatabase } from "../test-database";

const onPostgres = Boolean(testDatabaseUrl());
const title = onPostgres
  ? "production grading queue (pg-boss on PostgreSQL)"
  : "production grading queue — skipped: TEST_DATABASE_URL is not set (scripts/test.sh sets it in its PostgreSQL stage)";

if (!onPostgres) console.warn(`skipped: ${title}`);

// short times so that a lost job comes back within seconds
const settings: QueueSettings = { maxAttempts: 2, retryDelaySeconds: 1, expireInSeconds: 2 };
const log = pino({ level: "silent" });

describe.skipIf(!onPostgres)(title, () => {
  let f: Fixture;
  let url: string;
  let boss: PgBoss;
  const others: PgBoss[] = [];

  beforeAll(async () => {
    f = await makeFixture();
    url = urlOfTestDatabase(f.database)!;
    boss = await openJobQueue(url, { role: "worker", settings, maintenanceIntervalSeconds: 1 });
  });
  afterAll(async () => {
    for (const b of [boss, ...others]) await b?.stop({ graceful: false, wait: true });
    await f?.database.close();
  });

  /** Stores a queued submission as the web app does, answering right or wrong. */
  const queued = (right: boolean, question?: string) => queueSubmission(f, (reference) => (right ? reference : String(Number(reference) + 7)), question);

  const rowOf = async (id: string) => (await f.database.db.select().from(submissions).where(eq(submissions.id, id)))[0]!;

  async function settled(ids: string[], timeoutMs = 20_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rows = await f.database.db.select().from(submissions).where(inArray(submissions.id, ids));
      if (rows.every((r) => r.status !== "queued" && r.status !== "running") || Date.now() > deadline) return rows;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function jobOnceSettled(id: string, timeoutMs = 10_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = await boss.getJobById(GRADE_QUEUE, id, { includeArchive: true });
      if ((job && job.state !== "active" && job.state !== "created" && job.state !== "retry") || Date.now() > deadline) return job;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it("a worker killed mid-job: the job comes back after its expiry, is retried and graded once", async () => {
    const id = await queued(true);
    expect(await enqueueGrading(boss, { submissionId: id, requestId: "req-killed-worker" })).toBe(true);
    // another process takes the job and the submission, then dies without a word
    const doomed = await openJobQueue(url, { role: "producer", settings });
    others.push(doomed);
    const [job] = await doomed.fetch<{ submissionId: string }>(GRADE_QUEUE);
    expect(job?.data.submissionId).toBe(id);
    expect(await takeSubmission(f.database.db, id, "doomed-worker", settings.expireInSeconds)).not.toBeNull();
    await doomed.stop({ graceful: false, wait: true });

    await startConsumer(boss, f.database.db, { concurrency: 2, settings, log, pollingIntervalSeconds: 0.5 });
    const [row] = await settled([id]);
    expect(row).toMatchObject({ status: "graded", score: 1, jobAttempts: 2, leaseOwner: null });
    // the worker completes the job just after it stores the result
    expect(await jobOnceSettled(id)).toMatchObject({ state: "completed", retryCount: 1 });
  });

  it("enqueue → a worker grades → exactly one result; sending the same submission again is a no-op", async () => {
    const ids = [await queued(true), await queued(false), await queued(true)];
    for (const id of ids) expect(await enqueueGrading(boss, { submissionId: id })).toBe(true);
    expect(await enqueueGrading(boss, { submissionId: ids[0]! })).toBe(false);
    const rows = await settled(ids);
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(ids.map((id) => [byId.get(id)!.status, byId.get(id)!.score, byId.get(id)!.jobAttempts])).toEqual([
      ["graded", 1, 1],
      ["graded", 0, 1],
      ["graded", 1, 1],
    ]);
  });

  it("a duplicate delivery writes nothing: the first result stays, concurrent deliveries store one result", async () => {
    const id = await queued(true);
    await enqueueGrading(boss, { submissionId: id });
    const [first] = await settled([id]);
    expect(await runGradingJob(f.database.db, { submissionId: id }, "late-worker", 60)).toEqual({ kind: "duplicate" });
    expect(await rowOf(id)).toEqual(first);

    const raced = await queued(false);
    const outcomes = await Promise.all([1, 2, 3].map((n) => runGradingJob(f.database.db, { submissionId: raced }, `racer-${n}`, 60)));
    expect(outcomes.filter((o) => o.kind === "graded")).toHaveLength(1);
    expect(await rowOf(raced)).toMatchObject({ status: "graded", score: 0 });
  });

  it("an infrastructure failure is retried with backoff, then dead-lettered: status error with a clear message, listed for the course", async () => {
    const id = await queued(true);
    // the question version the submission points at has a type no grader knows: a platform problem, not the student's
    const row = await rowOf(id);
    const [version] = await f.database.db.select().from(questionVersions).where(eq(questionVersions.id, row.questionVersionId));
    const [broken] = await f.database.db
      .insert(questionVersions)
      .values({ questionId: version!.questionId, version: 9_000, contentHash: "broken", content: { ...(version!.content as object), type: "inexistente" } })
      .returning();
    await f.database.db.update(variants).set({ questionVersionId: broken!.id }).where(eq(variants.id, row.variantId));
    await enqueueGrading(boss, { submissionId: id, requestId: "req-dead" });
    const [dead] = await settled([id], 30_000);
    expect(dead).toMatchObject({ status: "error", score: null, jobAttempts: settings.maxAttempts });
    expect((dead!.feedback as { feedback: string }).feedback).toMatch(/problema da plataforma/);
    const listed = await listDeadJobs(f.database.db, f.courseId);
    expect(listed.map((d) => d.submissionId)).toContain(id);
    expect(listed.find((d) => d.submissionId === id)!.detail).toMatch(/inexistente/);
    // the platform is fixed (the variant points at a good version again): the instructor sends it back to grading
    await f.database.db.update(variants).set({ questionVersionId: version!.id }).where(eq(variants.id, row.variantId));
    await f.database.db.delete(questionVersions).where(eq(questionVersions.id, broken!.id));
    expect(await boss.getJobById(GRADE_QUEUE, id)).toMatchObject({ state: "failed" });
    expect(await retryDeadJobs(f.database.db, f.courseId, [id], new PgBossQueue(boss, settings))).toBe(1);
    const [regraded] = await settled([id]);
    expect(regraded).toMatchObject({ status: "graded", score: 1, jobAttempts: 1 });
    expect((await listDeadJobs(f.database.db, f.courseId)).map((d) => d.submissionId)).not.toContain(id);
  });

  it("a queued submission whose job was never sent is picked up by the sweep", async () => {
    const id = await queued(true);
    await f.database.db.update(submissions).set({ submittedAt: new Date(Date.now() - 5 * 60_000) }).where(eq(submissions.id, id));
    expect(await requeueStranded(f.database.db, boss, 60)).toBe(1);
    expect(await requeueStranded(f.database.db, boss, 60)).toBe(0);
    expect(await settled([id])).toMatchObject([{ status: "graded", score: 1 }]);
  });

  it("graceful shutdown: running jobs finish or go back to the queue, and the next worker grades the rest once each", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push(await queued(i % 2 === 0));
    for (const id of ids) await enqueueGrading(boss, { submissionId: id });
    await boss.stop({ graceful: true, wait: true, timeout: 2_000 });
    const successor = await openJobQueue(url, { role: "worker", settings, maintenanceIntervalSeconds: 1 });
    others.push(successor);
    await startConsumer(successor, f.database.db, { concurrency: 2, settings, log, pollingIntervalSeconds: 0.5 });
    const rows = await settled(ids);
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(ids.map((id) => [byId.get(id)!.status, byId.get(id)!.score])).toEqual(ids.map((_, i) => ["graded", i % 2 === 0 ? 1 : 0]));
    expect(rows.every((r) => r.jobAttempts >= 1 && r.jobAttempts <= 2)).toBe(true);
  });
});

describe.skipIf(!onPostgres)("grader processes starting together on a new database", () => {
  it("all start: creating the queues at once does not deadlock any of them out", async () => {
    const scratch = await createScratchDatabase(testDatabaseUrl()!);
    const started: PgBoss[] = [];
    try {
      const opened = await Promise.allSettled(
        Array.from({ length: 4 }, () => openJobQueue(scratch.url, { role: "worker", settings }).then((b) => (started.push(b), b))),
      );
      expect(opened.map((o) => (o.status === "rejected" ? String(o.reason) : "started"))).toEqual(Array(4).fill("started"));
    } finally {
      for (const b of started) await b.stop({ graceful: false, wait: true });
      await scratch.drop();
    }
  });
});
