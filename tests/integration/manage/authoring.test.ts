import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { parse as parseYaml } from "yaml";
import { syncBank } from "@/lib/questions/bank-sync";
import { gradeAudit, questions, questionVersions, submissions } from "@/db/schema";
import { makeVariant, referenceAnswer } from "@/grader/grade";
import { exportQuestion, listCourseQuestions, questionDetail, saveCourseQuestion } from "@/lib/authoring/store";
import { regradeRun, runRegrade, startRegrade } from "@/lib/assessments/regrade";
import { loadItemContext } from "@/lib/assessments/context";
import { contentHash, type LoadedQuestion } from "@/question-bank/load";
import { parseQuestionFields } from "@/question-bank/schema";
import { buggyQuestionAnswered, makeManageFixture, numericDraft, type ManageFixture } from "./fixture";

let f: ManageFixture;
beforeAll(async () => {
  f = await makeManageFixture();
});
afterAll(() => f.database.close());

describe("web-authored questions", () => {
  it("belong to the course, get versions like synced ones, and are refused with the field on bad input", async () => {
    const { db } = f.database;
    const created = await saveCourseQuestion(db, f.courseA, null, numericDraft("web-saida-a"));
    expect(created).toMatchObject({ kind: "saved", version: 1, created: true });
    const [row] = await db.select().from(questions).where(eq(questions.id, "web-saida-a"));
    expect(row!.courseId).toBe(f.courseA);

    const same = await saveCourseQuestion(db, f.courseA, "web-saida-a", numericDraft("web-saida-a"));
    expect(same).toMatchObject({ kind: "saved", version: 1, unchanged: true });
    const edited = await saveCourseQuestion(db, f.courseA, "web-saida-a", { ...numericDraft("web-saida-a"), prompt: "Novo enunciado {{n}} {{f}}" });
    expect(edited).toMatchObject({ kind: "saved", version: 2, unchanged: false, latest: 2 });

    const bad = await saveCourseQuestion(db, f.courseA, "web-saida-a", numericDraft("web-saida-a", "n - g + 1"));
    expect(bad).toMatchObject({ kind: "invalid", issues: [{ field: "answer" }] });
    const versions = await db.select().from(questionVersions).where(eq(questionVersions.questionId, "web-saida-a"));
    expect(versions).toHaveLength(2);
  });

  it("an id already used (bank or another course) is a conflict; another course cannot edit or see it", async () => {
    const { db } = f.database;
    expect(await saveCourseQuestion(db, f.courseB, null, numericDraft("web-saida-a"))).toMatchObject({ kind: "conflict" });
    expect(await saveCourseQuestion(db, f.courseA, null, numericDraft("lista-i-d-lenet5-parametros"))).toMatchObject({ kind: "conflict" });
    expect(await saveCourseQuestion(db, f.courseB, "web-saida-a", numericDraft("web-saida-a"))).toEqual({ kind: "not-found" });
    expect(await saveCourseQuestion(db, f.courseA, "lista-i-d-lenet5-parametros", numericDraft("lista-i-d-lenet5-parametros"))).toEqual({ kind: "not-found" });
    expect(await questionDetail(db, f.courseB, "web-saida-a")).toBeNull();
    expect(await exportQuestion(db, f.courseB, "web-saida-a")).toBeNull();
    const listB = await listCourseQuestions(db, f.courseB);
    expect(listB.map((q) => q.id)).not.toContain("web-saida-a");
    const listA = await listCourseQuestions(db, f.courseA);
    expect(listA[0]).toMatchObject({ id: "web-saida-a", own: true, latestVersion: 2 });
  });

  it("exports to the file form; syncing those files is the same version, not a new one", async () => {
    const { db } = f.database;
    const form = await exportQuestion(db, f.courseA, "web-saida-a");
    expect(form!.folder).toBe("question-bank/004-slides-cnn-en/web-saida-a");
    const raw = parseYaml(form!.files["question.yaml"]) as Record<string, unknown>;
    const parsed = parseQuestionFields(raw);
    expect(parsed.ok).toBe(true);
    const loaded = {
      ...(parsed.ok ? parsed.data : {}),
      prompt: form!.files["prompt.md"],
      solution: form!.files["solution.md"],
      contentHash: contentHash(raw, form!.files["prompt.md"], form!.files["solution.md"]),
      folder: "004-slides-cnn-en/web-saida-a",
    } as LoadedQuestion;
    const report = await syncBank(db, [loaded]);
    expect(report).toEqual({ created: [], newVersions: [], unchanged: 1 });
    expect((await exportQuestion(db, f.courseA, "web-saida-a", 1))!.version).toBe(1);
  });
});

describe("regrade after fixing a question", () => {
  it("regrades every submission of the version with its own seed, audits changes, keeps or moves the version", async () => {
    const { db } = f.database;
    // v1 forgets the +1; the students' right answers are graded 0, then the fix is a new version
    const { itemId, answers } = await buggyQuestionAnswered(f, "web-bug");

    const start = await startRegrade(db, f.courseA, "web-bug", f.instructorA, { fromVersion: 1, toVersion: null, moveSubmissions: false });
    if (!start.ok) throw new Error(start.message);
    expect(start.run).toMatchObject({ total: 2, processed: 0, status: "running" });
    const done = await runRegrade(db, start.run.id);
    expect(done).toMatchObject({ status: "done", total: 2, processed: 2, changed: 2, unreadable: 0 });
    const stored = await db.select().from(submissions).where(eq(submissions.itemId, itemId));
    expect(stored.map((s) => s.score)).toEqual([1, 1]);
    const [v1] = await db.select().from(questionVersions).where(and(eq(questionVersions.questionId, "web-bug"), eq(questionVersions.version, 1)));
    expect(stored.every((s) => s.questionVersionId === v1!.id)).toBe(true);
    const audit = await db.select().from(gradeAudit).where(eq(gradeAudit.submissionId, stored[0]!.id));
    expect(audit).toMatchObject([{ oldScore: 0, newScore: 1, actorId: f.instructorA }]);
    expect(audit[0]!.reason).toContain("v1 → v2");

    // running it again changes nothing; moving then points submissions at v2, audited
    const again = await startRegrade(db, f.courseA, "web-bug", f.instructorA, { fromVersion: 1, toVersion: 2, moveSubmissions: true });
    if (!again.ok) throw new Error(again.message);
    const moved = await runRegrade(db, again.run.id);
    expect(moved).toMatchObject({ status: "done", processed: 2, changed: 0 });
    const after = await db.select().from(submissions).where(eq(submissions.itemId, itemId));
    expect(after.every((s) => s.questionVersionId !== v1!.id)).toBe(true);
    const audits = await db.select().from(gradeAudit).where(eq(gradeAudit.submissionId, after[0]!.id));
    expect(audits).toHaveLength(2);
    expect(audits[1]!.reason).toContain("movidas");
    // the students' next attempt uses the moved variant's version, with the same seed
    const context = await loadItemContext(db, f.courseA, itemId, f.student);
    expect(await referenceAnswer(context!.question, makeVariant(context!.question, context!.variant.seed))).toBe(answers[f.student]);
    expect(await regradeRun(db, f.courseB, again.run.id)).toBeNull();
  });

  it("refuses open questions, unknown versions and other courses' questions", async () => {
    const { db } = f.database;
    expect(await startRegrade(db, f.courseA, "lista-ii-stride", f.instructorA, { fromVersion: 1, toVersion: null, moveSubmissions: false })).toMatchObject({ ok: false, status: 400 });
    expect(await startRegrade(db, f.courseA, "web-bug", f.instructorA, { fromVersion: 9, toVersion: null, moveSubmissions: false })).toMatchObject({ ok: false, status: 404 });
    expect(await startRegrade(db, f.courseB, "web-bug", f.instructorB, { fromVersion: 1, toVersion: null, moveSubmissions: false })).toMatchObject({ ok: false, status: 404 });
  });
});
