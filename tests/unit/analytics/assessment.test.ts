import { describe, expect, it } from "vitest";
import { analyzeAssessment, type AnalyticsSubmission } from "@/lib/analytics/assessment";
import { summarizeCell } from "@/lib/analytics/cells";

const t0 = new Date("2026-03-01T10:00:00Z");
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

let counter = 0;
function sub(studentId: string, itemId: string, attemptNumber: number, fields: Partial<AnalyticsSubmission> = {}): AnalyticsSubmission {
  return {
    id: `sub-${++counter}`,
    studentId,
    itemId,
    questionId: itemId === "i1" ? "q-num" : "q-open",
    attemptNumber,
    status: "graded",
    score: 0,
    penaltyFactor: 1,
    manualScore: null,
    submittedAt: at(attemptNumber),
    answer: "",
    misconception: null,
    ...fields,
  };
}

describe("one student's results on one item", () => {
  it("best effective score with penalties, the manual grade overriding the automatic one", () => {
    const cell = summarizeCell([
      sub("a", "i1", 1, { score: 0.5 }),
      sub("a", "i1", 2, { score: 1, penaltyFactor: 0.8, submittedAt: at(12) }),
      sub("a", "i1", 3, { score: 0, manualScore: 0.9, penaltyFactor: 0.6 }),
    ]);
    expect(cell).toMatchObject({ attempts: 3, best: 0.8, pending: false, firstCorrectAttempt: 2, spanMs: 11 * 60_000 });
  });

  it("platform errors are not attempts; an answer waiting for a manual grade is pending and unscored", () => {
    const cell = summarizeCell([sub("a", "i2", 1, { status: "error", score: null }), sub("a", "i2", 2, { status: "pending_manual", score: null })]);
    expect(cell).toMatchObject({ attempts: 1, best: null, pending: true, firstCorrectAttempt: null });
    expect(summarizeCell([sub("a", "i2", 1, { status: "pending_manual", score: null, manualScore: 1 })])).toMatchObject({ best: 1, pending: false, firstCorrectAttempt: 1, spanMs: null });
  });
});

describe("assessment analytics", () => {
  const items = [
    { id: "i1", position: 1, points: 2, questions: [{ id: "q-num", type: "numeric", title: "Parâmetros", tolerance: { mode: "integer" as const } }] },
    { id: "i2", position: 2, points: 1, questions: [{ id: "q-open", type: "open", title: "Stride" }] },
  ];
  const students = ["a", "b", "c", "d"].map((id) => ({ id, name: id.toUpperCase(), email: `${id}@x.dev` }));
  const submissions = [
    // a: right at once on i1, open answer graded 1
    sub("a", "i1", 1, { score: 1, answer: "61706" }),
    sub("a", "i2", 1, { status: "pending_manual", score: null, manualScore: 1 }),
    // b: wrong twice (same misconception, same value written differently), then right with penalty
    sub("b", "i1", 1, { answer: "61 702", misconception: "gabarito-f6-80-unidades" }),
    sub("b", "i1", 2, { answer: "61702", misconception: "gabarito-f6-80-unidades", submittedAt: at(5) }),
    sub("b", "i1", 3, { score: 1, penaltyFactor: 0.6, answer: "61706", submittedAt: at(9) }),
    sub("b", "i2", 1, { status: "pending_manual", score: null }),
    // c: wrong once on i1, nothing else
    sub("c", "i1", 1, { answer: "61702", misconception: "gabarito-f6-80-unidades" }),
    // d: no submission at all (enrolled, not a participant)
  ];
  const result = analyzeAssessment({ items, students, submissions });

  it("summary: participants, submissions, pending answers, distribution of totals", () => {
    expect(result).toMatchObject({ maxPoints: 3, enrolled: 4, participants: 3, submissions: 7, pendingManual: 1 });
    // totals: a 3/3, b 1.2/3, c 0
    expect(result.mean).toBeCloseTo((1 + 0.4 + 0) / 3);
    expect(result.median).toBeCloseTo(0.4);
    expect(result.distribution.map((b) => b.count)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
  });

  it("per question: facility, discrimination, attempts to first correct, time span", () => {
    const [q1, q2] = result.items;
    expect(q1).toMatchObject({ position: 1, type: "numeric", attempted: 3, submissions: 5, pendingManual: 0 });
    expect(q1!.facility).toBeCloseTo((1 + 0.6 + 0) / 3);
    // 3 participants: groups of 1; upper = a (1), lower = c (0)
    expect(q1!.discrimination).toBe(1);
    expect(q1!.attemptsToFirstCorrect).toEqual({ mean: 2, median: 2, reached: 2, never: 1 });
    expect(q1!.timeSpan).toEqual({ medianMs: 8 * 60_000, students: 1 });
    // open item: a got 1, b waits for a grade (left out), c did not answer it (not counted in item statistics)
    expect(q2).toMatchObject({ type: "open", attempted: 2, pendingManual: 1, gradedManually: 1, facility: 1 });
    // groups of one: a (upper) scored 1, b (lower) has no score yet
    expect(q2!.discrimination).toBeNull();
    expect(q2!.wrongAnswers).toEqual([]);
  });

  it("wrong answers grouped by value and misconceptions counted per question", () => {
    const [q1] = result.items;
    expect(q1!.wrongAnswers).toHaveLength(1);
    expect(q1!.wrongAnswers[0]).toMatchObject({ label: "61\u202f702", count: 3, students: 2, misconceptions: [{ label: "gabarito-f6-80-unidades", count: 3 }] });
    expect(q1!.misconceptions).toEqual([{ label: "gabarito-f6-80-unidades", name: expect.any(String), count: 3, students: 2 }]);
    expect(q1!.misconceptions[0]!.name).not.toBe("gabarito-f6-80-unidades");
  });

  it("per student: every enrolled student, points and fraction", () => {
    expect(result.students.map((s) => [s.studentId, s.participated, Math.round(s.earned * 100) / 100])).toEqual([
      ["a", true, 3],
      ["b", true, 1.2],
      ["c", true, 0],
      ["d", false, 0],
    ]);
    expect(result.students[1]!.items[1]).toEqual({ itemId: "i2", best: null, attempts: 1, pending: true });
  });
});
