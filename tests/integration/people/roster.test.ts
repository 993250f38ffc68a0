import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { courses, users } from "@/db/schema";
import { courseStudents, removedMark } from "@/lib/analytics/load";
import { withLocale } from "@/lib/i18n/request-locale";
import { setPasswordWithToken } from "@/lib/accounts/users";
import { joinWithCode, setSelfEnrolment } from "@/lib/courses/courses";
import { listMemberships } from "@/lib/courses/membership";
import { addPerson, changeRole, importRosterFile, listRoster, removePerson } from "@/lib/courses/roster";
import { openTestDatabase } from "@/tests/integration/test-database";

let database: Database;
let courseId = "";
beforeAll(async () => {
  database = await openTestDatabase();
  const [course] = await database.db.insert(courses).values({ slug: "turma", title: "Turma" }).returning();
  courseId = course!.id;
});
afterAll(() => database.close());

const file = "name,email,role,student_id\nAna Costa,ana@ufv.br,professora,\nBruno Alves,bruno@ufv.br,aluno,111\nCarla Dias,carla@ufv.br,aluno,112\n";

describe("roster import", () => {
  it("a dry run writes nothing; the import creates accounts with invitations; the same file again changes nothing", async () => {
    const dry = await importRosterFile(database.db, courseId, file, { dryRun: true });
    expect(dry).toMatchObject({ added: 3, updated: 0, unchanged: 0, invitations: [] });
    expect(dry.lines.map((l) => [l.line, l.action, l.newAccount])).toEqual([[2, "add", true], [3, "add", true], [4, "add", true]]);
    expect(await database.db.select().from(users)).toHaveLength(0);

    const first = await importRosterFile(database.db, courseId, file, { dryRun: false });
    expect(first).toMatchObject({ added: 3, updated: 0, unchanged: 0, errors: [] });
    expect(first.invitations.map((i) => i.email)).toEqual(["ana@ufv.br", "bruno@ufv.br", "carla@ufv.br"]);
    const again = await importRosterFile(database.db, courseId, file, { dryRun: false });
    expect(again).toMatchObject({ added: 0, updated: 0, unchanged: 3, invitations: [] });

    const roster = await listRoster(database.db, courseId);
    expect(roster.map((p) => [p.email, p.role, p.studentId, p.invitePending])).toEqual([
      ["bruno@ufv.br", "student", "111", true],
      ["carla@ufv.br", "student", "112", true],
      ["ana@ufv.br", "instructor", null, true],
    ]);
    // Accepting the invitation clears the mark.
    await setPasswordWithToken(database.db, first.invitations[1]!.token, "senha longa do bruno");
    expect((await listRoster(database.db, courseId, { search: "brun" }))[0]).toMatchObject({ invitePending: false });
    expect((await listRoster(database.db, courseId, { role: "instructor" })).map((p) => p.email)).toEqual(["ana@ufv.br"]);
    expect((await listRoster(database.db, courseId, { search: "112" })).map((p) => p.email)).toEqual(["carla@ufv.br"]);
  });

  it("a changed role or student id is an update; an existing account keeps its own name", async () => {
    const changed = "name,email,role,student_id\nOutro Nome,bruno@ufv.br,monitor,111\nCarla Dias,carla@ufv.br,aluno,999\n";
    expect(await importRosterFile(database.db, courseId, changed, { dryRun: false })).toMatchObject({ added: 0, updated: 2, unchanged: 0 });
    const roster = await listRoster(database.db, courseId);
    expect(roster.find((p) => p.email === "bruno@ufv.br")).toMatchObject({ name: "Bruno Alves", role: "ta" });
    expect(roster.find((p) => p.email === "carla@ufv.br")).toMatchObject({ studentId: "999" });
  });
});

describe("people of a course", () => {
  it("a removed student keeps their place in analytics, marked, and comes back with an import", async () => {
    const carla = (await listRoster(database.db, courseId)).find((p) => p.email === "carla@ufv.br")!;
    expect(await removePerson(database.db, courseId, carla.userId)).toEqual({ ok: true });
    expect((await listRoster(database.db, courseId)).map((p) => p.email)).not.toContain("carla@ufv.br");
    expect((await listRoster(database.db, courseId, { includeRemoved: true })).find((p) => p.email === "carla@ufv.br")).toMatchObject({ removed: true });
    expect(await listMemberships(database.db, carla.userId)).toEqual([]);
    expect((await courseStudents(database.db, courseId)).find((s) => s.email === "carla@ufv.br")!.name).toBe(`Carla Dias ${removedMark("pt-BR")}`);
    expect((await withLocale("en", () => courseStudents(database.db, courseId))).find((s) => s.email === "carla@ufv.br")!.name).toBe("Carla Dias (removed)");
    // Self-enrolment does not bring a removed person back; the instructor's import does.
    const { joinCode } = (await setSelfEnrolment(database.db, courseId, { enabled: true, domains: "" })) as { joinCode: string };
    expect(await joinWithCode(database.db, { id: carla.userId, email: carla.email }, joinCode)).toEqual({ ok: false, reason: "removed" });
    expect(await importRosterFile(database.db, courseId, file, { dryRun: false })).toMatchObject({ added: 1 });
    expect((await courseStudents(database.db, courseId)).find((s) => s.email === "carla@ufv.br")!.name).toBe("Carla Dias");
  });

  it("a course keeps at least one instructor", async () => {
    const ana = (await listRoster(database.db, courseId, { role: "instructor" }))[0]!;
    expect(await changeRole(database.db, courseId, ana.userId, "ta")).toEqual({ ok: false, reason: "last_instructor" });
    expect(await removePerson(database.db, courseId, ana.userId)).toEqual({ ok: false, reason: "last_instructor" });
    await addPerson(database.db, courseId, { name: "Diego", email: "diego@ufv.br", role: "instructor", studentId: null });
    expect(await changeRole(database.db, courseId, ana.userId, "ta")).toEqual({ ok: true });
  });

  it("self-enrolment joins as a student, with the domain limit", async () => {
    const { joinCode } = (await setSelfEnrolment(database.db, courseId, { enabled: true, domains: "@ufv.br, ufv.edu.br" })) as { joinCode: string };
    const [eva, fora] = await database.db.insert(users).values([{ email: "eva@ufv.edu.br", name: "Eva" }, { email: "fora@gmail.com", name: "Fora" }]).returning();
    expect(await joinWithCode(database.db, fora!, joinCode)).toEqual({ ok: false, reason: "domain" });
    expect(await joinWithCode(database.db, eva!, ` ${joinCode.toLowerCase()} `)).toEqual({ ok: true, courseId });
    expect((await listRoster(database.db, courseId, { search: "eva@" }))[0]).toMatchObject({ role: "student" });
    const renewed = (await setSelfEnrolment(database.db, courseId, { enabled: true, domains: "", newCode: true })) as { joinCode: string };
    expect(renewed.joinCode).not.toBe(joinCode);
    expect(await joinWithCode(database.db, fora!, joinCode)).toEqual({ ok: false, reason: "unknown_code" });
    expect(await setSelfEnrolment(database.db, courseId, { enabled: true, domains: "not a domain!" })).toMatchObject({ ok: false, field: "domains" });
  });
});
