import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { submissions } from "@/db/schema";
import { runGradingJob } from "@/grader/jobs/run-job";
import { expectedCacheSize, clearExpectedCache } from "@/grader/types/code/python/expected";
import { currentVariant } from "@/lib/assessments/variants";
import { submitAnswer } from "@/lib/assessments/submit";
import { draftFromContent } from "@/lib/authoring/file-form";
import { pythonCheckerStarter } from "@/lib/authoring/forms/starters";
import { saveCourseQuestion } from "@/lib/authoring/store";
import { validateDraft } from "@/lib/authoring/validate";
import { loadBank } from "@/question-bank/load";
import { publishedItem } from "../manage/fixture";
import { sandboxWithCourse } from "./helpers";

const course = sandboxWithCourse();

function convDraft() {
  const bank = loadBank().questions.find((q) => q.id === "inf721-convolucao-codigo")!;
  return draftFromContent({ ...(bank as unknown as Record<string, unknown>), id: "web-conv" });
}

describe("code questions declared in Python, authored in the browser", () => {
  it("the live check proves the reference, each wrong implementation and the non-answers", async () => {
    const result = await validateDraft(convDraft());
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.parameterized).toBe(true);
    expect(result.preview.selfCheck!.map((r) => [r.kind, r.expected, r.ok])).toEqual([
      ["reference", "1", true],
      ["misconception", "missing-padding", true],
      ["misconception", "flipped-kernel", true],
      ["misconception", "db-wrong-axis", true],
      ["misconception", "dw-transposed", true],
      ["non-answer", "0", true],
      ["non-answer", "0", true],
      ["non-answer", "0", true],
    ]);
  });

  it("a wrong implementation that is not recognised is an issue placed at its own fields", async () => {
    const draft = convDraft();
    const python = draft.fields.python as { misconceptions: { code: string }[] };
    // the same as the reference: it can never be told apart
    const same = { ...python, misconceptions: python.misconceptions.map((m, i) => (i === 2 ? { ...m, code: "pass\n" } : m)) };
    const result = await validateDraft({ ...draft, fields: { ...draft.fields, python: same } });
    expect(result).toMatchObject({ ok: false, issues: [{ field: "python.misconceptions.2", message: expect.stringMatching(/db-wrong-axis não foi reconhecida/) }] });
  });

  it("a wrong implementation that does not run is said in the editor's locale, at its own code", async () => {
    const draft = convDraft();
    const python = draft.fields.python as { misconceptions: { code: string }[] };
    const crashing = { ...python, misconceptions: python.misconceptions.map((m, i) => (i === 2 ? { ...m, code: "def conv_backward(:\n    pass\n" } : m)) };
    const broken = { ...draft, fields: { ...draft.fields, python: crashing } };
    const english = await validateDraft(broken, { locale: "en" });
    expect(english).toMatchObject({ ok: false, issues: [{ field: "python.misconceptions.2.code", message: expect.stringMatching(/^the wrong implementation db-wrong-axis: /) }] });
    expect(english.ok ? "" : english.issues[0]!.message).not.toMatch(/implementação|linha|código/);
    const portuguese = await validateDraft(broken);
    expect(portuguese).toMatchObject({ ok: false, issues: [{ field: "python.misconceptions.2.code", message: expect.stringMatching(/^a implementação errada db-wrong-axis: /) }] });
  });

  it("the editor's starter (ReLU) validates as it is", async () => {
    const result = await validateDraft({ fields: { id: "web-relu", type: "code", title: "ReLU", topic: "ativacoes", tags: [], source: { seed: "web", item: "relu" }, ...pythonCheckerStarter() }, prompt: "Implemente a ReLU.", solution: "Veja a referência." });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.preview.selfCheck!.every((r) => r.ok)).toBe(true);
  });

  it("a student's variant is prepared when assigned, and a wrong-axis answer gets the named misconception with partial credit", async () => {
    const f = course.fixture();
    const { db } = f.database;
    expect(await saveCourseQuestion(db, f.courseA, null, convDraft())).toMatchObject({ kind: "saved", version: 1 });
    const itemId = await publishedItem(f, ["web-conv"]);
    clearExpectedCache();
    await currentVariant(db, itemId, f.student);
    expect(expectedCacheSize()).toBe(1);

    const reference = (convDraft().fields.reference_solution as string).replace("return dx, dw, dout.sum(axis=(0, 2, 3))", "return dx, dw, dout.sum(axis=(1, 2, 3))");
    const outcome = await submitAnswer(db, { userId: f.student, courseId: f.courseA }, { itemId, answer: reference, idempotencyKey: "conv-1" });
    if (outcome.kind !== "accepted") throw new Error(JSON.stringify(outcome));
    const graded = await runGradingJob(db, { submissionId: outcome.submission.id }, "test-worker", 60);
    expect(graded).toMatchObject({ kind: "graded" });
    // db is 0.15 of the grade: the wrong axis earns 25% of it in the cases where it shows (not where N = F = 1)
    const score = (graded as { score: number }).score;
    expect(score).toBeGreaterThan(0.85);
    expect(score).toBeLessThan(1);
    const [stored] = await db.select().from(submissions).where(eq(submissions.id, outcome.submission.id));
    expect(JSON.stringify(stored!.feedback)).toMatch(/somou db no eixo errado/);
  });
});
