import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { submissions } from "@/db/schema";
import { jobsOf } from "@/grader/jobs/record";
import { runGradingJob } from "@/grader/jobs/run-job";
import { makeFixture, queueSubmission, type Fixture } from "../assessments/fixture";
import { losingAnswerOf } from "../outage-db";

// The grading job's own statements when a restart ends the connection between their commit and their answer
// (runs on PGlite and PostgreSQL alike: only the answers are lost, the statements are real).
describe("a grading job whose statement's answer is lost in a database restart", () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await makeFixture();
  });
  afterAll(() => f.database.close());

  const rowOf = async (id: string) => (await f.database.db.select().from(submissions).where(eq(submissions.id, id)))[0]!;

  it("the result was stored: the retry recognises it, and the job counts as graded once", async () => {
    const id = await queueSubmission(f, (reference) => reference);
    // the statements with CTEs: the take (finding no job: it was queued without one), the job's opening, the result
    const { db, lost } = losingAnswerOf(f.database.db, "with", undefined, 3);
    expect(await runGradingJob(db, { submissionId: id }, "worker-a", 30)).toEqual({ kind: "graded", status: "graded", score: 1 });
    expect(lost.count).toBe(1);
    expect(await rowOf(id)).toMatchObject({ status: "graded", score: 1, jobAttempts: 1, leaseOwner: null });
    // its job was written by the same statement
    expect(await jobsOf(f.database.db, id)).toMatchObject([{ status: "done", result: { status: "graded", score: 1 } }]);
    // a second delivery afterwards is still a duplicate
    expect(await runGradingJob(f.database.db, { submissionId: id }, "worker-b", 30)).toEqual({ kind: "duplicate" });
  });

  it("the take was applied: the retry finds its own lease instead of taking the job twice or dropping it", async () => {
    const id = await queueSubmission(f, (reference) => String(Number(reference) + 7));
    // the take is the first statement with CTEs (the submission's lease and its job's)
    const { db, lost } = losingAnswerOf(f.database.db, "with", undefined, 1);
    expect(await runGradingJob(db, { submissionId: id }, "worker-a", 30)).toEqual({ kind: "graded", status: "graded", score: 0 });
    expect(lost.count).toBe(1);
    expect(await rowOf(id)).toMatchObject({ status: "graded", score: 0, jobAttempts: 1 });
  });
});
