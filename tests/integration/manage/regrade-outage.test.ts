import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { submissions } from "@/db/schema";
import { runRegrade, startRegrade } from "@/lib/assessments/regrade";
import { buggyQuestionAnswered, makeManageFixture, type ManageFixture } from "./fixture";

let f: ManageFixture;
beforeAll(async () => {
  f = await makeManageFixture();
});
afterAll(() => f.database.close());

/** The database, except that its first `transactions` transactions fail as in a PostgreSQL restart (57P01). */
function restartingDb(db: Db, transactions: number): Db {
  let left = transactions;
  return new Proxy(db, {
    get(target, property, receiver) {
      if (property === "transaction" && left > 0) {
        return async () => {
          left--;
          throw Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" });
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

describe("a regrade while the database restarts", () => {
  it("waits the outage out and finishes, each submission regraded once, instead of ending as failed", async () => {
    const { db } = f.database;
    const { itemId } = await buggyQuestionAnswered(f, "web-restart");
    const start = await startRegrade(db, f.courseA, "web-restart", f.instructorA, { fromVersion: 1, toVersion: null, moveSubmissions: false });
    if (!start.ok) throw new Error(start.message);

    const done = await runRegrade(restartingDb(db, 2), start.run.id);
    expect(done).toMatchObject({ status: "done", processed: 2, changed: 2, error: null });
    const stored = await db.select().from(submissions).where(eq(submissions.itemId, itemId));
    expect(stored.map((s) => s.score)).toEqual([1, 1]);
  });
});
