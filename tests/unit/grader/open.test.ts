import { describe, expect, it } from "vitest";
import { gradeAnswer } from "@/grader/grade";
import { openType, type OpenQuestion } from "@/grader/types/open";
import type { GradeResult } from "@/domain/questions/base";
import { makeQuestion, TEN_MB } from "../questions/helpers";

const rubric = [
  { id: "r1", text: "Define stride", points: 1 },
  { id: "r2", text: "Cita o padrão 1", points: 0.5 },
];
const q = makeQuestion<OpenQuestion>({ type: "open", rubric }, { prompt: "O que é stride?", solution: "É o passo do filtro." });
const v = { seed: null, params: {} };

describe("open", () => {
  it("returns a pending result with score 0 and the rubric", () => {
    const result = openType.grade(q, v, "É o passo do filtro.") as GradeResult;
    expect(result).toMatchObject({ score: 0, pending: true, rubric });
    expect(result.feedback).toMatch(/corrigida manualmente/);
  });

  it("goes through gradeAnswer as graded + pending", async () => {
    expect(await gradeAnswer(q, v, "resposta")).toMatchObject({ status: "graded", score: 0, maxScore: 1, pending: true });
  });

  it.each([
    ["empty", ""],
    ["blank", "  \n "],
    ["a 10 MB string", TEN_MB],
    ["a number", 5 as unknown as string],
  ])("refuses %s as unreadable", (_, answer) => {
    expect(openType.grade(q, v, answer)).toMatchObject({ score: 0, invalid: true });
  });

  it("the reference answer is the answer key, graded as pending", () => {
    expect(openType.referenceAnswer(q, v)).toBe("É o passo do filtro.");
  });

  it("schema refuses an empty rubric and duplicate rubric ids", () => {
    expect(() => makeQuestion({ type: "open", rubric: [] })).toThrow(/rubric/);
    expect(() => makeQuestion({ type: "open", rubric: [rubric[0], rubric[0]] })).toThrow(/unique/);
  });
});
