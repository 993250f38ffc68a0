import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database, Db } from "@/db/client";
import { courses, enrolments, users } from "@/db/schema";
import { openTestDatabase } from "@/tests/integration/test-database";

// Route handlers run for real; only the session (next-auth) and the process-wide database are the test's.
const state = vi.hoisted(() => ({ userId: null as string | null, db: null as unknown }));
vi.mock("server-only", () => ({}));
vi.mock("next-auth", () => ({ getServerSession: async () => (state.userId ? { user: { id: state.userId } } : null) }));
vi.mock("@/lib/auth/options", () => ({ authOptions: {} }));
vi.mock("@/db/client", async (original) => ({ ...(await original<object>()), getDb: async () => state.db as Db }));

const settingsRoute = await import("@/app/api/courses/[courseId]/settings/route");
const archiveRoute = await import("@/app/api/courses/[courseId]/archive/route");
const copyRoute = await import("@/app/api/courses/[courseId]/copy/route");
const selfEnrolmentRoute = await import("@/app/api/courses/[courseId]/self-enrolment/route");
const rosterRoute = await import("@/app/api/courses/[courseId]/roster/route");
const memberRoute = await import("@/app/api/courses/[courseId]/roster/[userId]/route");
const inviteRoute = await import("@/app/api/courses/[courseId]/roster/[userId]/invite/route");
const importRoute = await import("@/app/api/courses/[courseId]/roster/import/route");
const adminCoursesRoute = await import("@/app/api/admin/courses/route");
const adminUsersRoute = await import("@/app/api/admin/users/route");
const adminUserRoute = await import("@/app/api/admin/users/[userId]/route");
const joinRoute = await import("@/app/api/join/route");
const profileRoute = await import("@/app/api/account/profile/route");
const passwordRoute = await import("@/app/api/account/password/route");

let database: Database;
const id: Record<string, string> = {};
let courseA = "";
let courseB = "";
beforeAll(async () => {
  database = await openTestDatabase();
  const { db } = database;
  state.db = db;
  const [a, b] = await db.insert(courses).values([{ slug: "a", title: "A" }, { slug: "b", title: "B" }]).returning();
  courseA = a!.id;
  courseB = b!.id;
  const people = await db
    .insert(users)
    .values(["admin", "ia", "ib", "ta", "s1", "s2", "victim"].map((n) => ({ email: `${n}@t.dev`, name: n.toUpperCase(), isAdmin: n === "admin" })))
    .returning();
  for (const p of people) id[p.email.split("@")[0]!] = p.id;
  await db.insert(enrolments).values([
    { courseId: courseA, userId: id.ia!, role: "instructor" },
    { courseId: courseB, userId: id.ib!, role: "instructor" },
    { courseId: courseA, userId: id.ta!, role: "ta" },
    { courseId: courseA, userId: id.s1!, role: "student" },
    { courseId: courseA, userId: id.s2!, role: "student" },
  ]);
});
afterAll(() => database.close());

type Handler = (request: Request, context: { params: Promise<never> }) => Promise<Response>;

function call(handler: Handler, method: string, params: Record<string, string>, body?: unknown, init: { query?: string; cookie?: string } = {}): Promise<Response> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (init.cookie) headers.cookie = init.cookie;
  return handler(new Request(`http://test/api${init.query ?? ""}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }), { params: Promise.resolve(params as never) });
}

const csv = Buffer.from("name;email;role\nNova Pessoa;nova@t.dev;aluno\n").toString("base64");
let n = 0;
const unique = () => `x${++n}`;

/** Every new course route, with a valid request for course A; `manage` = instructor only, else TA too. */
const courseRoutes = () => [
  { name: "edit settings", staff: false, run: () => call(settingsRoute.PUT, "PUT", { courseId: courseA }, { title: "A", term: "2027/1", timeZone: "America/Sao_Paulo", language: "pt-BR" }) },
  { name: "archive", staff: false, run: () => call(archiveRoute.POST, "POST", { courseId: courseA }, { archived: false }) },
  { name: "copy", staff: false, run: () => call(copyRoute.POST, "POST", { courseId: courseA }, { slug: `copia-${unique()}`, title: "Cópia", shiftDays: 7 }) },
  { name: "self-enrolment", staff: false, run: () => call(selfEnrolmentRoute.PUT, "PUT", { courseId: courseA }, { enabled: true, domains: "t.dev" }) },
  { name: "list roster", staff: true, run: () => call(rosterRoute.GET, "GET", { courseId: courseA }, undefined, { query: "?role=student&search=S" }) },
  { name: "add person", staff: false, run: () => call(rosterRoute.POST, "POST", { courseId: courseA }, { name: "Pessoa", email: `${unique()}@t.dev`, role: "student" }) },
  { name: "change role", staff: false, run: () => call(memberRoute.PATCH, "PATCH", { courseId: courseA, userId: id.s2! }, { role: "student" }) },
  { name: "new invitation link", staff: false, run: () => call(inviteRoute.POST, "POST", { courseId: courseA, userId: id.s2! }) },
  { name: "import roster", staff: false, run: () => call(importRoute.POST, "POST", { courseId: courseA }, { file: csv, dryRun: true }) },
  { name: "remove person", staff: false, run: () => call(memberRoute.DELETE, "DELETE", { courseId: courseA, userId: id.victim! }) },
];

const platformRoutes = () => [
  { name: "create course", run: () => call(adminCoursesRoute.POST, "POST", {}, { slug: `curso-${unique()}`, title: "Novo", instructorEmail: "ib@t.dev" }) },
  { name: "create account", run: () => call(adminUsersRoute.POST, "POST", {}, { email: `${unique()}@t.dev`, name: "Nova conta" }) },
  { name: "remove from platform", run: () => call(adminUserRoute.DELETE, "DELETE", { userId: id.victim! }) },
];

async function statuses(routes: { name: string; run: () => Promise<Response> }[]) {
  const out: [string, number][] = [];
  for (const route of routes) out.push([route.name, (await route.run()).status]);
  return out;
}

describe("people and course routes: who may call them", () => {
  it("without a session every route but the public ones is 401", async () => {
    state.userId = null;
    for (const [name, status] of await statuses([...courseRoutes(), ...platformRoutes()])) expect([name, status]).toEqual([name, 401]);
    expect((await call(joinRoute.POST, "POST", {}, { code: "ABCDEFGH" })).status).toBe(401);
    expect((await call(profileRoute.PUT, "PUT", {}, { name: "X" })).status).toBe(401);
  });

  it("a student gets 403 on every course and platform route", async () => {
    state.userId = id.s1!;
    for (const [name, status] of await statuses([...courseRoutes(), ...platformRoutes()])) expect([name, status]).toEqual([name, 403]);
  });

  it("the course's TA may only list the roster", async () => {
    state.userId = id.ta!;
    for (const route of courseRoutes()) expect([route.name, (await route.run()).status]).toEqual([route.name, route.staff ? 200 : 403]);
    for (const [name, status] of await statuses(platformRoutes())) expect([name, status]).toEqual([name, 403]);
  });

  it("another course's instructor gets 403 on course A, and cannot reach its people through course B", async () => {
    state.userId = id.ib!;
    for (const [name, status] of await statuses([...courseRoutes(), ...platformRoutes()])) expect([name, status]).toEqual([name, 403]);
    expect((await call(memberRoute.PATCH, "PATCH", { courseId: courseB, userId: id.s1! }, { role: "ta" })).status).toBe(404);
    expect((await call(inviteRoute.POST, "POST", { courseId: courseB, userId: id.s1! })).status).toBe(404);
    expect((await call(memberRoute.DELETE, "DELETE", { courseId: courseB, userId: id.s1! })).status).toBe(404);
  });

  it("an administrator who is not in the course gets 403 on its routes, and may call the platform routes", async () => {
    state.userId = id.admin!;
    for (const [name, status] of await statuses(courseRoutes())) expect([name, status]).toEqual([name, 403]);
    for (const [name, status] of await statuses(platformRoutes())) expect([name, status < 300]).toEqual([name, true]);
  });

  it("the course's instructor may call every course route, not the platform ones", async () => {
    await database.db.update(users).set({ deactivatedAt: null, sessionVersion: 0 }).where(eq(users.id, id.victim!));
    await database.db.insert(enrolments).values({ courseId: courseA, userId: id.victim!, role: "student" }).onConflictDoUpdate({ target: [enrolments.courseId, enrolments.userId], set: { removedAt: null } });
    state.userId = id.ia!;
    for (const route of courseRoutes()) {
      const response = await route.run();
      expect([route.name, response.status < 300, response.status < 300 ? "" : await response.text()]).toEqual([route.name, true, ""]);
    }
    for (const [name, status] of await statuses(platformRoutes())) expect([name, status]).toEqual([name, 403]);
  });

  it("any signed-in person may join with a code and edit their own account; the password page needs a valid link", async () => {
    state.userId = id.ia!;
    const enrolment = (await (await call(selfEnrolmentRoute.PUT, "PUT", { courseId: courseA }, { enabled: true, domains: "@t.dev" })).json()) as { joinCode: string };
    state.userId = id.ib!;
    const joined = await call(joinRoute.POST, "POST", {}, { code: enrolment.joinCode.toLowerCase() });
    expect(await joined.json()).toEqual({ ok: true, courseId: courseA });
    expect((await call(profileRoute.PUT, "PUT", {}, { name: "Novo nome" })).status).toBe(200);
    state.userId = null;
    expect((await call(passwordRoute.POST, "POST", {}, { token: "nope", password: "uma senha longa" })).status).toBe(400);
  });
});

describe("archived course, self-enrolment rules, languages", () => {
  it("archived: staff may still look, nobody may change the roster, the student is refused; unarchiving works", async () => {
    state.userId = id.ia!;
    expect((await call(archiveRoute.POST, "POST", { courseId: courseA }, { archived: true })).status).toBe(200);
    expect((await call(rosterRoute.GET, "GET", { courseId: courseA })).status).toBe(200);
    expect((await call(rosterRoute.POST, "POST", { courseId: courseA }, { name: "X", email: "arq@t.dev" })).status).toBe(403);
    expect((await call(importRoute.POST, "POST", { courseId: courseA }, { file: csv, dryRun: false })).status).toBe(403);
    state.userId = id.ta!;
    expect((await call(rosterRoute.GET, "GET", { courseId: courseA })).status).toBe(200);
    state.userId = id.ia!;
    expect((await call(archiveRoute.POST, "POST", { courseId: courseA }, { archived: false })).status).toBe(200);
  });

  it("self-enrolment limited to a domain, and closed", async () => {
    state.userId = id.ia!;
    const { joinCode } = (await (await call(selfEnrolmentRoute.PUT, "PUT", { courseId: courseA }, { enabled: true, domains: "ufv.br" })).json()) as { joinCode: string };
    const [outsider] = await database.db.insert(users).values({ email: "fora@gmail.com", name: "Fora" }).returning();
    state.userId = outsider!.id;
    expect((await call(joinRoute.POST, "POST", {}, { code: joinCode })).status).toBe(403);
    state.userId = id.ia!;
    await call(selfEnrolmentRoute.PUT, "PUT", { courseId: courseA }, { enabled: false, domains: "" });
    state.userId = outsider!.id;
    const closed = await call(joinRoute.POST, "POST", {}, { code: joinCode });
    expect(closed.status).toBe(403);
    expect(((await closed.json()) as { error: string }).error).toMatch(/fechada/);
    expect((await call(joinRoute.POST, "POST", {}, { code: "ZZZZZZZZ" })).status).toBe(404);
  });

  it("answers in the reader's language and names the bad field", async () => {
    state.userId = id.ia!;
    const pt = await call(settingsRoute.PUT, "PUT", { courseId: courseA }, { title: "A", term: "", timeZone: "Mars/Base", language: "pt-BR" });
    expect(pt.status).toBe(400);
    expect(((await pt.json()) as { error: string }).error).toBe("Campo inválido: fuso horário.");
    const en = await call(settingsRoute.PUT, "PUT", { courseId: courseA }, { title: "A", term: "", timeZone: "Mars/Base", language: "pt-BR" }, { cookie: "FORJA_LOCALE=en" });
    expect(((await en.json()) as { error: string }).error).toBe("Invalid field: time zone.");
    const last = await call(memberRoute.DELETE, "DELETE", { courseId: courseA, userId: id.ia! }, undefined, { cookie: "FORJA_LOCALE=en" });
    expect(last.status).toBe(409);
    expect(((await last.json()) as { error: string }).error).toBe("The course needs at least one instructor.");
    const notJson = await importRoute.POST(new Request("http://test", { method: "POST", body: "{" }), { params: Promise.resolve({ courseId: courseA }) } as never);
    expect(notJson.status).toBe(400);
  });

  it("a removed student loses the course but their enrolment is kept as removed", async () => {
    state.userId = id.ia!;
    expect((await call(memberRoute.DELETE, "DELETE", { courseId: courseA, userId: id.s2! })).status).toBe(200);
    state.userId = id.s2!;
    expect((await call(rosterRoute.GET, "GET", { courseId: courseA })).status).toBe(403);
    const [kept] = await database.db.select().from(enrolments).where(eq(enrolments.userId, id.s2!));
    expect(kept!.removedAt).not.toBeNull();
  });
});
