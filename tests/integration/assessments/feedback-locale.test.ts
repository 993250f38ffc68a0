import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { submissions } from "@/db/schema";
import { makeVariant, referenceAnswer } from "@/grader/grade";
import { loadItemContext } from "@/lib/assessments/context";
import { PORTUGUESE } from "../../unit/i18n/portuguese";
import { makeAssessment, makeFixture, queueSubmission, DAY, type Fixture } from "./fixture";

// The submission and status routes run for real; only the session, the locale cookie and the database are the test's.
const state = vi.hoisted(() => ({ userId: null as string | null, db: null as unknown, locale: undefined as string | undefined }));
vi.mock("server-only", () => ({}));
vi.mock("next-auth", () => ({ getServerSession: async () => (state.userId ? { user: { id: state.userId } } : null) }));
vi.mock("@/lib/auth/options", () => ({ authOptions: {} }));
vi.mock("@/db/client", async (original) => ({ ...(await original<object>()), getDb: async () => state.db as Db }));
vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => (state.locale ? { value: state.locale } : undefined) }) }));

const submissionsRoute = await import("@/app/api/courses/[courseId]/items/[itemId]/submissions/route");
const statusRoute = await import("@/app/api/courses/[courseId]/submissions/[submissionId]/route");
const gradebookRoute = await import("@/app/api/courses/[courseId]/review/gradebook/route");

let f: Fixture;
let itemId: string;
beforeAll(async () => {
  f = await makeFixture();
  const today = Date.now();
  const { itemIds } = await makeAssessment(f, { opensAt: new Date(today - DAY), closesAt: new Date(today + DAY), attemptsAllowed: 10 }, [["lista-i-d-lenet5-parametros"]]);
  itemId = itemIds[0]!;
  state.userId = f.student;
  state.db = f.database.db;
});
afterAll(() => f.database.close());

async function submitWrong(idempotencyKey: string) {
  const request = new Request("http://test/api", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ answer: "12", idempotencyKey }) });
  const response = await submissionsRoute.POST(request, { params: Promise.resolve({ courseId: f.courseId, itemId }) } as never);
  return (await response.json()) as { id: string; feedback: { feedback: string } | null };
}

describe("a student's feedback in the reader's language", () => {
  it("English reader: the grader's message in English, in the answer and in the status route", async () => {
    state.locale = "en";
    const body = await submitWrong("locale-en-1");
    expect(body.feedback?.feedback).toMatch(/Incorrect answer/);
    expect(body.feedback?.feedback).not.toMatch(/Resposta incorreta/);
    const status = await statusRoute.GET(new Request("http://test/api"), { params: Promise.resolve({ courseId: f.courseId, submissionId: body.id }) } as never);
    expect(((await status.json()) as { feedback: { feedback: string } }).feedback.feedback).toMatch(/Incorrect answer/);
  });

  it("Portuguese reader (the default): the stored text", async () => {
    state.locale = undefined;
    expect((await submitWrong("locale-pt-1")).feedback?.feedback).toMatch(/Resposta incorreta/);
  });
});

let open: string;
let closed: string;
beforeAll(async () => {
  const today = Date.now();
  open = (await makeAssessment(f, { opensAt: new Date(today - DAY), closesAt: new Date(today + DAY), attemptsAllowed: 10 }, [["inf721-exercicio-max-pooling-3x3"]])).itemIds[0]!;
  closed = (await makeAssessment(f, { opensAt: new Date(today - 3 * DAY), closesAt: new Date(today - DAY) }, [["lista-i-d-lenet5-parametros"]])).itemIds[0]!;
});

const submit = (itemId: string, body: string) =>
  submissionsRoute.POST(new Request("http://test/api", { method: "POST", headers: { "content-type": "application/json" }, body }), { params: Promise.resolve({ courseId: f.courseId, itemId }) } as never);
const errorOf = async (response: Response) => ((await response.json()) as { error: string }).error;

describe("API error bodies and feedback for an English reader (FORJA_LOCALE=en)", () => {
  beforeAll(() => {
    state.locale = "en";
  });
  it("every refusal of the submission route, and its validation, are English", async () => {
    state.userId = f.student;
    const cases: [Response, number, RegExp][] = [
      [await submit(open, "{not json"), 400, /not valid JSON/],
      [await submit(open, JSON.stringify({ answer: 12, idempotencyKey: "english-key-1" })), 400, /Invalid field: answer/],
      [await submit(open, JSON.stringify({ answer: "[[1, 2], [3]]", idempotencyKey: "english-key-2" })), 422, /rows have different lengths/],
      [await submit(open, JSON.stringify({ answer: '[[9, 9, "x"], [1, 2, 3], [1, 2, 3]]', idempotencyKey: "english-key-3" })), 422, /row 1, column 3/],
      [await submit(closed, JSON.stringify({ answer: "61706", idempotencyKey: "english-key-4" })), 409, /deadline has passed/],
      [await submit("00000000-0000-4000-8000-000000000000", JSON.stringify({ answer: "1", idempotencyKey: "english-key-5" })), 404, /not found/i],
    ];
    for (const [response, status, english] of cases) {
      const error = await errorOf(response);
      expect(response.status, error).toBe(status);
      expect(error).toMatch(english);
      expect(error).not.toMatch(PORTUGUESE);
    }
    state.userId = f.outsider;
    const forbidden = await submit(open, JSON.stringify({ answer: "1", idempotencyKey: "english-key-6" }));
    expect(await errorOf(forbidden)).not.toMatch(PORTUGUESE);
  });

  it("graded feedback, its per-cell parts and the status route are English; a legacy row keeps its stored text", async () => {
    state.userId = f.student;
    // the variant's own pooled matrix with one cell wrong (its size depends on the variant)
    const context = (await loadItemContext(f.database.db, f.courseId, open, f.student, new Date()))!;
    const wrong = JSON.parse(await referenceAnswer(context.question, makeVariant(context.question, context.variant.seed))) as number[][];
    wrong[0]![0]! += 1;
    const response = await submit(open, JSON.stringify({ answer: JSON.stringify(wrong), idempotencyKey: "english-key-7" }));
    const body = (await response.json()) as { id: string; feedback: { feedback: string; parts?: { name: string; feedback: string }[] } };
    expect(body.feedback.feedback).toMatch(/cells correct\. Check: row/);
    expect(body.feedback.feedback).not.toMatch(PORTUGUESE);
    for (const part of body.feedback.parts ?? []) expect(part.feedback).toMatch(/^(correct|wrong)$/);

    // a row graded before feedback kept message keys: its stored text is shown as it is
    const legacy = await queueSubmission(f, (r) => r);
    await f.database.db.update(submissions).set({ status: "graded", score: 0, feedback: { feedback: "Resposta incorreta." } }).where(eq(submissions.id, legacy));
    const status = await statusRoute.GET(new Request("http://test/api"), { params: Promise.resolve({ courseId: f.courseId, submissionId: legacy }) } as never);
    expect(((await status.json()) as { feedback: { feedback: string } }).feedback.feedback).toBe("Resposta incorreta.");
    const missing = await statusRoute.GET(new Request("http://test/api"), { params: Promise.resolve({ courseId: f.courseId, submissionId: "00000000-0000-4000-8000-000000000000" }) } as never);
    expect(await errorOf(missing)).not.toMatch(PORTUGUESE);
  });

  it("a staff route's validation error is English", async () => {
    state.userId = f.ta;
    const response = await gradebookRoute.GET(new Request("http://test/api?assessment=nope"), { params: Promise.resolve({ courseId: f.courseId }) } as never);
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toBe("assessment must be the id (uuid) of an assessment.");
  });
});
