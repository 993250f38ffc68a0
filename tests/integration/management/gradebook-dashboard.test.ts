import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extensions } from "@/db/schema";
import { studentGrades } from "@/lib/assessments/grades";
import { courseGradebook } from "@/lib/gradebook/export";
import { DAY, makeAssessment, makeFixture, now, NUMERIC, publish, type Fixture } from "@/tests/integration/assessments/fixture";
import { answered } from "./fixture";

let f: Fixture;
beforeAll(async () => {
  f = await makeFixture();
});
afterAll(() => f.database.close());

describe("the gradebook leaves unpublished drafts out of the totals", () => {
  it("a draft that already has answers is marked and not counted in the grand total", async () => {
    const published = await makeAssessment(f, { title: "Lista publicada" }, [[NUMERIC]]);
    // answered while it was published, then taken back to draft
    const draft = await makeAssessment(f, { title: "Rascunho", closesAt: new Date(now.getTime() + 2 * DAY) }, [[NUMERIC]]);
    await answered(f, published.itemIds[0]!, f.student, 1);
    await answered(f, draft.itemIds[0]!, f.student, 1);
    await publish(f, draft.assessmentId, false);

    const gradebook = (await courseGradebook(f.database.db, f.courseId))!;
    const total = gradebook.columns.findIndex((c) => c.kind === "total");
    const row = gradebook.rows.find((r) => r.studentId === f.student)!;
    expect(gradebook.columns[total]!.points).toBe(1);
    expect(row.cells[total]).toBe(1);
    const draftColumns = gradebook.columns.filter((c) => c.kind !== "total" && c.assessmentId === draft.assessmentId);
    expect(draftColumns.length).toBe(2);
    expect(gradebook.assessments.find((a) => a.id === draft.assessmentId)).toMatchObject({ published: false });
    expect(gradebook.assessments.find((a) => a.id === published.assessmentId)).toMatchObject({ published: true });
    // the draft's own cells still show what was scored, for the staff
    const draftTotal = gradebook.columns.findIndex((c) => c.kind === "assessment-total" && c.assessmentId === draft.assessmentId);
    expect(row.cells[draftTotal]).toBe(1);
  });
});

describe("the student's dashboard shows their own due date", () => {
  it("an extension moves the due date the student sees (and only theirs)", async () => {
    const a = await makeAssessment(f, { title: "Lista com prorrogação", closesAt: new Date(now.getTime() + 3 * DAY) }, [[NUMERIC]]);
    const extended = new Date(now.getTime() + 6 * DAY);
    await f.database.db.insert(extensions).values({ assessmentId: a.assessmentId, userId: f.student, closesAt: extended, grantedBy: f.ta });
    const mine = (await studentGrades(f.database.db, f.courseId, f.student, now)).find((r) => r.assessmentId === a.assessmentId)!;
    const other = (await studentGrades(f.database.db, f.courseId, f.otherStudent, now)).find((r) => r.assessmentId === a.assessmentId)!;
    expect(mine.dueAt).toEqual(extended);
    expect(mine.extended).toBe(true);
    expect(other.dueAt).toEqual(new Date(now.getTime() + 3 * DAY));
    expect(other.extended).toBe(false);
  });
});
