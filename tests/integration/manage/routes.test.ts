import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { assessmentInput, makeManageFixture, numericDraft, type ManageFixture } from "./fixture";

// Route handlers run for real; only the session (next-auth) and the process-wide database are swapped for the test's.
const state = vi.hoisted(() => ({ userId: null as string | null, db: null as unknown, background: [] as Promise<unknown>[] }));
vi.mock("server-only", () => ({}));
vi.mock("next-auth", () => ({ getServerSession: async () => (state.userId ? { user: { id: state.userId } } : null) }));
vi.mock("@/lib/auth/options", () => ({ authOptions: {} }));
vi.mock("@/db/client", async (original) => ({ ...(await original<object>()), getDb: async () => state.db as Db }));
vi.mock("next/server", async (original) => ({
  ...(await original<object>()),
  after: (task: () => unknown) => void state.background.push(Promise.resolve().then(task)),
}));

const questionsRoute = await import("@/app/api/courses/[courseId]/manage/questions/route");
const validateRoute = await import("@/app/api/courses/[courseId]/manage/questions/validate/route");
const questionRoute = await import("@/app/api/courses/[courseId]/manage/questions/[questionId]/route");
const exportRoute = await import("@/app/api/courses/[courseId]/manage/questions/[questionId]/export/route");
const regradesRoute = await import("@/app/api/courses/[courseId]/manage/questions/[questionId]/regrades/route");
const regradeRoute = await import("@/app/api/courses/[courseId]/manage/regrades/[runId]/route");
const assessmentsRoute = await import("@/app/api/courses/[courseId]/manage/assessments/route");
const assessmentRoute = await import("@/app/api/courses/[courseId]/manage/assessments/[assessmentId]/route");
const publishRoute = await import("@/app/api/courses/[courseId]/manage/assessments/[assessmentId]/publish/route");
const extensionsRoute = await import("@/app/api/courses/[courseId]/manage/assessments/[assessmentId]/extensions/route");
const importRoute = await import("@/app/api/courses/[courseId]/manage/interop/import/route");
const moodleRoute = await import("@/app/api/courses/[courseId]/manage/interop/moodle/route");
const interopExportRoute = await import("@/app/api/courses/[courseId]/manage/interop/export/route");
const retryGradingRoute = await import("@/app/api/courses/[courseId]/manage/failed-gradings/retry/route");

let f: ManageFixture;
let assessmentA: string;
let assessmentB: string;
beforeAll(async () => {
  f = await makeManageFixture();
  state.db = f.database.db;
  state.userId = f.instructorA;
  await call(questionsRoute.POST, "POST", { courseId: f.courseA }, numericDraft("rota-a"));
  assessmentA = ((await (await call(assessmentsRoute.POST, "POST", { courseId: f.courseA }, assessmentInput([["rota-a"]]))).json()) as { id: string }).id;
  state.userId = f.instructorB;
  assessmentB = ((await (await call(assessmentsRoute.POST, "POST", { courseId: f.courseB }, assessmentInput([["lista-ii-stride"]]))).json()) as { id: string }).id;
});
afterAll(() => f.database.close());

type Handler = (request: Request, context: { params: Promise<never> }) => Promise<Response>;

function call(handler: Handler, method: string, params: Record<string, string>, body?: unknown, query = ""): Promise<Response> {
  const init: RequestInit = { method, headers: { "content-type": "application/json" } };
  if (body !== undefined) init.body = JSON.stringify(body);
  return handler(new Request(`http://test/api${query}`, init), { params: Promise.resolve(params as never) });
}

/** Every authoring/builder route, with a valid request for course A. */
const routes = () => [
  { name: "list questions", run: () => call(questionsRoute.GET, "GET", { courseId: f.courseA }) },
  { name: "create question", run: () => call(questionsRoute.POST, "POST", { courseId: f.courseA }, numericDraft(`x-${Math.random().toString(36).slice(2, 8)}`)) },
  { name: "validate draft", run: () => call(validateRoute.POST, "POST", { courseId: f.courseA }, { draft: numericDraft("v"), seed: 3 }) },
  { name: "read question", run: () => call(questionRoute.GET, "GET", { courseId: f.courseA, questionId: "rota-a" }) },
  { name: "edit question", run: () => call(questionRoute.PUT, "PUT", { courseId: f.courseA, questionId: "rota-a" }, numericDraft("rota-a")) },
  { name: "export question", run: () => call(exportRoute.GET, "GET", { courseId: f.courseA, questionId: "rota-a" }) },
  { name: "start regrade", run: () => call(regradesRoute.POST, "POST", { courseId: f.courseA, questionId: "rota-a" }, { fromVersion: 1, toVersion: null }) },
  { name: "list regrades", run: () => call(regradesRoute.GET, "GET", { courseId: f.courseA, questionId: "rota-a" }) },
  { name: "create assessment", run: () => call(assessmentsRoute.POST, "POST", { courseId: f.courseA }, assessmentInput([["rota-a"]])) },
  { name: "edit assessment dates", run: () => call(assessmentRoute.PUT, "PUT", { courseId: f.courseA, assessmentId: assessmentA }, assessmentInput([["rota-a"]], { closesAt: "2031-01-01T10:00" })) },
  { name: "publish", run: () => call(publishRoute.POST, "POST", { courseId: f.courseA, assessmentId: assessmentA }, { published: true }) },
  { name: "grant extension", run: () => call(extensionsRoute.POST, "POST", { courseId: f.courseA, assessmentId: assessmentA }, { userId: f.student, closesAt: "2032-01-01T10:00", extraMinutes: 0, reason: "atestado" }) },
  { name: "revoke extension", run: () => call(extensionsRoute.DELETE, "DELETE", { courseId: f.courseA, assessmentId: assessmentA }, undefined, `?userId=${f.student}`) },
  { name: "import", run: () => call(importRoute.POST, "POST", { courseId: f.courseA }, { format: "gift", content: "::Q:: 2+2? {#4}", dryRun: true }) },
  { name: "export Moodle XML", run: () => call(moodleRoute.GET, "GET", { courseId: f.courseA }) },
  { name: "export GIFT", run: () => call(interopExportRoute.GET, "GET", { courseId: f.courseA }, undefined, "?format=gift") },
  { name: "retry failed gradings", run: () => call(retryGradingRoute.POST, "POST", { courseId: f.courseA }, { submissionIds: [crypto.randomUUID()] }) },
];

describe("manage routes: who may call them", () => {
  it("the course's TA gets 403 on every authoring and builder route", async () => {
    state.userId = f.ta;
    for (const route of routes()) expect([route.name, (await route.run()).status]).toEqual([route.name, 403]);
  });

  it("a student gets 403 on every route", async () => {
    state.userId = f.student;
    for (const route of routes()) expect([route.name, (await route.run()).status]).toEqual([route.name, 403]);
  });

  it("another course's instructor gets 403 on course A", async () => {
    state.userId = f.instructorB;
    for (const route of routes()) expect([route.name, (await route.run()).status]).toEqual([route.name, 403]);
  });

  it("without a session every route is 401", async () => {
    state.userId = null;
    for (const route of routes()) expect([route.name, (await route.run()).status]).toEqual([route.name, 401]);
  });

  it("the course's instructor may call every route", async () => {
    state.userId = f.instructorA;
    for (const route of routes()) {
      const response = await route.run();
      expect([route.name, response.status < 300]).toEqual([route.name, true]);
    }
    await Promise.all(state.background);
  });

  it("an instructor cannot reach another course's objects through their own course id", async () => {
    state.userId = f.instructorA;
    expect((await call(assessmentRoute.PUT, "PUT", { courseId: f.courseA, assessmentId: assessmentB }, assessmentInput([["rota-a"]]))).status).toBe(404);
    expect((await call(publishRoute.POST, "POST", { courseId: f.courseA, assessmentId: assessmentB }, { published: true })).status).toBe(404);
    expect((await call(extensionsRoute.POST, "POST", { courseId: f.courseA, assessmentId: assessmentB }, { userId: f.student, closesAt: null, extraMinutes: 10 })).status).toBe(404);
    state.userId = f.instructorB;
    expect((await call(questionRoute.GET, "GET", { courseId: f.courseB, questionId: "rota-a" })).status).toBe(404);
    expect((await call(exportRoute.GET, "GET", { courseId: f.courseB, questionId: "rota-a" })).status).toBe(404);
    expect((await call(assessmentsRoute.POST, "POST", { courseId: f.courseB }, assessmentInput([["rota-a"]]))).status).toBe(400);
  });
});

describe("manage routes: bad input", () => {
  it("a NUL or other control character anywhere in a body is 422, not a database error", async () => {
    state.userId = f.instructorA;
    const nul = await call(questionsRoute.POST, "POST", { courseId: f.courseA }, { ...numericDraft("nul-q"), title: "a\u0000b" });
    expect(nul.status).toBe(422);
    expect(((await nul.json()) as { error: string }).error).toMatch(/caracteres de controle/);
    const escape = await call(importRoute.POST, "POST", { courseId: f.courseA }, { format: "gift", content: "::Q:: 2+2? {#4}\u001b", dryRun: true });
    expect(escape.status).toBe(422);
  });

  it("exports one assessment of the course as GIFT; another course's assessment is 404 and an unknown format 400", async () => {
    state.userId = f.instructorA;
    const gift = await call(interopExportRoute.GET, "GET", { courseId: f.courseA }, undefined, `?format=gift&assessment=${assessmentA}`);
    expect(gift.status).toBe(200);
    expect(gift.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(gift.headers.get("content-disposition")).toMatch(/\.gift\.txt"$/);
    expect(await gift.text()).toMatch(/^\$CATEGORY: \$course\$\/top\/[^\n]+\n\n\/\/ \[id:rota-a\][^\n]*\n::[^\n]+\{#/);
    const xml = await call(interopExportRoute.GET, "GET", { courseId: f.courseA }, undefined, `?assessment=${assessmentA}`);
    expect(await xml.text()).toContain("<idnumber>rota-a</idnumber>");
    expect((await call(interopExportRoute.GET, "GET", { courseId: f.courseA }, undefined, `?format=gift&assessment=${assessmentB}`)).status).toBe(404);
    expect((await call(interopExportRoute.GET, "GET", { courseId: f.courseA }, undefined, "?format=docx")).status).toBe(400);
  });

  it("an import nested 190,000 levels deep is 422 and one with 4,000 questions 413, not 500", async () => {
    state.userId = f.instructorA;
    const deep = `<quiz>${"<a>".repeat(190_000)}${"</a>".repeat(190_000)}</quiz>`;
    const nested = await call(importRoute.POST, "POST", { courseId: f.courseA }, { format: "moodle-xml", content: deep, dryRun: true });
    expect(nested.status).toBe(422);
    const many = Array.from({ length: 4000 }, (_, i) => `::Q${i}:: 2+2? {#4}`).join("\n\n");
    const big = await call(importRoute.POST, "POST", { courseId: f.courseA }, { format: "gift", content: many, dryRun: true });
    expect(big.status).toBe(413);
  });

  it("answers with the field and a clear message, never a stack trace", async () => {
    state.userId = f.instructorA;
    const invalid = await call(questionsRoute.POST, "POST", { courseId: f.courseA }, numericDraft("bad-q", "n - zz"));
    expect(invalid.status).toBe(422);
    expect(await invalid.json()).toMatchObject({ issues: [{ field: "answer" }] });
    const dates = await call(assessmentsRoute.POST, "POST", { courseId: f.courseA }, assessmentInput([["rota-a"]], { closesAt: "2025-01-01T00:00" }));
    expect(dates.status).toBe(400);
    expect(((await dates.json()) as { error: string }).error).toMatch(/closesAt.*depois da abertura/);
    const notJson = await questionsRoute.POST(new Request("http://test", { method: "POST", body: "{" }), { params: Promise.resolve({ courseId: f.courseA }) } as never);
    expect(notJson.status).toBe(400);
    const extension = await call(extensionsRoute.POST, "POST", { courseId: f.courseA, assessmentId: assessmentA }, { userId: f.ta, closesAt: "2032-01-01T10:00", extraMinutes: 0 });
    expect(extension.status).toBe(400);
    const empty = await call(assessmentsRoute.POST, "POST", { courseId: f.courseA }, assessmentInput([]));
    const { id } = (await empty.json()) as { id: string };
    const publishEmpty = await call(publishRoute.POST, "POST", { courseId: f.courseA, assessmentId: id }, { published: true });
    expect(publishEmpty.status).toBe(409);
  });

  it("a started regrade reports its progress until done", async () => {
    state.userId = f.instructorA;
    state.background = [];
    const started = await call(regradesRoute.POST, "POST", { courseId: f.courseA, questionId: "rota-a" }, { fromVersion: 1, toVersion: null });
    const run = (await started.json()) as { id: string };
    await Promise.all(state.background);
    const status = await call(regradeRoute.GET, "GET", { courseId: f.courseA, runId: run.id });
    expect(await status.json()).toMatchObject({ status: "done" });
    state.userId = f.instructorB;
    expect((await call(regradeRoute.GET, "GET", { courseId: f.courseB, runId: run.id })).status).toBe(404);
  });
});
