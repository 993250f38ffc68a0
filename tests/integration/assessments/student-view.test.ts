import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { submissions, variants } from "@/db/schema";
import { loadItemContext } from "@/lib/assessments/context";
import { requestNewVariant } from "@/lib/assessments/student-actions";
import { itemView } from "@/lib/assessments/student-view";
import { submitAnswer } from "@/lib/assessments/submit";
import { DAY, makeAssessment, makeFixture, now, type Fixture, NUMERIC, OPEN } from "./fixture";

let f: Fixture;
beforeAll(async () => {
  f = await makeFixture();
});
afterAll(() => f.database.close());

let keys = 0;
const submit = (itemId: string, answer: string, idempotencyKey = `view-key-${++keys}`) =>
  submitAnswer(f.database.db, { userId: f.student, courseId: f.courseId }, { itemId, answer, idempotencyKey }, now);

describe("idempotency keys", () => {
  it("are scoped to (student, item): an exam's key reused on a homework item never returns the exam's hidden result", async () => {
    const { itemIds: [examItem] } = await makeAssessment(f, { kind: "exam", resultsReleasedAt: new Date(now.getTime() + 3 * DAY) }, [[NUMERIC]]);
    const { itemIds: [homeworkItem] } = await makeAssessment(f, {}, [[NUMERIC]]);
    const first = await submit(examItem!, "1", "shared-key-123");
    expect(first).toMatchObject({ kind: "accepted", submission: { resultsHidden: true, score: null } });
    const second = await submit(homeworkItem!, "2", "shared-key-123");
    expect(second).toMatchObject({ kind: "accepted", duplicate: false, submission: { resultsHidden: false, attemptNumber: 1 } });
    if (first.kind !== "accepted" || second.kind !== "accepted") throw new Error("both accepted");
    expect(second.submission.id).not.toBe(first.submission.id);
    const stored = await f.database.db.select().from(submissions).where(eq(submissions.idempotencyKey, "shared-key-123"));
    expect(stored.map((s) => s.itemId).sort()).toEqual([examItem, homeworkItem].sort());
  });
});

describe("what a student sees", () => {
  it("a submission has exactly these fields, and an open answer's rubric is not among them", async () => {
    const { itemIds: [item] } = await makeAssessment(f, {}, [[OPEN]]);
    const outcome = await submit(item!, "O passo do filtro.");
    if (outcome.kind !== "accepted") throw new Error("accepted");
    expect(Object.keys(outcome.submission).sort()).toEqual(["attemptNumber", "feedback", "id", "penaltyFactor", "resultsHidden", "score", "status"]);
    expect(Object.keys(outcome.submission.feedback!)).toEqual(["feedback"]);
    const [stored] = await f.database.db.select().from(submissions).where(eq(submissions.id, outcome.submission.id));
    const rubric = (stored!.feedback as { rubric: { text: string }[] }).rubric; // kept for the TA, on the server
    expect(rubric.length).toBeGreaterThan(0);
    for (const line of rubric) expect(JSON.stringify(outcome)).not.toContain(line.text);
  });

  it("the question page's view has exactly these fields; its history carries no rubric, reference or internal detail", async () => {
    const { itemIds: [item] } = await makeAssessment(f, {}, [[OPEN]]);
    await submit(item!, "O passo do filtro.");
    const result = await itemView(f.database.db, f.courseId, item!, f.student, now);
    if (!result.ok) throw new Error("opens");
    expect(Object.keys(result.view).sort()).toEqual([
      "attemptsAllowed", "attemptsUsed", "canRequestNewVariant", "examState", "figure", "history", "itemId", "locked", "override", "points", "position",
      "prompt", "publicView", "questionId", "remainingMs", "seed", "solution", "title", "type",
    ]);
    expect(Object.keys(result.view.history[0]!).sort()).toEqual([
      "answer", "attemptNumber", "feedback", "id", "manualComment", "penaltyFactor", "resultsHidden", "rubricBreakdown", "score", "status", "submittedAt",
    ]);
    expect(Object.keys(result.view.history[0]!.feedback!)).toEqual(["feedback"]);
    expect(JSON.stringify(result.view.history)).not.toMatch(/"rubric"|"detail"|"misconception"/);
  });

  it("a platform error's internal detail is not shown", async () => {
    const { itemIds: [item] } = await makeAssessment(f, {}, [[NUMERIC]]);
    const context = (await loadItemContext(f.database.db, f.courseId, item!, f.student, now))!;
    await f.database.db.insert(submissions).values({
      variantId: context.variant.id, userId: f.student, itemId: item!, questionVersionId: context.variant.questionVersionId,
      attemptNumber: 1, answer: "1", status: "error", idempotencyKey: "error-row-1",
      feedback: { feedback: "A correção falhou.", detail: "sandbox: /tmp/secret-path exploded", reason: "internal" },
    });
    const result = await itemView(f.database.db, f.courseId, item!, f.student, now);
    if (!result.ok) throw new Error("opens");
    expect(result.view.history[0]!.feedback).toEqual({ feedback: "A correção falhou." });
  });
});

describe("a grading that failed for a platform reason", () => {
  it("is not an attempt: the student answers again, and the next answer takes its number", async () => {
    const { itemIds: [item] } = await makeAssessment(f, { attemptsAllowed: 1 }, [[NUMERIC]]);
    const context = (await loadItemContext(f.database.db, f.courseId, item!, f.student, now))!;
    await f.database.db.insert(submissions).values({
      variantId: context.variant.id, userId: f.student, itemId: item!, questionVersionId: context.variant.questionVersionId,
      attemptNumber: 1, answer: "1", status: "error", idempotencyKey: "error-row-2", feedback: { feedback: "falhou" },
    });
    const again = await submit(item!, "2");
    expect(again).toMatchObject({ kind: "accepted", submission: { attemptNumber: 1, status: "graded" } });
    expect(await submit(item!, "3")).toEqual({ kind: "refused", reason: "no-attempts-left" });
  });
});

describe("new variants", () => {
  it("cannot be fished for: each needs a graded wrong attempt on the current variant", async () => {
    const { itemIds: [item] } = await makeAssessment(f, { allowNewVariant: true, attemptsAllowed: 5 }, [[NUMERIC]]);
    await submit(item!, "1");
    const clicks = await Promise.all([1, 2, 3].map(() => requestNewVariant(f.database.db, f.courseId, item!, f.student, now)));
    expect(clicks.filter((c) => c === "created")).toHaveLength(1);
    expect(await requestNewVariant(f.database.db, f.courseId, item!, f.student, now)).toBe("refused");
    const drawn = await f.database.db.select().from(variants).where(and(eq(variants.itemId, item!), eq(variants.userId, f.student)));
    expect(drawn.map((v) => v.number).sort()).toEqual([1, 2]);
    const rows = await f.database.db.select().from(submissions).where(and(eq(submissions.itemId, item!), eq(submissions.userId, f.student)));
    expect(rows).toHaveLength(1);
  });
});
