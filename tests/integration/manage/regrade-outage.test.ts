import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { gradingJobs, submissions } from "@/db/schema";
import { runRegrade, startRegrade } from "@/lib/assessments/regrade";
import { buggyQuestionAnswered, makeManageFixture, type ManageFixture } from "./fixture";

let f: ManageFixture;
beforeAll(async () => {
  f = await makeManageFixture();
});
afterAll(() => f.database.close());

const restarted = () => Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" });

/**
 * The database, except that its first `transactions` transactions fail as in a PostgreSQL restart (57P01); with
 * `downFor`, the server stays away for that many statements after the first failed transaction (every update and
 * transaction fails meanwhile, as while it restarts).
 */
function restartingDb(db: Db, transactions: number, downFor = 0): Db {
  let left = transactions;
  let down = -1;
  return new Proxy(db, {
    get(target, property, receiver) {
      if (property === "transaction" && left > 0) {
        return async () => {
          left--;
          if (down < 0) down = downFor;
          throw restarted();
        };
      }
      if ((property === "update" || property === "transaction") && down > 0) {
        return () => {
          down--;
          throw restarted();
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** Two answers graded by a wrong formula, fixed in a new version; the run of its regrade. */
async function regradeOfFixedQuestion(questionId: string): Promise<{ itemId: string; runId: string }> {
  const { itemId } = await buggyQuestionAnswered(f, questionId);
  const start = await startRegrade(f.database.db, f.courseA, questionId, f.instructorA, { fromVersion: 1, toVersion: null, moveSubmissions: false });
  if (!start.ok) throw new Error(start.message);
  return { itemId, runId: start.run.id };
}

const jobsOfRun = (runId: string) => f.database.db.select().from(gradingJobs).where(eq(gradingJobs.regradeRunId, runId));

describe("a regrade while the database restarts", () => {
  it("waits the outage out and finishes, each submission regraded once, instead of ending as failed", async () => {
    const { db } = f.database;
    const { itemId, runId } = await regradeOfFixedQuestion("web-restart");
    const done = await runRegrade(restartingDb(db, 2), runId);
    expect(done).toMatchObject({ status: "done", processed: 2, changed: 2, error: null });
    const stored = await db.select().from(submissions).where(eq(submissions.itemId, itemId));
    expect(stored.map((s) => s.score)).toEqual([1, 1]);
  });

  it("leaves no grading job running once the run is over: the batch's jobs of a lost try end as failed, the redone ones done", async () => {
    const { db } = f.database;
    const { itemId, runId } = await regradeOfFixedQuestion("web-restart-jobs");
    // the server goes away as the batch commits, and stays away for the next statements (the batch's own clean-up too)
    const done = await runRegrade(restartingDb(db, 1, 4), runId);
    expect(done).toMatchObject({ status: "done", processed: 2, changed: 2 });
    const jobs = await jobsOfRun(runId);
    expect(jobs.filter((j) => j.status === "running")).toEqual([]);
    expect(jobs.filter((j) => j.status === "done")).toHaveLength(2);
    expect(jobs.filter((j) => j.status === "failed").every((j) => j.leaseOwner === null && j.finishedAt !== null)).toBe(true);
    // each submission points at its done job
    for (const s of await db.select().from(submissions).where(eq(submissions.itemId, itemId))) {
      expect(jobs.find((j) => j.id === s.currentJobId)?.status).toBe("done");
    }
  });
});
