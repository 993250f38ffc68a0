/**
 * The TA routes and the grading server action as the app runs them: the real role check (checkCourseAccess + policy)
 * against a real database, with only the session (next-auth) and the process-wide database handle replaced.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { makeReviewFixture, submit, type ReviewFixture } from "./fixture";

const state = vi.hoisted(() => ({ userId: null as string | null, db: null as unknown }));

vi.mock("server-only", () => ({}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
vi.mock("@/lib/auth/options", () => ({ authOptions: {} }));
vi.mock("next-auth", () => ({ getServerSession: vi.fn(async () => (state.userId ? { user: { id: state.userId } } : null)) }));
vi.mock("@/db/client", async (importOriginal) => ({ ...(await importOriginal<object>()), getDb: async () => state.db as Db }));

const { GET: gradebookGet } = await import("@/app/api/courses/[courseId]/review/gradebook/route");
const { GET: analyticsGet } = await import("@/app/api/courses/[courseId]/review/assessments/[assessmentId]/analytics/route");
const { saveGradeAction } = await import("@/app/courses/[courseId]/review/assessments/[assessmentId]/items/[itemId]/grading/actions");

let f: ReviewFixture;
let openSubmission: string;

beforeAll(async () => {
  // forbidden() needs the flag Next sets for experimental.authInterrupts
  process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = "true";
  f = await makeReviewFixture();
  state.db = f.database.db;
  await submit(f, f.numericItem, f.student, "12");
  openSubmission = (await submit(f, f.openItem, f.student, "Passo do filtro.")).id;
});
afterAll(() => f.database.close());

const as = (userId: string | null) => {
  state.userId = userId;
};
const gradebook = (courseId: string, query = "") =>
  gradebookGet(new Request(`http://test/api/courses/${courseId}/review/gradebook${query}`), { params: Promise.resolve({ courseId }) });
const analytics = (courseId: string, assessmentId: string, query = "?table=questions") =>
  analyticsGet(new Request(`http://test/api/courses/${courseId}/review/assessments/${assessmentId}/analytics${query}`), { params: Promise.resolve({ courseId, assessmentId }) });

function gradeForm(courseId: string, awarded: string[]): FormData {
  const form = new FormData();
  form.set("courseId", courseId);
  form.set("submissionId", openSubmission);
  for (const id of awarded) form.append("rubric", id);
  form.set("comment", "ok");
  return form;
}

describe("CSV route handlers", () => {
  it("a TA downloads the gradebook: text/csv, attachment file name, BOM", async () => {
    as(f.ta);
    const response = await gradebook(f.courseId);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="notas-t.csv"');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toContain("s1,s1@t.dev,0,");
  });

  it("a TA downloads each analytics table", async () => {
    as(f.ta);
    for (const table of ["questions", "students", "wrong-answers", "misconceptions", "distribution"]) {
      const response = await analytics(f.courseId, f.assessmentId, `?table=${table}`);
      expect(response.status, table).toBe(200);
      expect(response.headers.get("content-disposition")).toContain(`analise-lista-teste-${table}.csv`);
    }
  });

  it("students get 403, a TA of another course 403, nobody signed in 401", async () => {
    for (const [user, status] of [
      [f.student, 403],
      [f.foreignTa, 403],
      [f.outsider, 403],
      [null, 401],
    ] as const) {
      as(user);
      expect((await gradebook(f.courseId)).status).toBe(status);
      expect((await analytics(f.courseId, f.assessmentId)).status).toBe(status);
      const body = (await (await gradebook(f.courseId)).json()) as { error: string };
      expect(body.error.length).toBeGreaterThan(5);
    }
  });

  it("bad input gets a clear 400/404, never a stack trace", async () => {
    as(f.ta);
    const badTable = await analytics(f.courseId, f.assessmentId, "?table=everything");
    expect(badTable.status).toBe(400);
    expect(((await badTable.json()) as { error: string }).error).toContain("table deve ser");
    expect((await gradebook(f.courseId, "?assessment=nope")).status).toBe(400);
    expect((await gradebook(f.courseId, `?assessment=${f.otherAssessmentId}`)).status).toBe(404);
    expect((await analytics(f.courseId, f.otherAssessmentId)).status).toBe(404);
    expect((await analytics(f.courseId, "not-a-uuid")).status).toBe(404);
    // the other course's TA cannot reach this course's assessment through their own course either
    as(f.foreignTa);
    expect((await analytics(f.otherCourseId, f.assessmentId)).status).toBe(404);
  });
});

describe("grading server action", () => {
  it("a student or a TA of another course is refused with 403 (forbidden())", async () => {
    for (const user of [f.student, f.foreignTa]) {
      as(user);
      await expect(saveGradeAction({ status: "idle" }, gradeForm(f.courseId, ["r1"]))).rejects.toMatchObject({ digest: "NEXT_HTTP_ERROR_FALLBACK;403" });
    }
    // through their own course, the submission does not exist
    as(f.foreignTa);
    expect(await saveGradeAction({ status: "idle" }, gradeForm(f.otherCourseId, ["r1"]))).toEqual({ status: "error", message: "Submissão não encontrada neste curso." });
  });

  it("the TA saves a grade; a stale rubric item is a clear error", async () => {
    as(f.ta);
    expect(await saveGradeAction({ status: "idle" }, gradeForm(f.courseId, ["r1", "r3"]))).toMatchObject({ status: "saved", score: 0.75 });
    const stale = await saveGradeAction({ status: "idle" }, gradeForm(f.courseId, ["zz"]));
    expect(stale).toMatchObject({ status: "error" });
    expect((stale as { message: string }).message).toContain("rubrica");
  });

  it("a comment with a NUL byte is a clear error, not a database failure", async () => {
    as(f.ta);
    const form = gradeForm(f.courseId, ["r1"]);
    form.set("comment", "bom\u0000");
    expect(await saveGradeAction({ status: "idle" }, form)).toEqual({ status: "error", message: expect.stringContaining("caracteres de controle") });
  });
});
