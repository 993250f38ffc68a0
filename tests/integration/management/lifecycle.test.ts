import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assessmentItemQuestions, assessmentItems, assessments, enrolments, extensions, submissions, users, variants } from "@/db/schema";
import { loadItemContext } from "@/lib/assessments/context";
import { courseAuditLog, runLifecycleAction } from "@/lib/assessments/lifecycle";
import { listAssessments } from "@/lib/assessments/list";
import { grantExtension } from "@/lib/assessments/manage/extensions";
import { setPublished } from "@/lib/assessments/manage/save";
import { assessmentOverview } from "@/lib/assessments/student-view";
import { studentGrades } from "@/lib/assessments/grades";
import { makeAssessment, makeFixture, now, NUMERIC, OPEN, type Fixture } from "@/tests/integration/assessments/fixture";
import { answered } from "./fixture";

let f: Fixture;
let instructor: string;
const copyTitle = (title: string) => `${title} (cópia)`;
const act = (assessmentId: string, action: "duplicate" | "archive" | "restore" | "delete") =>
  runLifecycleAction(f.database.db, { courseId: f.courseId, assessmentId, actorId: instructor, action, copyTitle, now });

beforeAll(async () => {
  f = await makeFixture();
  const [row] = await f.database.db.insert(users).values({ email: "prof@t.dev", name: "Prof" }).returning();
  instructor = row!.id;
  await f.database.db.insert(enrolments).values({ courseId: f.courseId, userId: instructor, role: "instructor" });
});
afterAll(() => f.database.close());

describe("duplicate", () => {
  it("makes a new draft with the same settings and items, and nothing of the students'", async () => {
    const source = await makeAssessment(f, { title: "Lista 3", attemptsAllowed: 5, penaltySchedule: [1, 0.7], latePolicy: "penalty", latePenaltyPerDay: 0.25 }, [[NUMERIC], [OPEN, NUMERIC]]);
    await f.database.db.update(assessmentItems).set({ points: 4 }).where(eq(assessmentItems.id, source.itemIds[1]!));
    await answered(f, source.itemIds[0]!, f.student, 1);
    await f.database.db.insert(extensions).values({ assessmentId: source.assessmentId, userId: f.student, extraMinutes: 10, grantedBy: instructor });

    const outcome = await act(source.assessmentId, "duplicate");
    expect(outcome.ok).toBe(true);
    const copyId = (outcome as { id: string }).id;
    const [copy] = await f.database.db.select().from(assessments).where(eq(assessments.id, copyId));
    expect(copy).toMatchObject({ title: "Lista 3 (cópia)", published: false, archivedAt: null, attemptsAllowed: 5, penaltySchedule: [1, 0.7], latePolicy: "penalty", latePenaltyPerDay: 0.25 });
    expect(copy!.slug).not.toBe((await f.database.db.select().from(assessments).where(eq(assessments.id, source.assessmentId)))[0]!.slug);
    const items = await f.database.db.select().from(assessmentItems).where(eq(assessmentItems.assessmentId, copyId)).orderBy(assessmentItems.position);
    expect(items.map((i) => [i.position, i.points])).toEqual([[1, 1], [2, 4]]);
    const pool = await f.database.db.select().from(assessmentItemQuestions).where(eq(assessmentItemQuestions.itemId, items[1]!.id));
    expect(pool.map((p) => p.questionId).sort()).toEqual([NUMERIC, OPEN].sort());
    const [{ n: copied } = { n: -1 }] = await f.database.db.select({ n: count() }).from(submissions).innerJoin(assessmentItems, eq(assessmentItems.id, submissions.itemId)).where(eq(assessmentItems.assessmentId, copyId));
    expect(copied).toBe(0);
    expect(await f.database.db.select().from(extensions).where(eq(extensions.assessmentId, copyId))).toEqual([]);
    // a second copy gets its own slug
    const again = await act(source.assessmentId, "duplicate");
    expect(again.ok).toBe(true);
    const log = await courseAuditLog(f.database.db, f.courseId);
    expect(log.filter((e) => e.action === "assessment.duplicate").map((e) => e.detail.from)).toEqual([source.assessmentId, source.assessmentId]);
    expect(log.every((e) => e.actorId === instructor)).toBe(true);
  });

  it("an assessment of another course is not found", async () => {
    expect(await runLifecycleAction(f.database.db, { courseId: f.courseId, assessmentId: "00000000-0000-4000-8000-000000000000", actorId: instructor, action: "duplicate", copyTitle })).toMatchObject({ ok: false, status: 404 });
    expect(await act("not-a-uuid", "delete")).toMatchObject({ ok: false, status: 404 });
  });
});

describe("archive and restore", () => {
  it("hides it from students, makes it read-only, leaves it out of their grades, and restores it", async () => {
    const a = await makeAssessment(f, { title: "Para arquivar" }, [[NUMERIC]]);
    await answered(f, a.itemIds[0]!, f.student, 1);
    expect(await act(a.assessmentId, "archive")).toEqual({ ok: true, id: a.assessmentId });
    expect(await act(a.assessmentId, "archive")).toMatchObject({ ok: false, status: 409, message: "management.errors.alreadyArchived" });

    const forStudents = await listAssessments(f.database.db, f.courseId, { publishedOnly: true });
    expect(forStudents.map((x) => x.id)).not.toContain(a.assessmentId);
    const forStaff = await listAssessments(f.database.db, f.courseId, { publishedOnly: false });
    expect(forStaff.find((x) => x.id === a.assessmentId)).toMatchObject({ archived: true });
    expect(await loadItemContext(f.database.db, f.courseId, a.itemIds[0]!, f.student, now)).toBeNull();
    expect(await assessmentOverview(f.database.db, f.courseId, a.assessmentId, f.student, now)).toBeNull();
    expect((await studentGrades(f.database.db, f.courseId, f.student, now)).map((g) => g.assessmentId)).not.toContain(a.assessmentId);
    // read-only: publishing and extensions are refused with a message
    expect(await setPublished(f.database.db, f.courseId, a.assessmentId, false)).toMatchObject({ ok: false, status: 409, message: "api.assessmentArchived" });
    expect(await grantExtension(f.database.db, f.courseId, a.assessmentId, instructor, { userId: f.student, closesAt: null, extraMinutes: 5, reason: "" })).toMatchObject({ ok: false, status: 409 });

    expect(await act(a.assessmentId, "restore")).toEqual({ ok: true, id: a.assessmentId });
    expect(await act(a.assessmentId, "restore")).toMatchObject({ ok: false, status: 409, message: "management.errors.notArchived" });
    expect(await loadItemContext(f.database.db, f.courseId, a.itemIds[0]!, f.student, now)).not.toBeNull();
    // the submission survived the round trip
    const [{ n } = { n: 0 }] = await f.database.db.select({ n: count() }).from(submissions).where(eq(submissions.itemId, a.itemIds[0]!));
    expect(n).toBe(1);
    const actions = (await courseAuditLog(f.database.db, f.courseId)).filter((e) => e.subjectId === a.assessmentId).map((e) => e.action);
    expect(actions).toEqual(["assessment.archive", "assessment.restore"]);
  });
});

describe("delete", () => {
  it("is refused once someone submitted (saying how many), and allowed without submissions", async () => {
    const used = await makeAssessment(f, { title: "Com respostas" }, [[NUMERIC]]);
    await answered(f, used.itemIds[0]!, f.student, 0.5);
    await answered(f, used.itemIds[0]!, f.otherStudent, 1);
    const refused = await act(used.assessmentId, "delete");
    expect(refused).toEqual({ ok: false, status: 409, message: "management.errors.hasSubmissions", values: { count: 2 } });
    expect(await f.database.db.select().from(assessments).where(eq(assessments.id, used.assessmentId))).toHaveLength(1);

    // variants drawn (a student opened it) but nothing submitted: deletable, the variants go with it
    const opened = await makeAssessment(f, { title: "Só aberta" }, [[NUMERIC]]);
    await loadItemContext(f.database.db, f.courseId, opened.itemIds[0]!, f.student, now);
    expect(await f.database.db.select().from(variants).where(eq(variants.itemId, opened.itemIds[0]!))).toHaveLength(1);
    expect(await act(opened.assessmentId, "delete")).toEqual({ ok: true, id: opened.assessmentId });
    expect(await f.database.db.select().from(assessments).where(eq(assessments.id, opened.assessmentId))).toEqual([]);
    expect(await f.database.db.select().from(variants).where(eq(variants.itemId, opened.itemIds[0]!))).toEqual([]);
    const [entry] = (await courseAuditLog(f.database.db, f.courseId)).filter((e) => e.action === "assessment.delete");
    expect(entry).toMatchObject({ subjectId: opened.assessmentId, actorId: instructor, detail: { title: "Só aberta" } });
    expect(await f.database.db.select().from(assessments).where(and(eq(assessments.courseId, f.courseId), eq(assessments.title, "Com respostas")))).toHaveLength(1);
  });
});
