import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { rateLimits, submissions } from "@/db/schema";
import { answerItem, type AnswerOutcome } from "@/lib/assessments/submit";
import { makeAssessment, makeFixture, now, NUMERIC, type Fixture } from "./fixture";

/**
 * The answer's one prepared statement (issue #17) reads the item, the submission stored under the key and takes the
 * per-student rate limit: it must still count new answers only, let exactly `limit` of simultaneous ones through,
 * and give a replayed key its first submission back (on PGlite and, in the PostgreSQL stage, on a pool of
 * connections each holding its own prepared statements).
 */
let f: Fixture;
beforeAll(async () => {
  f = await makeFixture();
});
afterAll(() => f.database.close());

let counter = 0;
const rateKey = () => `submit:test-${++counter}`;

function answer(itemId: string, idempotencyKey: string, rate: { key: string; rule: { limit: number; windowMs: number } }, at = now): Promise<AnswerOutcome> {
  return answerItem(f.database.db, { userId: f.student, courseId: f.courseId }, { itemId, answer: "1", idempotencyKey }, at, rate);
}

const hitsOf = async (key: string) => (await f.database.db.select().from(rateLimits).where(eq(rateLimits.key, key)))[0]?.hits.length ?? 0;

describe("an answer's rate limit, taken in the item's statement", () => {
  it("counts new answers only and says when to come back; a replayed key is answered past the limit", async () => {
    const { itemIds } = await makeAssessment(f, { attemptsAllowed: 10 }, [[NUMERIC], [NUMERIC]]);
    const rate = { key: rateKey(), rule: { limit: 2, windowMs: 60_000 } };
    const first = await answer(itemIds[0]!, "limit-a", rate);
    expect(first).toMatchObject({ kind: "accepted", duplicate: false });
    // a double click: the same submission, and not one more event
    expect(await answer(itemIds[0]!, "limit-a", rate, new Date(now.getTime() + 5_000))).toMatchObject({ kind: "accepted", duplicate: true });
    expect(await hitsOf(rate.key)).toBe(1);
    expect(await answer(itemIds[1]!, "limit-b", rate, new Date(now.getTime() + 10_000))).toMatchObject({ kind: "accepted", duplicate: false });
    expect(await answer(itemIds[0]!, "limit-c", rate, new Date(now.getTime() + 15_000))).toEqual({ kind: "rate-limited", retryAfterSeconds: 45 });
    // the first key again, after the limit was reached: its own submission, and no event counted
    const replay = await answer(itemIds[0]!, "limit-a", rate, new Date(now.getTime() + 20_000));
    expect(replay).toMatchObject({ kind: "accepted", duplicate: true });
    expect(replay.kind === "accepted" && first.kind === "accepted" && replay.submission.id === first.submission.id).toBe(true);
    expect(await hitsOf(rate.key)).toBe(2);
    // the window moves on
    expect(await answer(itemIds[0]!, "limit-d", rate, new Date(now.getTime() + 60_001))).toMatchObject({ kind: "accepted" });
  });

  it("a limit of 0 takes nothing and refuses nothing", async () => {
    const { itemIds } = await makeAssessment(f, { attemptsAllowed: 10 }, [[NUMERIC]]);
    const rate = { key: rateKey(), rule: { limit: 0, windowMs: 60_000 } };
    for (const k of ["off-a", "off-b", "off-c"]) expect(await answer(itemIds[0]!, k, rate)).toMatchObject({ kind: "accepted" });
    expect(await hitsOf(rate.key)).toBe(0);
  });

  it("lets exactly `limit` of many simultaneous new answers through", async () => {
    const { itemIds } = await makeAssessment(f, { attemptsAllowed: 20 }, [[NUMERIC], [NUMERIC], [NUMERIC], [NUMERIC], [NUMERIC], [NUMERIC]]);
    const rate = { key: rateKey(), rule: { limit: 4, windowMs: 60_000 } };
    const outcomes = await Promise.all(itemIds.flatMap((itemId, i) => [answer(itemId, `burst-${i}-a`, rate), answer(itemId, `burst-${i}-b`, rate)]));
    const limited = outcomes.filter((o) => o.kind === "rate-limited").length;
    // 12 answers, 4 taken: each taken one is stored, or lost the attempt-number race to its twin on the same item
    expect(limited).toBe(8);
    expect(await hitsOf(rate.key)).toBe(4);
    const stored = await f.database.db.select({ id: submissions.id, userId: submissions.userId }).from(submissions).where(eq(submissions.userId, f.student));
    const accepted = outcomes.flatMap((o) => (o.kind === "accepted" ? [o.submission.id] : []));
    expect(accepted.length).toBeGreaterThanOrEqual(2);
    expect(accepted.every((id) => stored.some((s) => s.id === id))).toBe(true);
    expect(outcomes.every((o) => o.kind === "accepted" || o.kind === "rate-limited" || (o.kind === "refused" && o.reason === "conflict"))).toBe(true);
  });

  it("the same key sent five times at once is stored once and every answer names it", async () => {
    const { itemIds } = await makeAssessment(f, {}, [[NUMERIC]]);
    const rate = { key: rateKey(), rule: { limit: 30, windowMs: 60_000 } };
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => answer(itemIds[0]!, "double-click", rate)));
    const ids = outcomes.map((o) => (o.kind === "accepted" ? o.submission.id : null));
    expect(ids.every((id) => id !== null)).toBe(true);
    expect(new Set(ids).size).toBe(1);
    expect(outcomes.filter((o) => o.kind === "accepted" && !o.duplicate)).toHaveLength(1);
    expect(await f.database.db.select().from(submissions).where(eq(submissions.itemId, itemIds[0]!))).toHaveLength(1);
  });

  it("an item that is not the student's is not found", async () => {
    const rate = { key: rateKey(), rule: { limit: 1, windowMs: 60_000 } };
    const outcome = await answerItem(f.database.db, { userId: f.outsider, courseId: f.courseId }, { itemId: "00000000-0000-4000-8000-000000000000", answer: "1", idempotencyKey: "nobody" }, now, rate);
    expect(outcome).toEqual({ kind: "refused", reason: "not-found" });
  });
});
