import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { variants } from "@/db/schema";
import { makeVariant, referenceAnswer } from "@/grader/grade";
import { loadItemContext } from "@/lib/assessments/context";
import { studentGrades } from "@/lib/assessments/grades";
import { finishAssessment, requestNewVariant, startAssessment } from "@/lib/assessments/student-actions";
import { assessmentOverview, itemView } from "@/lib/assessments/student-view";
import { submitAnswer } from "@/lib/assessments/submit";
import { DAY, makeAssessment, makeFixture, now, type Fixture, NUMERIC } from "./fixture";

let f: Fixture;
beforeAll(async () => {
  f = await makeFixture();
});
afterAll(() => f.database.close());

const MIN = 60_000;
let keys = 0;
const at = (ms: number) => new Date(now.getTime() + ms);
const submit = (itemId: string, answer: string, when: Date, extra: { autoSubmit?: boolean } = {}) =>
  submitAnswer(f.database.db, { userId: f.student, courseId: f.courseId }, { itemId, answer, idempotencyKey: `exam-key-${++keys}`, ...extra }, when);

async function rightAnswer(itemId: string, when: Date): Promise<string> {
  const context = (await loadItemContext(f.database.db, f.courseId, itemId, f.student, when))!;
  return referenceAnswer(context.question, makeVariant(context.question, context.variant.seed));
}

const exam = (overrides = {}) => makeAssessment(f, { kind: "exam", timeLimitMinutes: 30, allowNewVariant: true, ...overrides }, [[NUMERIC], [NUMERIC]]);

describe("a timed exam before its start", () => {
  it("gives nothing of its questions: no item ids, no view, no variant, no submission, no new variant", async () => {
    const { assessmentId, itemIds } = await exam();
    const overview = (await assessmentOverview(f.database.db, f.courseId, assessmentId, f.student, now))!;
    expect(overview.examState).toBe("not-started");
    expect(overview.items.map((i) => i.id)).toEqual([null, null]);
    expect(JSON.stringify(overview)).not.toContain(itemIds[0]!);
    expect(await itemView(f.database.db, f.courseId, itemIds[0]!, f.student, now)).toEqual({ ok: false, reason: "not-started" });
    expect(await submit(itemIds[0]!, "1", now)).toEqual({ kind: "refused", reason: "not-started" });
    expect(await requestNewVariant(f.database.db, f.courseId, itemIds[0]!, f.student, now)).toBe("refused");
    // not even a variant was drawn: the seed cannot be read off the database before the start either
    expect(await f.database.db.select().from(variants).where(eq(variants.itemId, itemIds[0]!))).toHaveLength(0);
  });

  it("the gradebook does not list its item ids either, until the start", async () => {
    const { assessmentId, itemIds } = await exam();
    const before = (await studentGrades(f.database.db, f.courseId, f.student, now)).find((r) => r.assessmentId === assessmentId)!;
    expect(before.items.map((i) => i.itemId)).toEqual([null, null]);
    await startAssessment(f.database.db, f.courseId, assessmentId, f.student, now);
    const after = (await studentGrades(f.database.db, f.courseId, f.student, now)).find((r) => r.assessmentId === assessmentId)!;
    expect(after.items.map((i) => i.itemId)).toEqual(itemIds);
  });

  it("a homework before it opens shows nothing either", async () => {
    const { itemIds } = await makeAssessment(f, { opensAt: at(DAY), closesAt: at(2 * DAY) }, [[NUMERIC]]);
    expect(await itemView(f.database.db, f.courseId, itemIds[0]!, f.student, now)).toEqual({ ok: false, reason: "not-open" });
  });
});

describe("a running exam", () => {
  it("reports the server's remaining time, and locks everything once finished", async () => {
    const { assessmentId, itemIds } = await exam();
    expect(await startAssessment(f.database.db, f.courseId, assessmentId, f.student, now)).toBe("started");
    const view = await itemView(f.database.db, f.courseId, itemIds[0]!, f.student, at(10 * MIN));
    expect(view).toMatchObject({ ok: true, view: { examState: "running", remainingMs: 20 * MIN, locked: false } });
    const overview = (await assessmentOverview(f.database.db, f.courseId, assessmentId, f.student, at(10 * MIN)))!;
    expect(overview.items.map((i) => i.id)).toEqual(itemIds);
    expect(overview.remainingMs).toBe(20 * MIN);

    expect(await finishAssessment(f.database.db, f.courseId, assessmentId, f.student, at(11 * MIN))).toBe("finished");
    expect(await submit(itemIds[0]!, await rightAnswer(itemIds[0]!, at(12 * MIN)), at(12 * MIN))).toEqual({ kind: "refused", reason: "finished" });
    const locked = await itemView(f.database.db, f.courseId, itemIds[0]!, f.student, at(12 * MIN));
    expect(locked).toMatchObject({ ok: true, view: { examState: "finished", remainingMs: null, locked: true, canRequestNewVariant: false } });
    // finishing again keeps the first instant; starting again does not reopen it
    await finishAssessment(f.database.db, f.courseId, assessmentId, f.student, at(13 * MIN));
    await startAssessment(f.database.db, f.courseId, assessmentId, f.student, at(14 * MIN));
    expect((await assessmentOverview(f.database.db, f.courseId, assessmentId, f.student, at(14 * MIN)))!.examState).toBe("finished");
  });

  it("cannot be finished before it started", async () => {
    const { assessmentId } = await exam();
    expect(await finishAssessment(f.database.db, f.courseId, assessmentId, f.student, now)).toBe("refused");
  });

  it("locks at the time limit; the countdown's automatic submission of a saved answer gets a few seconds of grace", async () => {
    const { assessmentId, itemIds } = await exam();
    await startAssessment(f.database.db, f.courseId, assessmentId, f.student, now);
    const answer = await rightAnswer(itemIds[0]!, at(MIN));
    const justAfter = at(30 * MIN + 5_000);
    expect(await submit(itemIds[0]!, answer, justAfter)).toEqual({ kind: "refused", reason: "time-up" });
    expect(await submit(itemIds[0]!, answer, justAfter, { autoSubmit: true })).toMatchObject({ kind: "accepted" });
    expect(await submit(itemIds[1]!, answer, at(30 * MIN + 11_000), { autoSubmit: true })).toEqual({ kind: "refused", reason: "time-up" });
    expect(await itemView(f.database.db, f.courseId, itemIds[1]!, f.student, justAfter)).toMatchObject({ ok: true, view: { locked: true } });
  });
});

describe("the same question under another assessment", () => {
  it("does not reveal the exam's variant", async () => {
    const { assessmentId, itemIds: [examItem] } = await makeAssessment(f, { kind: "exam", timeLimitMinutes: 30 }, [[NUMERIC]]);
    const { itemIds: [homeworkItem] } = await makeAssessment(f, {}, [[NUMERIC]]);
    const homework = await itemView(f.database.db, f.courseId, homeworkItem!, f.student, now);
    await startAssessment(f.database.db, f.courseId, assessmentId, f.student, now);
    const examView = await itemView(f.database.db, f.courseId, examItem!, f.student, now);
    if (!homework.ok || !examView.ok) throw new Error("both items should open");
    expect(homework.view.questionId).toBe(examView.view.questionId);
    expect(homework.view.seed).not.toBe(examView.view.seed);
    expect(homework.view.prompt).not.toBe(examView.view.prompt);
  });
});
