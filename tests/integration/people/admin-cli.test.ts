import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import iconv from "iconv-lite";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { runAdminCli } from "@/db/admin-cli";
import { syncBank } from "@/lib/questions/bank-sync";
import { assessmentItemQuestions, assessmentItems, assessments, courses, enrolments, questions, users } from "@/db/schema";
import { assessmentInputSchema } from "@/lib/assessments/manage/input";
import { createAssessment, setPublished } from "@/lib/assessments/manage/save";
import { saveCourseQuestion } from "@/lib/authoring/store";
import { tokenHolder } from "@/lib/accounts/tokens";
import { loadBank } from "@/question-bank/load";
import { assessmentInput, numericDraft } from "@/tests/integration/manage/fixture";
import { openTestDatabase } from "@/tests/integration/test-database";

let database: Database;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "forja-admin-"));
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function admin(argv: string[], stdin = ""): Promise<{ code: number; out: string; err: string; json: Record<string, unknown> | null }> {
  let out = "";
  let err = "";
  const code = await runAdminCli(argv, { out: (t) => void (out += t), err: (t) => void (err += t) }, {
    openDb: async () => ({ db: database.db, close: async () => {} }),
    readStdin: async () => stdin,
  });
  let json: Record<string, unknown> | null = null;
  try {
    json = JSON.parse(out) as Record<string, unknown>;
  } catch {
    /* text output */
  }
  return { code, out, err, json };
}

const tokenOf = (url: unknown) => new URL(String(url)).searchParams.get("token")!;

describe("admin CLI: accounts", () => {
  it("user add with a password from stdin creates an administrator: {id, email}", async () => {
    const r = await admin(["user", "add", "--email", "Admin@UFV.br", "--name", "Ana Admin", "--admin", "--password-stdin", "--json"], "uma senha longa o bastante\n");
    expect(r.code).toBe(0);
    expect(Object.keys(r.json!).sort()).toEqual(["email", "id"]);
    expect(r.json!.email).toBe("admin@ufv.br");
    const [row] = await database.db.select().from(users).where(eq(users.email, "admin@ufv.br"));
    expect(row).toMatchObject({ isAdmin: true, id: r.json!.id });
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it("user add without a password answers an invitation link; user invite replaces it", async () => {
    const r = await admin(["user", "add", "--email", "prof@ufv.br", "--name", "Paula Prof", "--json"]);
    expect(r.code).toBe(0);
    expect(Object.keys(r.json!).sort()).toEqual(["email", "id", "inviteUrl"]);
    const first = tokenOf(r.json!.inviteUrl);
    expect(await tokenHolder(database.db, first)).toMatchObject({ email: "prof@ufv.br" });
    const again = await admin(["user", "invite", "--email", "prof@ufv.br", "--json"]);
    expect(again.code).toBe(0);
    expect(Object.keys(again.json!)).toEqual(["inviteUrl"]);
    expect(await tokenHolder(database.db, first)).toBeNull();
    expect(await tokenHolder(database.db, tokenOf(again.json!.inviteUrl))).toMatchObject({ email: "prof@ufv.br" });
  });

  it("refused input exits 1 with a message and no stack trace; bad usage exits 2", async () => {
    const taken = await admin(["user", "add", "--email", "prof@ufv.br", "--name", "X", "--json"]);
    expect(taken).toMatchObject({ code: 1, json: { error: expect.stringMatching(/already exists/) } });
    expect(taken.err).not.toMatch(/\n\s+at /);
    const weak = await admin(["user", "add", "--email", "fraca@ufv.br", "--name", "X", "--password-stdin"], "curta\n");
    expect(weak.code).toBe(1);
    expect(weak.err).toMatch(/too short/);
    expect((await admin(["user", "invite", "--email", "ninguem@ufv.br"])).code).toBe(1);
    expect((await admin(["user", "add", "--name", "Sem e-mail"])).code).toBe(2);
    expect((await admin(["course", "explode"])).code).toBe(2);
    expect((await admin(["user", "add", "--email", "a@b.c", "--name", "N", "--bogus"])).code).toBe(2);
    expect((await admin([])).code).toBe(2);
  });
});

describe("admin CLI: courses and rosters", () => {
  it("course add: {id, slug}; the instructor must have an account; a slug is unique", async () => {
    const r = await admin(["course", "add", "--slug", "inf721-2027-1", "--title", "INF721 Redes Neurais", "--instructor", "prof@ufv.br", "--term", "2027/1", "--time-zone", "America/Manaus", "--json"]);
    expect(r.code).toBe(0);
    expect(Object.keys(r.json!).sort()).toEqual(["id", "slug"]);
    const [course] = await database.db.select().from(courses).where(eq(courses.id, String(r.json!.id)));
    expect(course).toMatchObject({ slug: "inf721-2027-1", term: "2027/1", timeZone: "America/Manaus" });
    const [enrolment] = await database.db.select().from(enrolments).where(eq(enrolments.courseId, course!.id));
    expect(enrolment!.role).toBe("instructor");
    expect((await admin(["course", "add", "--slug", "inf721-2027-1", "--title", "T", "--instructor", "prof@ufv.br"])).code).toBe(1);
    expect((await admin(["course", "add", "--slug", "outro", "--title", "T", "--instructor", "ninguem@ufv.br"])).code).toBe(1);
    expect((await admin(["course", "add", "--slug", "Com Espaço", "--title", "T", "--instructor", "prof@ufv.br"])).code).toBe(1);
    expect((await admin(["course", "add", "--slug", "tz", "--title", "T", "--instructor", "prof@ufv.br", "--time-zone", "Mars/Olympus"])).code).toBe(1);
  });

  it("roster import: a Windows-1252 file with one bad line; the dry run writes nothing; re-importing changes nothing", async () => {
    const csv = "nome;e-mail;papel;matrícula\n\"João Conceição\";joao@ufv.br;aluno;1001\nMaria;maria-at-ufv;aluno;1002\n\"Pedro Ávila\";pedro@ufv.br;monitor;\nProf;prof@ufv.br;professora;\n";
    const file = path.join(dir, "turma.csv");
    fs.writeFileSync(file, iconv.encode(csv, "win1252"));
    const dry = await admin(["roster", "import", "--course", "inf721-2027-1", "--file", file, "--dry-run", "--json"]);
    expect(dry.json).toEqual({ added: 2, updated: 0, unchanged: 1, errors: [{ line: 3, message: 'e-mail inválido: "maria-at-ufv"' }] });
    expect(await database.db.select().from(users).where(eq(users.email, "joao@ufv.br"))).toHaveLength(0);

    const first = await admin(["roster", "import", "--course", "inf721-2027-1", "--file", file, "--json"]);
    expect(first.code).toBe(1);
    expect(first.json).toEqual({ added: 2, updated: 0, unchanged: 1, errors: [{ line: 3, message: 'e-mail inválido: "maria-at-ufv"' }] });
    // Without SMTP the new accounts' invitation links go to stderr, for the operator to pass on.
    expect(first.err).toMatch(/invite joao@ufv\.br http:\/\/.*\/account\/password\?token=/);
    const [joao] = await database.db.select().from(users).where(eq(users.email, "joao@ufv.br"));
    expect(joao!.name).toBe("João Conceição");
    const again = await admin(["roster", "import", "--course", "inf721-2027-1", "--file", file, "--json"]);
    expect(again.json).toMatchObject({ added: 0, updated: 0, unchanged: 3 });
    expect(again.err).toBe("");

    fs.writeFileSync(file, "name,email,role\nPedro Ávila,pedro@ufv.br,aluno\n");
    expect((await admin(["roster", "import", "--course", "inf721-2027-1", "--file", file, "--json"])).json).toEqual({ added: 0, updated: 1, unchanged: 0, errors: [] });
    expect((await admin(["roster", "import", "--course", "nao-existe", "--file", file, "--json"])).code).toBe(1);
    expect((await admin(["roster", "import", "--course", "inf721-2027-1", "--file", path.join(dir, "missing.csv")])).code).toBe(1);
  });

  it("course copy: own questions and assessments (dates shifted, unpublished), no people, no submissions", async () => {
    const db = database.db;
    await syncBank(db, loadBank().questions.filter((q) => q.id === "lista-ii-stride"));
    const [source] = await db.select().from(courses).where(eq(courses.slug, "inf721-2027-1"));
    await saveCourseQuestion(db, source!.id, null, numericDraft("propria"));
    const created = await createAssessment(db, source!.id, assessmentInputSchema.parse(assessmentInput([["propria"], ["lista-ii-stride"]], { opensAt: "2027-03-01T08:00", closesAt: "2027-03-08T23:59" })));
    if (!created.ok) throw new Error(created.message);
    await setPublished(db, source!.id, created.id, true);

    const r = await admin(["course", "copy", "--from", "inf721-2027-1", "--slug", "inf721-2028-1", "--title", "INF721 (2028/1)", "--shift-days", "364", "--json"]);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ slug: "inf721-2028-1", questions: 1, assessments: 1 });
    const copyId = String(r.json!.id);
    const [copied] = await db.select().from(assessments).where(eq(assessments.courseId, copyId));
    expect(copied).toMatchObject({ published: false, title: "Lista web" });
    const [original] = await db.select().from(assessments).where(eq(assessments.id, created.id));
    expect(copied!.opensAt.getTime() - original!.opensAt.getTime()).toBe(364 * 86_400_000);
    const pool = await db
      .select({ questionId: assessmentItemQuestions.questionId, position: assessmentItems.position })
      .from(assessmentItems)
      .innerJoin(assessmentItemQuestions, eq(assessmentItemQuestions.itemId, assessmentItems.id))
      .where(eq(assessmentItems.assessmentId, copied!.id))
      .orderBy(assessmentItems.position);
    expect(pool.map((p) => p.questionId)).toEqual(["inf721-2028-1--propria", "lista-ii-stride"]);
    expect(await db.select().from(questions).where(and(eq(questions.id, "inf721-2028-1--propria"), eq(questions.courseId, copyId)))).toHaveLength(1);
    expect(await db.select().from(enrolments).where(eq(enrolments.courseId, copyId))).toHaveLength(0);
    expect((await admin(["course", "copy", "--from", "inf721-2027-1", "--slug", "x", "--title", "X", "--shift-days", "dez"])).code).toBe(2);
    expect((await admin(["course", "copy", "--from", "inf721-2027-1", "--slug", "inf721-2028-1", "--title", "X"])).code).toBe(1);
  });
});
