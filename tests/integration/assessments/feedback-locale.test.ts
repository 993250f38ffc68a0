import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { makeAssessment, makeFixture, DAY, type Fixture } from "./fixture";

// The submission and status routes run for real; only the session, the locale cookie and the database are the test's.
const state = vi.hoisted(() => ({ userId: null as string | null, db: null as unknown, locale: undefined as string | undefined }));
vi.mock("server-only", () => ({}));
vi.mock("next-auth", () => ({ getServerSession: async () => (state.userId ? { user: { id: state.userId } } : null) }));
vi.mock("@/lib/auth/options", () => ({ authOptions: {} }));
vi.mock("@/db/client", async (original) => ({ ...(await original<object>()), getDb: async () => state.db as Db }));
vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => (state.locale ? { value: state.locale } : undefined) }) }));

const submissionsRoute = await import("@/app/api/courses/[courseId]/items/[itemId]/submissions/route");
const statusRoute = await import("@/app/api/courses/[courseId]/submissions/[submissionId]/route");

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
