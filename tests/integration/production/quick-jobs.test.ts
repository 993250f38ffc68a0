import { beforeAll, describe, expect, it } from "vitest";
import { desc, eq, sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { questionVersions, submissions, variants } from "@/db/schema";
import type PgBoss from "pg-boss";
import { BATCH_QUEUE, QUICK_QUEUE, runQuickJob } from "@/grader/jobs/pgboss";
import { QuickJobTimeoutError } from "@/grader/jobs/quick-jobs";
import { runPublicTests } from "@/lib/assessments/practice";
import { runRegrade, startRegrade } from "@/lib/assessments/regrade";
import type { LoadedQuestion } from "@/question-bank/load";
import { CODE_QUESTION_FOLDERS, loadCodeQuestion } from "@/tests/unit/grader/code-fixtures";
import { DAY, makeAssessment, type Fixture } from "../assessments/fixture";
import { testDatabaseUrl } from "../test-database";
import { graderInProcess } from "./grader-in-process";

const onPostgres = Boolean(testDatabaseUrl());
const title = onPostgres ? "quick jobs: public tests run by the graders" : "quick jobs — skipped: TEST_DATABASE_URL is not set";

describe.skipIf(!onPostgres)(title, () => {
  const grader = graderInProcess();
  let f: Fixture;
  let boss: PgBoss;
  let itemId: string;
  const question = loadCodeQuestion(CODE_QUESTION_FOLDERS.batchnorm) as unknown as LoadedQuestion;
  const reference = loadCodeQuestion(CODE_QUESTION_FOLDERS.batchnorm).reference_solution;

  beforeAll(async () => {
    f = grader.fixture();
    boss = grader.boss();
    const today = Date.now();
    const { itemIds } = await makeAssessment(f, { opensAt: new Date(today - DAY), closesAt: new Date(today + DAY), attemptsAllowed: 3 }, [["xi-batchnorm-codigo"]]);
    itemId = itemIds[0]!;
  });

  it("a public-test run is answered by a grader process, an unreadable answer with what to fix", async () => {
    const broken = await runQuickJob(boss, { kind: "public-test", question, owner: f.student, source: "def batchnorm_forward(x:\n" }, 10_000);
    expect(broken.kind).toBe("public-test");
    expect(broken.kind === "public-test" && broken.outcome.feedback).toMatch(/sintaxe|syntax/i);
    expect(broken.kind === "public-test" && broken.outcome).toMatchObject({ status: "error", reason: "invalid-answer", message: expect.arrayContaining([expect.objectContaining({ key: "grader.code.syntax" })]) });
    expect(await runQuickJob(boss, { kind: "public-test", question, owner: f.student, source: reference }, 10_000)).toMatchObject({ kind: "public-test", outcome: { status: "graded", score: 1 } });
  });

  it("a student's public-test run in production mode is graded by a grader through a quick job", async () => {
    const quickJobs = async () => rowsOf<{ n: number }>(await f.database.db.execute(sql`select count(*)::int as n from pgboss.job where name = ${QUICK_QUEUE}`))[0]!.n;
    const before = await quickJobs();
    const outcome = await runPublicTests(f.database.db, f.courseId, itemId, f.student, reference);
    expect(outcome).toMatchObject({ status: "graded", score: 1 });
    expect(await quickJobs()).toBe(before + 1);
  });

  it("a regrade of a code question in production mode grades its answers in the graders, as a batch of jobs", async () => {
    const { db } = f.database;
    const batchJobs = async () => rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from pgboss.job where name = ${BATCH_QUEUE}`))[0]!.n;
    // two stored answers of the code item, graded (as if by an earlier run), then the question is regraded
    const [version] = await db.select().from(questionVersions).where(eq(questionVersions.questionId, "xi-batchnorm-codigo")).orderBy(desc(questionVersions.version)).limit(1);
    for (const [i, userId] of [f.student, f.otherStudent].entries()) {
      const [variant] = await db.insert(variants).values({ itemId, userId, number: 5 + i, seed: 40 + i, questionVersionId: version!.id }).returning();
      await db.insert(submissions).values({ variantId: variant!.id, userId, itemId, questionVersionId: version!.id, attemptNumber: 1, answer: reference, status: "graded", score: 0.5, idempotencyKey: `regrade-${i}`, submittedAt: new Date() });
    }
    const before = await batchJobs();
    const start = await startRegrade(db, f.courseId, "xi-batchnorm-codigo", f.ta, { fromVersion: version!.version, toVersion: null, moveSubmissions: false });
    if (!start.ok) throw new Error(start.message);
    expect(await runRegrade(db, start.run.id)).toMatchObject({ status: "done", processed: 2, changed: 2 });
    expect(await batchJobs()).toBe(before + 2);
    expect((await db.select().from(submissions).where(eq(submissions.itemId, itemId))).map((s) => s.score)).toEqual([1, 1]);
  });

  it("no grader answering: QuickJobTimeoutError after the timeout (the route answers 503 with Retry-After)", async () => {
    await boss.offWork(QUICK_QUEUE);
    await expect(runQuickJob(boss, { kind: "public-test", question, owner: f.student, source: reference }, 600)).rejects.toBeInstanceOf(QuickJobTimeoutError);
  });
});
