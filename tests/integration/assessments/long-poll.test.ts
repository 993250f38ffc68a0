import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { submissions } from "@/db/schema";
import { LONG_POLL_HOLD_MS, ownSubmissionChange } from "@/lib/assessments/own-submission";
import { makeFixture, queueSubmission, type Fixture } from "./fixture";

let f: Fixture;
beforeAll(async () => {
  f = await makeFixture();
});
afterAll(async () => {
  await f.database.close();
});

/** A clock the long poll sleeps on: each sleep is recorded and may change the world before it returns. */
function fakeSleep(onSleep: (slept: number[]) => Promise<void> | void = () => {}) {
  const slept: number[] = [];
  return { slept, sleep: async (ms: number) => { slept.push(ms); await onSleep(slept); } };
}

describe("long poll of a submission's status", () => {
  it("answers as soon as the status leaves the one the page saw, backing off between looks", async () => {
    const id = await queueSubmission(f, (r) => r);
    const clock = fakeSleep(async (slept) => {
      if (slept.length === 4) await f.database.db.update(submissions).set({ status: "graded", score: 1, gradedAt: new Date() }).where(eq(submissions.id, id));
    });
    const view = await ownSubmissionChange(f.database.db, f.courseId, id, f.student, "queued", { sleep: clock.sleep });
    expect(view?.status).toBe("graded");
    expect(clock.slept).toEqual([100, 200, 400, 800]);
  });

  it("gives the unchanged status back after the hold, and nothing of another student's submission", async () => {
    const id = await queueSubmission(f, (r) => r);
    const clock = fakeSleep();
    const view = await ownSubmissionChange(f.database.db, f.courseId, id, f.student, "queued", { sleep: clock.sleep });
    expect(view?.status).toBe("queued");
    expect(clock.slept.reduce((a, b) => a + b, 0)).toBe(LONG_POLL_HOLD_MS);
    expect(Math.max(...clock.slept)).toBe(1_000);
    expect(await ownSubmissionChange(f.database.db, f.courseId, id, f.otherStudent, "queued", { sleep: fakeSleep().sleep })).toBeNull();
  });
});
