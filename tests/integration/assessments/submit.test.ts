import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { submissions, variants } from "@/db/schema";
import { makeVariant, referenceAnswer } from "@/grader/grade";
import { gradingFailed, takeSubmission } from "@/grader/jobs/result";
import { attemptsUsed, loadItemContext } from "@/lib/assessments/context";
import { startAssessment, requestNewVariant } from "@/lib/assessments/student-actions";
import { submitAnswer } from "@/lib/assessments/submit";
import { currentVariant } from "@/lib/assessments/variants";
import { DAY, makeAssessment, makeFixture, now, publish, type Fixture, NUMERIC, OPEN } from "./fixture";

let f: Fixture;
beforeAll(async () => {
  f = await makeFixture();
});
afterAll(() => f.database.close());

let keyCounter = 0;
const key = () => `test-key-${++keyCounter}`;

async function rightAnswer(itemId: string, userId: string): Promise<string> {
  const context = await loadItemContext(f.database.db, f.courseId, itemId, userId);
  return referenceAnswer(context!.question, makeVariant(context!.question, context!.variant.seed));
}

const submit = (itemId: string, answer: string, userId = f.student, at = now, idempotencyKey = key()) =>
  submitAnswer(f.database.db, { userId, courseId: f.courseId }, { itemId, answer, idempotencyKey }, at);

describe("submitting answers", () => {
  it("grades instantly, applies the attempt penalty and counts attempts", async () => {
    const { itemIds: [item] } = await makeAssessment(f, {}, [[NUMERIC]]);
    const wrong = await submit(item!, "1");
    expect(wrong).toMatchObject({ kind: "accepted", submission: { status: "graded", score: 0, attemptNumber: 1 } });
    const right = await submit(item!, await rightAnswer(item!, f.student));
    expect(right).toMatchObject({ kind: "accepted", submission: { status: "graded", score: 0.5, penaltyFactor: 0.5, attemptNumber: 2 } });
  });

  it("an unreadable answer is refused with the grader's message and is not an attempt", async () => {
    const { itemIds: [item] } = await makeAssessment(f, {}, [[NUMERIC]]);
    const outcome = await submit(item!, "doze");
    expect(outcome).toMatchObject({ kind: "refused", reason: "invalid-answer" });
    expect((outcome as { message: string }).message.length).toBeGreaterThan(5);
    const stored = await f.database.db.select().from(submissions).where(eq(submissions.itemId, item!));
    expect(stored).toHaveLength(0);
  });

  it("the same idempotency key grades once, even when sent twice at the same time", async () => {
    const { itemIds: [item] } = await makeAssessment(f, {}, [[NUMERIC]]);
    const k = key();
    const answer = await rightAnswer(item!, f.student);
    const [a, b] = await Promise.all([submit(item!, answer, f.student, now, k), submit(item!, answer, f.student, now, k)]);
    const again = await submit(item!, "1", f.student, now, k);
    const ids = [a, b, again].map((o) => (o.kind === "accepted" ? o.submission.id : null));
    expect(new Set(ids).size).toBe(1);
    expect(again).toMatchObject({ kind: "accepted", duplicate: true, submission: { score: 1 } });
    const stored = await f.database.db.select().from(submissions).where(eq(submissions.itemId, item!));
    expect(stored).toHaveLength(1);
  });

  it("refuses once the attempts are used up", async () => {
    const { itemIds: [item] } = await makeAssessment(f, { attemptsAllowed: 2 }, [[NUMERIC]]);
    await submit(item!, "1");
    await submit(item!, "2");
    expect(await submit(item!, "3")).toEqual({ kind: "refused", reason: "no-attempts-left" });
  });

  it("refuses before opening, after closing, and on unpublished assessments", async () => {
    const { assessmentId, itemIds: [item] } = await makeAssessment(f, {}, [[NUMERIC]]);
    expect(await submit(item!, "1", f.student, new Date(now.getTime() - 2 * DAY))).toEqual({ kind: "refused", reason: "not-open" });
    expect(await submit(item!, "1", f.student, new Date(now.getTime() + 2 * DAY))).toEqual({ kind: "refused", reason: "closed" });
    await publish(f, assessmentId, false);
    expect(await submit(item!, "1")).toEqual({ kind: "refused", reason: "not-found" });
  });

  it("only enrolled students of the course can submit", async () => {
    const { itemIds: [item] } = await makeAssessment(f, {}, [[NUMERIC]]);
    expect(await submit(item!, "1", f.ta)).toEqual({ kind: "refused", reason: "not-found" });
    expect(await submit(item!, "1", f.outsider)).toEqual({ kind: "refused", reason: "not-found" });
    const wrongCourse = await submitAnswer(f.database.db, { userId: f.student, courseId: "00000000-0000-0000-0000-000000000000" }, { itemId: item!, answer: "1", idempotencyKey: key() }, now);
    expect(wrongCourse).toEqual({ kind: "refused", reason: "not-found" });
  });

  it("a timed exam refuses answers before its start and after its time limit", async () => {
    const { assessmentId, itemIds: [item] } = await makeAssessment(f, { kind: "exam", timeLimitMinutes: 30 }, [[NUMERIC]]);
    expect(await submit(item!, "1")).toEqual({ kind: "refused", reason: "not-started" });
    expect(await startAssessment(f.database.db, f.courseId, assessmentId, f.student, now)).toBe("started");
    // Starting again keeps the first start time.
    await startAssessment(f.database.db, f.courseId, assessmentId, f.student, new Date(now.getTime() + 20 * 60_000));
    expect((await submit(item!, "1", f.student, new Date(now.getTime() + 29 * 60_000))).kind).toBe("accepted");
    expect(await submit(item!, "1", f.student, new Date(now.getTime() + 31 * 60_000))).toEqual({ kind: "refused", reason: "time-up" });
  });

  it("an open answer waits for manual grading", async () => {
    const { itemIds: [item] } = await makeAssessment(f, {}, [[OPEN]]);
    expect(await submit(item!, "O passo do filtro.")).toMatchObject({ kind: "accepted", submission: { status: "pending_manual", score: null } });
  });

  it("an answer that stops counting after a later one was stored does not make the next answer collide with it", async () => {
    const { itemIds: [item] } = await makeAssessment(f, { attemptsAllowed: 5 }, [["xi-batchnorm-codigo"]]);
    const first = await submit(item!, "def batchnorm_forward(x):\n    return x\n");
    const second = await submit(item!, "def batchnorm_forward(x):\n    return 2 * x\n");
    if (first.kind !== "accepted" || second.kind !== "accepted") throw new Error(JSON.stringify([first, second]));
    expect([first.submission.attemptNumber, second.submission.attemptNumber]).toEqual([1, 2]);
    // the first one's grading fails for good (the dead letter): it no longer counts, the second keeps number 2
    expect(await takeSubmission(f.database.db, first.submission.id, "worker", 60)).not.toBeNull();
    expect(await gradingFailed(f.database.db, first.submission.id, "worker", "platform broke", true)).toBe(true);
    expect(await attemptsUsed(f.database.db, item!, f.student)).toBe(1);
    expect(await submit(item!, "def batchnorm_forward(x):\n    return 3 * x\n")).toMatchObject({ kind: "accepted", submission: { status: "queued", attemptNumber: 3 } });
    expect(await attemptsUsed(f.database.db, item!, f.student)).toBe(2);
  });

  it("hides exam scores and feedback until they are released", async () => {
    const { itemIds: [item] } = await makeAssessment(f, { resultsReleasedAt: new Date(now.getTime() + 3 * DAY) }, [[NUMERIC]]);
    const outcome = await submit(item!, await rightAnswer(item!, f.student));
    expect(outcome).toMatchObject({ kind: "accepted", submission: { status: "graded", score: null, feedback: null, resultsHidden: true } });
  });
});

describe("variants", () => {
  it("are deterministic per student and differ between students", async () => {
    const { itemIds: [item] } = await makeAssessment(f, {}, [[NUMERIC]]);
    const a1 = await currentVariant(f.database.db, item!, f.student);
    const a2 = await currentVariant(f.database.db, item!, f.student);
    const b = await currentVariant(f.database.db, item!, f.otherStudent);
    expect(a2.id).toBe(a1.id);
    expect(b.seed).not.toBe(a1.seed);
  });

  it("a pool gives each student one of its questions", async () => {
    const pool = ["lista-i-d-lenet5-parametros", "lista-x-batchnorm-parametros", "lista-i-c-lenet5-campo-receptivo"];
    const { itemIds: [item] } = await makeAssessment(f, {}, [pool]);
    const context = await loadItemContext(f.database.db, f.courseId, item!, f.student);
    expect(pool).toContain(context!.question.id);
  });

  it("a new variant is given only after a failed attempt, where allowed, and attempts keep counting", async () => {
    const { itemIds: [item] } = await makeAssessment(f, { allowNewVariant: true }, [[NUMERIC]]);
    expect(await requestNewVariant(f.database.db, f.courseId, item!, f.student)).toBe("refused");
    await submit(item!, "1");
    expect(await requestNewVariant(f.database.db, f.courseId, item!, f.student)).toBe("created");
    const rows = await f.database.db.select().from(variants).where(and(eq(variants.itemId, item!), eq(variants.userId, f.student)));
    expect(rows.map((r) => r.number).sort()).toEqual([1, 2]);
    const second = await submit(item!, await rightAnswer(item!, f.student));
    expect(second).toMatchObject({ kind: "accepted", submission: { attemptNumber: 2, score: 0.5 } });
  });
});
