import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { assessmentItems, submissions, variants } from "@/db/schema";
import { assessmentInput, makeManageFixture, type ManageFixture } from "@/tests/integration/manage/fixture";

// Route handlers run for real; only the session (next-auth) and the process-wide database are swapped for the test's.
const state = vi.hoisted(() => ({ userId: null as string | null, db: null as unknown, locale: undefined as string | undefined }));
vi.mock("server-only", () => ({}));
vi.mock("next-auth", () => ({ getServerSession: async () => (state.userId ? { user: { id: state.userId } } : null) }));
vi.mock("@/lib/auth/options", () => ({ authOptions: {} }));
vi.mock("next/headers", () => ({ cookies: async () => ({ get: (name: string) => (name === "FORJA_LOCALE" && state.locale ? { value: state.locale } : undefined) }) }));
vi.mock("@/db/client", async (original) => ({ ...(await original<object>()), getDb: async () => state.db as Db }));

const assessmentsRoute = await import("@/app/api/courses/[courseId]/manage/assessments/route");
const lifecycleRoute = await import("@/app/api/courses/[courseId]/manage/assessments/[assessmentId]/lifecycle/route");
const previewRoute = await import("@/app/api/courses/[courseId]/manage/assessments/[assessmentId]/preview/route");
const publishRoute = await import("@/app/api/courses/[courseId]/manage/assessments/[assessmentId]/publish/route");
const extensionsRoute = await import("@/app/api/courses/[courseId]/manage/assessments/[assessmentId]/extensions/route");
const tagsRoute = await import("@/app/api/courses/[courseId]/manage/questions/[questionId]/tags/route");
const { searchBank } = await import("@/lib/authoring/bank-search");

type Handler = (request: Request, context: { params: Promise<never> }) => Promise<Response>;
function call(handler: Handler, params: Record<string, string>, body: unknown): Promise<Response> {
  return handler(new Request("http://test/api", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }), { params: Promise.resolve(params as never) });
}

const NUMERIC = "lista-i-d-lenet5-parametros";
let f: ManageFixture;
let assessment: string;
beforeAll(async () => {
  f = await makeManageFixture();
  state.db = f.database.db;
  state.userId = f.instructorA;
  assessment = ((await (await call(assessmentsRoute.POST, { courseId: f.courseA }, assessmentInput([[NUMERIC], ["lista-ii-stride"]]))).json()) as { id: string }).id;
});
afterAll(() => f.database.close());

describe("who may act", () => {
  const attempts = () => [
    () => call(lifecycleRoute.POST, { courseId: f.courseA, assessmentId: assessment }, { action: "archive", confirm: true }),
    () => call(previewRoute.POST, { courseId: f.courseA, assessmentId: assessment }, { questionId: NUMERIC, seed: 3, answer: "1" }),
    () => call(tagsRoute.POST, { courseId: f.courseA, questionId: NUMERIC }, { tag: "prova", op: "add" }),
  ];
  it("a TA, a student and another course's instructor are refused; signed out is 401", async () => {
    for (const [who, status] of [[f.ta, 403], [f.student, 403], [f.instructorB, 403], [null, 401]] as const) {
      state.userId = who;
      for (const attempt of attempts()) expect((await attempt()).status, `${who}`).toBe(status);
    }
    state.userId = f.instructorA;
  });

  it("an action must be confirmed and known", async () => {
    expect((await call(lifecycleRoute.POST, { courseId: f.courseA, assessmentId: assessment }, { action: "archive" })).status).toBe(400);
    expect((await call(lifecycleRoute.POST, { courseId: f.courseA, assessmentId: assessment }, { action: "explode", confirm: true })).status).toBe(400);
  });
});

describe("the lifecycle route", () => {
  it("duplicates, archives, restores; refuses to delete with submissions in words, deletes without", async () => {
    const dup = await call(lifecycleRoute.POST, { courseId: f.courseA, assessmentId: assessment }, { action: "duplicate", confirm: true });
    expect(dup.status).toBe(200);
    const copyId = ((await dup.json()) as { id: string }).id;
    expect((await call(lifecycleRoute.POST, { courseId: f.courseA, assessmentId: assessment }, { action: "archive", confirm: true })).status).toBe(200);
    const again = await call(lifecycleRoute.POST, { courseId: f.courseA, assessmentId: assessment }, { action: "archive", confirm: true });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: string }).error).toBe("Esta avaliação já está arquivada.");
    expect((await call(lifecycleRoute.POST, { courseId: f.courseA, assessmentId: assessment }, { action: "restore", confirm: true })).status).toBe(200);

    // a submission (inserted as the app stores one) blocks the deletion
    const [item] = await f.database.db.select().from(assessmentItems).where(eq(assessmentItems.assessmentId, assessment));
    const { latestVersion } = await import("@/lib/questions/bank-sync");
    const version = (await latestVersion(f.database.db, NUMERIC))!;
    const [variant] = await f.database.db.insert(variants).values({ itemId: item!.id, userId: f.student, questionVersionId: version.id, number: 1, seed: 5 }).returning();
    await f.database.db.insert(submissions).values({ variantId: variant!.id, userId: f.student, itemId: item!.id, questionVersionId: version.id, attemptNumber: 1, answer: "1", status: "graded", score: 0, idempotencyKey: "k1" });
    const refused = await call(lifecycleRoute.POST, { courseId: f.courseA, assessmentId: assessment }, { action: "delete", confirm: true });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: string }).error).toBe(
      "Esta avaliação não pode ser apagada: já tem 1 submissão. Arquive-a para escondê-la dos estudantes mantendo as notas.",
    );
    expect((await call(lifecycleRoute.POST, { courseId: f.courseA, assessmentId: copyId }, { action: "delete", confirm: true })).status).toBe(200);
    expect((await call(lifecycleRoute.POST, { courseId: f.courseA, assessmentId: copyId }, { action: "delete", confirm: true })).status).toBe(404);
  });
});

describe("view as student: grading a preview answer", () => {
  it("grades the variant's reference answer 1 and stores nothing", async () => {
    const { makeVariant, referenceAnswer } = await import("@/grader/grade");
    const { latestVersion } = await import("@/lib/questions/bank-sync");
    const question = (await latestVersion(f.database.db, NUMERIC))!.content as never;
    const reference = await referenceAnswer(question, makeVariant(question, 7));
    const before = { submissions: (await f.database.db.select().from(submissions)).length, variants: (await f.database.db.select().from(variants)).length };
    const right = await call(previewRoute.POST, { courseId: f.courseA, assessmentId: assessment }, { questionId: NUMERIC, seed: 7, answer: reference });
    expect(right.status).toBe(200);
    expect(await right.json()).toMatchObject({ ok: true, status: "graded", score: 1, pending: false });
    const wrong = (await (await call(previewRoute.POST, { courseId: f.courseA, assessmentId: assessment }, { questionId: NUMERIC, seed: 7, answer: "3" })).json()) as { score: number; feedback: { feedback: string } };
    expect(wrong.score).toBe(0);
    expect(wrong.feedback.feedback.length).toBeGreaterThan(0);
    const open = await call(previewRoute.POST, { courseId: f.courseA, assessmentId: assessment }, { questionId: "lista-ii-stride", seed: 7, answer: "O stride é o passo." });
    expect(await open.json()).toMatchObject({ ok: true, pending: true });
    expect((await f.database.db.select().from(submissions)).length).toBe(before.submissions);
    expect((await f.database.db.select().from(variants)).length).toBe(before.variants);
  });

  it("a question that is not in the assessment is a 404, a bad seed a 400", async () => {
    expect((await call(previewRoute.POST, { courseId: f.courseA, assessmentId: assessment }, { questionId: "lista-iii-dilation", seed: 1, answer: "1" })).status).toBe(404);
    expect((await call(previewRoute.POST, { courseId: f.courseA, assessmentId: assessment }, { questionId: NUMERIC, seed: -1, answer: "1" })).status).toBe(400);
  });
});

describe("tags", () => {
  it("staff add and remove their own tags; a file tag is not theirs to remove; filters find them", async () => {
    const added = await call(tagsRoute.POST, { courseId: f.courseA, questionId: NUMERIC }, { tag: "  Prova 1 ", op: "add" });
    expect(await added.json()).toEqual({ ok: true, tags: ["prova 1"] });
    expect((await call(tagsRoute.POST, { courseId: f.courseA, questionId: NUMERIC }, { tag: "lenet", op: "remove" })).status).toBe(409);
    expect((await call(tagsRoute.POST, { courseId: f.courseA, questionId: NUMERIC }, { tag: "<script>", op: "add" })).status).toBe(400);
    expect((await call(tagsRoute.POST, { courseId: f.courseA, questionId: "nao-existe" }, { tag: "x", op: "add" })).status).toBe(404);
    const found = await searchBank(f.database.db, f.courseA, { tag: "prova 1", page: 1 });
    expect(found.rows.map((r) => r.id)).toEqual([NUMERIC]);
    expect(found.rows[0]!.staffTags).toEqual(["prova 1"]);
    // course B does not see course A's tag
    expect((await searchBank(f.database.db, f.courseB, { tag: "prova 1", page: 1 })).total).toBe(0);
    await call(tagsRoute.POST, { courseId: f.courseA, questionId: NUMERIC }, { tag: "prova 1", op: "remove" });
    expect((await searchBank(f.database.db, f.courseA, { tag: "prova 1", page: 1 })).total).toBe(0);
  });
});

describe("refusals in the reader's language", () => {
  const errorOf = async (response: Promise<Response>) => ((await (await response).json()) as { error: string }).error;
  const unknownQuestions = () => call(assessmentsRoute.POST, { courseId: f.courseA }, assessmentInput([["nao-existe-1", "nao-existe-2"]]));
  it("says an assessment's refusals in English or Portuguese, with plurals", async () => {
    state.locale = "en";
    try {
      expect(await errorOf(unknownQuestions())).toBe("2 questions that do not exist in this course: nao-existe-1, nao-existe-2");
      const empty = ((await (await call(assessmentsRoute.POST, { courseId: f.courseA }, assessmentInput([[NUMERIC]]))).json()) as { id: string }).id;
      expect(await errorOf(call(publishRoute.POST, { courseId: f.courseA, assessmentId: "00000000-0000-4000-8000-000000000000" }, { published: true }))).toBe("Assessment not found.");
      expect(await errorOf(call(extensionsRoute.POST, { courseId: f.courseA, assessmentId: empty }, { userId: f.ta, closesAt: null, extraMinutes: 10 }))).toBe("This person is not a student of the course.");
      expect(await errorOf(call(extensionsRoute.POST, { courseId: f.courseA, assessmentId: empty }, { userId: f.student, closesAt: null, extraMinutes: 0 }))).toMatch(/give a new deadline or extra minutes/);
    } finally {
      state.locale = undefined;
    }
    expect(await errorOf(unknownQuestions())).toBe("2 questões inexistentes neste curso: nao-existe-1, nao-existe-2");
  });
});
