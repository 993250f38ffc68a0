import Papa from "papaparse";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gradeAudit, manualGrades } from "@/db/schema";
import { studentGrades } from "@/lib/assessments/grades";
import { assessmentAnalytics } from "@/lib/analytics/service";
import { gradebookCsv } from "@/lib/gradebook/export";
import { filterQueue, gradingQueue, pendingItems } from "@/lib/manual-grading/worklist";
import { saveManualGrade } from "@/lib/manual-grading/save";
import { submissionForGrading } from "@/lib/manual-grading/submission";
import { now } from "../assessments/fixture";
import { makeReviewFixture, misconceptionAnswer, rightAnswer, submit, type ReviewFixture } from "./fixture";

let f: ReviewFixture;
let openSubmission: string;
let numericRight: string;

beforeAll(async () => {
  f = await makeReviewFixture();
  // s1: misconception, then right (2nd attempt, penalty 0.5); open answer
  await submit(f, f.numericItem, f.student, await misconceptionAnswer(f, f.numericItem, f.student, "sem-bias"));
  numericRight = await rightAnswer(f, f.numericItem, f.student);
  await submit(f, f.numericItem, f.student, numericRight, new Date(now.getTime() + 90_000));
  openSubmission = (await submit(f, f.openItem, f.student, "O stride é o passo do filtro; o padrão é 1.")).id;
  // s2: the same wrong value twice, written differently
  await submit(f, f.numericItem, f.otherStudent, "1 000");
  await submit(f, f.numericItem, f.otherStudent, "1000,0");
});
afterAll(() => f.database.close());

describe("analytics from real submissions", () => {
  it("counts submissions, groups wrong answers and counts misconceptions", async () => {
    const found = await assessmentAnalytics(f.database.db, f.courseId, f.assessmentId);
    const { analytics } = found!;
    expect(analytics).toMatchObject({ enrolled: 2, participants: 2, submissions: 5, pendingManual: 1 });
    const numeric = analytics.items[0]!;
    expect(numeric).toMatchObject({ type: "numeric", attempted: 2, submissions: 4, attemptsToFirstCorrect: { reached: 1, never: 1, median: 2 } });
    // the two students have different variants: wrong answers are grouped by their ratio to each one's correct value
    expect(numeric.wrongAnswers[0]).toMatchObject({ kind: "ratio", count: 2, students: 1, examples: ["1 000", "1000,0"] });
    expect(numeric.wrongAnswers[0]!.label).toMatch(/^[\d,]+ × a resposta certa$/);
    expect(numeric.misconceptions).toEqual([{ label: "sem-bias", name: expect.any(String), count: 1, students: 1 }]);
    expect(numeric.misconceptions[0]!.name).not.toMatch(/sem-bias/);
    // s1: 90 s between first and last submission; s2: both at the same instant
    expect(numeric.timeSpan).toEqual({ medianMs: 45_000, students: 2 });
    // open item: s1 waits for a grade (left out), s2 did not answer it: no score yet
    expect(analytics.items[1]).toMatchObject({ type: "open", pendingManual: 1, attempted: 1, facility: null });
  });

  it("an assessment of another course is not found", async () => {
    expect(await assessmentAnalytics(f.database.db, f.courseId, f.otherAssessmentId)).toBeNull();
    expect(await assessmentAnalytics(f.database.db, f.otherCourseId, f.assessmentId)).toBeNull();
  });
});

describe("manual grading", () => {
  it("the queue lists the open answer as pending, with the rubric and the answer key", async () => {
    const queue = await gradingQueue(f.database.db, f.courseId, f.openItem);
    expect(filterQueue(queue, "pending").map((e) => e.submissionId)).toEqual([openSubmission]);
    expect(filterQueue(queue, "graded")).toEqual([]);
    expect(await pendingItems(f.database.db, f.courseId)).toMatchObject([{ itemId: f.openItem, pending: 1 }]);
    const view = await submissionForGrading(f.database.db, f.courseId, f.openItem, openSubmission);
    expect(view!.rubric.map((r) => r.id)).toEqual(["r1", "r2", "r3"]);
    expect(view!.solution.length).toBeGreaterThan(20);
    expect(view!.answer).toContain("stride");
  });

  it("saving writes the manual grade and an audit row; a change of score writes another with old → new", async () => {
    const first = await saveManualGrade(f.database.db, { courseId: f.courseId, graderId: f.ta }, { submissionId: openSubmission, awarded: ["r1", "r2"], comment: " Faltou a relação com o tamanho da saída. ", reason: "" });
    expect(first).toEqual({ ok: true, score: 0.75, previous: null, audited: true });
    const [grade] = await f.database.db.select().from(manualGrades).where(eq(manualGrades.submissionId, openSubmission));
    expect(grade).toMatchObject({ score: 0.75, graderId: f.ta, comment: "Faltou a relação com o tamanho da saída.", rubric: [{ id: "r1", points: 2 }, { id: "r2", points: 1 }] });

    const sameScore = await saveManualGrade(f.database.db, { courseId: f.courseId, graderId: f.ta }, { submissionId: openSubmission, awarded: ["r2", "r1"], comment: "Outro comentário", reason: "" });
    expect(sameScore).toMatchObject({ ok: true, audited: false });
    const regrade = await saveManualGrade(f.database.db, { courseId: f.courseId, graderId: f.ta }, { submissionId: openSubmission, awarded: ["r1", "r2", "r3"], comment: "Completo.", reason: "revisão pedida" });
    expect(regrade).toEqual({ ok: true, score: 1, previous: 0.75, audited: true });
    const audit = await f.database.db.select().from(gradeAudit).where(eq(gradeAudit.submissionId, openSubmission)).orderBy(gradeAudit.id);
    expect(audit.map((a) => [a.oldScore, a.newScore, a.actorId, a.reason])).toEqual([
      [null, 0.75, f.ta, "Correção manual (rubrica)"],
      [0.75, 1, f.ta, "Correção manual revisada: revisão pedida"],
    ]);
    expect(filterQueue(await gradingQueue(f.database.db, f.courseId, f.openItem), "graded")).toHaveLength(1);
  });

  it("the student's grades page shows the manual score", async () => {
    const [row] = await studentGrades(f.database.db, f.courseId, f.student);
    const open = row!.items.find((i) => i.itemId === f.openItem)!;
    expect(open).toMatchObject({ best: 1, pending: false });
    // numeric: right on the 2nd attempt with penalty 0.5 → 0.5 × 1 point; open: 1 × 1 point
    expect(row!.earned).toBeCloseTo(1.5);
  });

  it("refuses unknown rubric items, automatically graded answers and submissions of another course", async () => {
    expect(await saveManualGrade(f.database.db, { courseId: f.courseId, graderId: f.ta }, { submissionId: openSubmission, awarded: ["r9"], comment: "", reason: "" })).toMatchObject({ ok: false, reason: "invalid" });
    const numeric = await submit(f, f.numericItem, f.otherStudent, "2");
    expect(await saveManualGrade(f.database.db, { courseId: f.courseId, graderId: f.ta }, { submissionId: numeric.id, awarded: [], comment: "", reason: "" })).toMatchObject({ ok: false, reason: "not-gradable" });
    expect(await saveManualGrade(f.database.db, { courseId: f.otherCourseId, graderId: f.foreignTa }, { submissionId: openSubmission, awarded: [], comment: "", reason: "" })).toMatchObject({ ok: false, reason: "not-found" });
    expect(await submissionForGrading(f.database.db, f.otherCourseId, f.openItem, openSubmission)).toBeNull();
  });
});

describe("gradebook export", () => {
  it("course CSV: BOM, header with every question, each student's best effective points and totals", async () => {
    const file = await gradebookCsv(f.database.db, f.courseId, { dialect: "comma" });
    expect(file!.fileName).toBe("notas-t.csv");
    expect(file!.csv.charCodeAt(0)).toBe(0xfeff);
    const [header, ...rows] = Papa.parse<string[]>(file!.csv.slice(1).trim()).data;
    expect(header).toEqual(["Aluno(a)", "E-mail", "Lista de teste — Q1 (1 pt)", "Lista de teste — Q2 (1 pt)", "Lista de teste — Total (2 pts)"]);
    expect(rows).toContainEqual(["s1", "s1@t.dev", "0.5", "1", "1.5"]);
    expect(rows).toContainEqual(["s2", "s2@t.dev", "0", "0", "0"]);
  });

  it("per-assessment CSV; an assessment of another course is null (404 in the route)", async () => {
    const file = await gradebookCsv(f.database.db, f.courseId, { assessmentId: f.assessmentId, dialect: "semicolon" });
    expect(file!.fileName).toBe("notas-t-lista-teste.csv");
    expect(file!.csv).toContain("s1;s1@t.dev;0,5;1;1,5");
    expect(await gradebookCsv(f.database.db, f.courseId, { assessmentId: f.otherAssessmentId, dialect: "comma" })).toBeNull();
  });
});
