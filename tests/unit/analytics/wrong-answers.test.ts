import { describe, expect, it } from "vitest";
import { clusterNumbers, groupWrongAnswers, normalizeText, type QuestionForGrouping, type WrongAnswer } from "@/lib/analytics/wrong-answers";

const numericExact: QuestionForGrouping = { id: "n", type: "numeric", title: "N", tolerance: { mode: "integer" } };
const numericAbs: QuestionForGrouping = { id: "x", type: "numeric", title: "X", tolerance: { abs: 0.01 } };
const mcq: QuestionForGrouping = {
  id: "m",
  type: "mcq",
  title: "M",
  multiple: true,
  options: [
    { id: "a", correct: true },
    { id: "b", correct: false },
    { id: "c", correct: true },
  ],
};
const symbolic: QuestionForGrouping = { id: "s", type: "symbolic", title: "S" };

const wrong = (questionId: string, answer: string, studentId = `u-${answer}`, misconception: string | null = null): WrongAnswer => ({ questionId, answer, studentId, misconception });

describe("grouping wrong answers", () => {
  it("numeric answers group by value whatever the writing: 61 702, 61702, 6,1702e4", () => {
    const groups = groupWrongAnswers([numericExact], [wrong("n", "61 702", "a"), wrong("n", "61702", "b"), wrong("n", "6,1702e4", "c"), wrong("n", "61706,5", "d")]);
    expect(groups[0]).toMatchObject({ kind: "number", label: "61\u202f702", count: 3, students: 3 });
    expect(groups[0]!.examples).toEqual(["61 702", "61702", "6,1702e4"]);
    expect(groups[1]).toMatchObject({ label: "61\u202f706,5", count: 1 });
  });

  it("numeric answers within the question's tolerance of the group's first value join it, others do not", () => {
    const groups = groupWrongAnswers([numericAbs], [wrong("x", "0,50"), wrong("x", "0,505"), wrong("x", "0,509"), wrong("x", "0,52"), wrong("x", "0,53")]);
    expect(groups.map((g) => [g.label, g.count])).toEqual([
      ["0,5 … 0,509", 3],
      ["0,52 … 0,53", 2],
    ]);
  });

  it("answers to different variants group by their ratio to each variant's correct value", () => {
    const withRef = (answer: string, reference: number, studentId: string): WrongAnswer => ({ ...wrong("n", answer, studentId), reference });
    // two students doubled their own (different) correct value; two others made unrelated slips
    const groups = groupWrongAnswers([numericExact], [withRef("56", 28, "a"), withRef("64", 32, "b"), withRef("26", 28, "c"), withRef("31", 32, "d")]);
    expect(groups[0]).toMatchObject({ kind: "ratio", label: "2 × a resposta certa", count: 2, students: 2 });
    expect(groups.filter((g) => g.kind === "ratio")).toHaveLength(3);
  });

  it("answers all given for the same variant still group by value", () => {
    const withRef = (answer: string, studentId: string): WrongAnswer => ({ ...wrong("n", answer, studentId), reference: 61706 });
    const groups = groupWrongAnswers([numericExact], [withRef("61702", "a"), withRef("61702", "b")]);
    expect(groups[0]).toMatchObject({ kind: "number", label: "61\u202f702", count: 2 });
  });

  it("clusterNumbers without tolerance groups only equal values", () => {
    const clusters = clusterNumbers([{ value: 2 }, { value: 1 }, { value: 2 }, { value: 1.0001 }], undefined);
    expect(clusters.map((c) => c.length)).toEqual([1, 1, 2]);
  });

  it("multiple choice groups by the set of options, in any order or case", () => {
    const groups = groupWrongAnswers([mcq], [wrong("m", "a,b", "1"), wrong("m", "B; A", "2"), wrong("m", "b", "3"), wrong("m", "a, b", "1")]);
    expect(groups[0]).toMatchObject({ kind: "options", label: "a, b", count: 3, students: 2 });
    expect(groups[1]).toMatchObject({ label: "b", count: 1 });
  });

  it("other types group by normalised text: case, spaces and look-alike characters do not matter", () => {
    expect(normalizeText("  2 / ( 9 * C1 ) ")).toBe("2/(9*c1)");
    expect(normalizeText("ｘ＋１")).toBe("x+1");
    const groups = groupWrongAnswers([symbolic], [wrong("s", "1/(9*C1)"), wrong("s", "1 / (9 * C1)"), wrong("s", "2/C1")]);
    expect(groups.map((g) => [g.kind, g.label, g.count])).toEqual([
      ["text", "1/(9*c1)", 2],
      ["text", "2/c1", 1],
    ]);
  });

  it("counts the misconception labels found in each group, most frequent first", () => {
    const groups = groupWrongAnswers(
      [numericExact],
      [wrong("n", "10", "a", "sem-bias"), wrong("n", "10", "b", "sem-bias"), wrong("n", "10", "c", "outra"), wrong("n", "10", "d")],
    );
    expect(groups[0]!.misconceptions).toEqual([
      { label: "sem-bias", name: "sem bias", count: 2 },
      { label: "outra", name: "outra", count: 1 },
    ]);
  });

  it("keeps questions of a pool apart, orders by size and applies the limit", () => {
    const answers = [wrong("n", "5"), wrong("x", "5"), wrong("x", "5", "other"), wrong("n", "7")];
    const groups = groupWrongAnswers([numericExact, numericAbs], answers, 2);
    expect(groups).toHaveLength(2);
    expect(groups[0]).toMatchObject({ questionId: "x", label: "5", count: 2 });
  });
});
