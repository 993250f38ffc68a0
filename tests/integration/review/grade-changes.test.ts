import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, isNull } from "drizzle-orm";
import { gradeAudit, gradeNotices, manualGrades, submissions } from "@/db/schema";
import { makeVariant, referenceAnswer } from "@/grader/grade";
import { gradeAnswerGroup } from "@/lib/answer-groups/load";
import { loadItemContext } from "@/lib/assessments/context";
import { itemScores } from "@/lib/assessments/item-scores";
import { runRegrade, startRegrade } from "@/lib/assessments/regrade";
import { itemView } from "@/lib/assessments/student-view";
import { submitAnswer } from "@/lib/assessments/submit";
import { courseGradebook } from "@/lib/gradebook/export";
import { markNoticesRead, unreadNotices } from "@/lib/grade-changes/notices";
import { setScoreOverride } from "@/lib/grade-changes/override";
import { saveManualGrade } from "@/lib/manual-grading/save";
import { studentRecord } from "@/lib/staff-review/student-record";
import { DAY, makeAssessment, makeFixture, now, NUMERIC, OPEN, type Fixture } from "../assessments/fixture";

let f: Fixture;
beforeAll(async () => {
  f = await makeFixture();
});
afterAll(() => f.database.close());

let keys = 0;
const submit = (itemId: string, answer: string, userId = f.student) =>
  submitAnswer(f.database.db, { userId, courseId: f.courseId }, { itemId, answer, idempotencyKey: `gc-${++keys}` }, now);
const later = (minutes: number) => new Date(now.getTime() + minutes * 60_000);

describe("a score override", () => {
  it("replaces the item's score, is audited (who, when, old, new, reason), shown to the student with a notice, and in the gradebook", async () => {
    const { assessmentId, itemIds: [item] } = await makeAssessment(f, {}, [[NUMERIC]]);
    await submit(item!, "1"); // wrong: 0
    const outcome = await setScoreOverride(f.database.db, { courseId: f.courseId, actorId: f.ta }, { itemId: item!, studentId: f.student, points: 0.5, reason: "  Conta certa, unidade errada  " }, later(1));
    expect(outcome).toEqual({ ok: true, oldScore: 0, newScore: 0.5 });

    const [audit] = await f.database.db.select().from(gradeAudit).where(and(eq(gradeAudit.itemId, item!), eq(gradeAudit.userId, f.student)));
    expect(audit).toMatchObject({ submissionId: null, actorId: f.ta, oldScore: 0, newScore: 0.5, reason: "Conta certa, unidade errada", createdAt: later(1) });

    expect((await itemScores(f.database.db, f.student, [item!])).get(item!)).toMatchObject({ best: 0.5, override: { score: 0.5, reason: "Conta certa, unidade errada" } });
    const view = await itemView(f.database.db, f.courseId, item!, f.student, later(2));
    if (!view.ok) throw new Error("opens");
    expect(view.view.override).toEqual({ score: 0.5, reason: "Conta certa, unidade errada" });

    const notices = await unreadNotices(f.database.db, f.courseId, f.student, later(2));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ assessmentId, itemId: item, kind: "override", oldScore: 0, newScore: 0.5, reason: "Conta certa, unidade errada" });
    expect(Object.keys(notices[0]!).sort()).toEqual(["assessmentId", "assessmentTitle", "createdAt", "id", "itemId", "kind", "newScore", "oldScore", "points", "position", "reason"]);
    expect(await unreadNotices(f.database.db, f.courseId, f.otherStudent, later(2))).toEqual([]);

    const gradebook = (await courseGradebook(f.database.db, f.courseId, assessmentId))!;
    const row = gradebook.rows.find((r) => r.studentId === f.student)!;
    expect(row.cells[0]).toBe(0.5);

    const record = (await studentRecord(f.database.db, f.courseId, assessmentId, f.student))!;
    expect(record.items[0]).toMatchObject({ best: 0.5, override: { score: 0.5, reason: "Conta certa, unidade errada" } });
    expect(record.items[0]!.audit[0]).toMatchObject({ submissionId: null, oldScore: 0, newScore: 0.5 });

    // another student cannot mark it read; the student can, once
    expect(await markNoticesRead(f.database.db, f.otherStudent, [notices[0]!.id], later(3))).toBe(0);
    expect(await markNoticesRead(f.database.db, f.student, [notices[0]!.id], later(3))).toBe(1);
    expect(await unreadNotices(f.database.db, f.courseId, f.student, later(3))).toEqual([]);

    // removing it brings the computed score back, audited and told again
    const cleared = await setScoreOverride(f.database.db, { courseId: f.courseId, actorId: f.ta }, { itemId: item!, studentId: f.student, points: null, reason: "Revisto: vale a nota automática" }, later(4));
    expect(cleared).toEqual({ ok: true, oldScore: 0.5, newScore: 0 });
    expect((await unreadNotices(f.database.db, f.courseId, f.student, later(5)))[0]).toMatchObject({ oldScore: 0.5, newScore: 0 });
  });

  it("is refused without a reason, outside 0..points, for someone who is not a student of the course: nothing written", async () => {
    const { itemIds: [item] } = await makeAssessment(f, {}, [[NUMERIC]]);
    const set = (studentId: string, points: number | null, reason: string) => setScoreOverride(f.database.db, { courseId: f.courseId, actorId: f.ta }, { itemId: item!, studentId, points, reason });
    expect(await set(f.student, 1, " ")).toMatchObject({ ok: false, reason: "reasonRequired", message: "gradeChanges.errors.reasonRequired" });
    expect(await set(f.student, 3, "motivo bom")).toMatchObject({ ok: false, reason: "outOfRange" });
    expect(await set(f.student, null, "motivo bom")).toMatchObject({ ok: false, reason: "nothingToClear" });
    expect(await set(f.outsider, 1, "motivo bom")).toMatchObject({ ok: false, reason: "not-found" });
    expect(await set(f.ta, 1, "motivo bom")).toMatchObject({ ok: false, reason: "not-found" });
    expect(await f.database.db.select().from(gradeAudit).where(eq(gradeAudit.itemId, item!))).toEqual([]);
    expect(await f.database.db.select().from(gradeNotices).where(eq(gradeNotices.itemId, item!))).toEqual([]);
  });

  it("of an exam whose results are hidden is told only once they are released", async () => {
    const release = new Date(now.getTime() + 3 * DAY);
    const { itemIds: [item] } = await makeAssessment(f, { resultsReleasedAt: release }, [[NUMERIC]]);
    await submit(item!, "1", f.otherStudent);
    await setScoreOverride(f.database.db, { courseId: f.courseId, actorId: f.ta }, { itemId: item!, studentId: f.otherStudent, points: 1, reason: "Questão anulada" }, later(1));
    expect(await unreadNotices(f.database.db, f.courseId, f.otherStudent, later(2))).toEqual([]);
    const hidden = await itemView(f.database.db, f.courseId, item!, f.otherStudent, later(2));
    if (!hidden.ok) throw new Error("opens");
    expect(hidden.view.override).toBeNull();
    const after = new Date(release.getTime() + 1000);
    expect(await unreadNotices(f.database.db, f.courseId, f.otherStudent, after)).toMatchObject([{ kind: "override", newScore: 1, reason: "Questão anulada" }]);
    await markNoticesRead(f.database.db, f.otherStudent, (await unreadNotices(f.database.db, f.courseId, f.otherStudent, after)).map((n) => n.id), after);
  });
});

describe("manual grades", () => {
  it("the first grade is no notice; a revised one is; the student sees which rubric items were met", async () => {
    const { itemIds: [item] } = await makeAssessment(f, {}, [[OPEN]]);
    const outcome = await submit(item!, "O **stride** é o passo do filtro: $s = 2$ pula duas posições.");
    if (outcome.kind !== "accepted") throw new Error("accepted");
    const grade = (awarded: string[], at: Date) => saveManualGrade(f.database.db, { courseId: f.courseId, graderId: f.ta }, { submissionId: outcome.submission.id, awarded, comment: "ok", reason: "" }, at);
    const ofItem = async (at: Date) => (await unreadNotices(f.database.db, f.courseId, f.student, at)).filter((n) => n.itemId === item);
    await grade(["r1"], later(1));
    expect(await ofItem(later(2))).toEqual([]);
    await grade(["r1", "r2"], later(3));
    expect(await ofItem(later(4))).toMatchObject([{ kind: "manual", oldScore: 0.5, newScore: 0.75 }]);
    const view = await itemView(f.database.db, f.courseId, item!, f.student, later(4));
    if (!view.ok) throw new Error("opens");
    expect(view.view.history[0]!.rubricBreakdown).toEqual([
      { text: expect.stringContaining("passo"), points: 2, met: true },
      { text: expect.stringContaining("padrão"), points: 1, met: true },
      { text: expect.stringContaining("saída menor"), points: 1, met: false },
    ]);
    const ids = (await unreadNotices(f.database.db, f.courseId, f.student, later(4))).map((n) => n.id);
    await markNoticesRead(f.database.db, f.student, ids, later(4));
  });
});

describe("grading an answer group", () => {
  it("grades every kept answer with one rubric choice, each audited, and skips one graded meanwhile", async () => {
    const { itemIds: [item] } = await makeAssessment(f, {}, [[OPEN]]);
    const a = await submit(item!, "O stride é o passo do filtro sobre a entrada.");
    const b = await submit(item!, "stride e o passo do filtro sobre a entrada", f.otherStudent);
    if (a.kind !== "accepted" || b.kind !== "accepted") throw new Error("accepted");
    await saveManualGrade(f.database.db, { courseId: f.courseId, graderId: f.ta }, { submissionId: b.submission.id, awarded: [], comment: "", reason: "" });
    const outcome = await gradeAnswerGroup(f.database.db, { courseId: f.courseId, graderId: f.ta }, { submissionIds: [a.submission.id, b.submission.id], awarded: ["r1"], comment: "Falta o padrão e o efeito na saída." });
    expect(outcome).toEqual({ ok: true, graded: 1, skipped: 1, score: 0.5 });
    const [grade] = await f.database.db.select().from(manualGrades).where(eq(manualGrades.submissionId, a.submission.id));
    expect(grade).toMatchObject({ score: 0.5, comment: "Falta o padrão e o efeito na saída.", graderId: f.ta });
    const [kept] = await f.database.db.select().from(manualGrades).where(eq(manualGrades.submissionId, b.submission.id));
    expect(kept!.score).toBe(0);
    expect(await f.database.db.select().from(gradeAudit).where(eq(gradeAudit.submissionId, a.submission.id))).toHaveLength(1);
    expect(await gradeAnswerGroup(f.database.db, { courseId: f.courseId, graderId: f.ta }, { submissionIds: [a.submission.id], awarded: ["nope"], comment: "" })).toMatchObject({ ok: true, skipped: 1 });
  });
});

describe("a regrade", () => {
  it("that changes a score tells the student, with the item's old and new score", async () => {
    const { itemIds: [item] } = await makeAssessment(f, {}, [[NUMERIC]]);
    const context = (await loadItemContext(f.database.db, f.courseId, item!, f.student, now))!;
    const right = await referenceAnswer(context.question, makeVariant(context.question, context.variant.seed));
    const outcome = await submit(item!, right);
    if (outcome.kind !== "accepted") throw new Error("accepted");
    // a grader bug had stored 0 for a right answer: the regrade fixes it
    await f.database.db.update(submissions).set({ score: 0 }).where(eq(submissions.id, outcome.submission.id));
    const start = await startRegrade(f.database.db, f.courseId, NUMERIC, f.ta, { fromVersion: 1, toVersion: null, moveSubmissions: false });
    if (!start.ok) throw new Error(start.message);
    await runRegrade(f.database.db, start.run.id, { now: () => later(10) });
    const notices = await f.database.db.select().from(gradeNotices).where(and(eq(gradeNotices.itemId, item!), isNull(gradeNotices.readAt)));
    expect(notices).toMatchObject([{ userId: f.student, kind: "regrade", oldScore: 0, newScore: 1 }]);
  });
});
