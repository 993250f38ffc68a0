import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { analyzeAssessment } from "@/lib/analytics/assessment";
import { translate } from "@/domain/i18n/translate";
import { analyticsTable, analyticsTables } from "@/lib/analytics/tables";
import { BOM, safeFileName, toCsv } from "@/lib/gradebook/csv";
import { buildGradebook, gradebookLabels, gradebookTable } from "@/lib/gradebook/gradebook";
import { scoreFromRubric } from "@/lib/manual-grading/rubric";

const when = new Date("2026-03-01T10:00:00Z");
const base = { status: "graded" as const, penaltyFactor: 1, manualScore: null, submittedAt: when };

describe("gradebook", () => {
  const assessments = [
    { id: "A", title: "Lista 1", published: true, items: [{ id: "a2", position: 2, points: 1, questions: [] }, { id: "a1", position: 1, points: 2, questions: [] }] },
    { id: "B", title: "Prova", published: true, items: [{ id: "b1", position: 1, points: 3, questions: [] }] },
  ];
  const students = [
    { id: "s1", name: "Ana", email: "ana@x.dev" },
    { id: "s2", name: "=cmd()", email: "evil@x.dev" },
  ];
  const gradebook = buildGradebook({
    assessments,
    students,
    submissions: [
      { ...base, studentId: "s1", itemId: "a1", attemptNumber: 1, score: 0.5 },
      { ...base, studentId: "s1", itemId: "a1", attemptNumber: 2, score: 1, penaltyFactor: 0.8 },
      { ...base, studentId: "s1", itemId: "a2", attemptNumber: 1, status: "pending_manual", score: null, manualScore: 0.75 },
      { ...base, studentId: "s2", itemId: "a2", attemptNumber: 1, status: "pending_manual", score: null },
      { ...base, studentId: "s2", itemId: "b1", attemptNumber: 1, score: 1 },
    ],
  });

  it("one column per question in position order, a total per assessment and a course total", () => {
    const { header, rows } = gradebookTable(gradebook);
    expect(header).toEqual([
      "Aluno(a)",
      "E-mail",
      "Lista 1 — Q1 (2 pts)",
      "Lista 1 — Q2 (1 pt)",
      "Lista 1 — Total (3 pts)",
      "Prova — Q1 (3 pts)",
      "Prova — Total (3 pts)",
      "Total geral (6 pts)",
    ]);
    // in English: the same columns (assessment titles are the course's), the platform's words translated
    expect(gradebookTable(gradebook, gradebookLabels("en")).header).toEqual(["Student", "E-mail", ...header.slice(2, -1), "Course total (6 pts)"]);
    // best effective × points: Q1 max(0.5, 0.8) × 2 = 1.6; Q2 manual 0.75 × 1
    expect(rows[0]).toEqual(["Ana", "ana@x.dev", 1.6, 0.75, 2.35, 0, 0, 2.35]);
    // a pending answer is an empty cell (not yet graded), not 0
    expect(rows[1]).toEqual(["=cmd()", "evil@x.dev", 0, null, 0, 3, 3, 3]);
  });

  it("CSV: BOM, CRLF, formulas neutralised, pt-BR Excel dialect with semicolons and decimal commas", () => {
    const { header, rows } = gradebookTable(gradebook);
    const csv = toCsv(header, rows);
    expect(csv.startsWith(BOM)).toBe(true);
    expect(csv).toContain("\r\n");
    const parsed = Papa.parse<string[]>(csv.slice(1).trim(), { delimiter: "," }).data;
    expect(parsed[0]![2]).toBe("Lista 1 — Q1 (2 pts)");
    expect(parsed[1]).toEqual(["Ana", "ana@x.dev", "1.6", "0.75", "2.35", "0", "0", "2.35"]);
    expect(parsed[2]![0]).toBe("'=cmd()");
    const excel = Papa.parse<string[]>(toCsv(header, rows, "semicolon").slice(1).trim(), { delimiter: ";" }).data;
    expect(excel[1]![2]).toBe("1,6");
  });

  it("file names are ascii", () => {
    expect(safeFileName("notas-redes-convolucionais-Lista 1 — Ação")).toBe("notas-redes-convolucionais-lista-1-acao.csv");
  });
});

describe("analytics tables for download", () => {
  it("the API's refusal of an unknown table names every table, in both locales", () => {
    for (const locale of ["en", "pt-BR"] as const) {
      const text = translate(locale, "validation.analyticsTable");
      for (const table of analyticsTables) expect(text, locale).toContain(table);
    }
  });

  it("every table has as many cells per row as header columns", () => {
    const analytics = analyzeAssessment({
      items: [{ id: "i", position: 1, points: 1, questions: [{ id: "q", type: "numeric", title: "Q", tolerance: { mode: "integer" } }] }],
      students: [{ id: "s", name: "S", email: "s@x.dev" }],
      submissions: [{ ...base, id: "x", studentId: "s", itemId: "i", questionId: "q", attemptNumber: 1, score: 0, answer: "3", misconception: "m" }],
    });
    for (const table of analyticsTables) {
      const { header, rows } = analyticsTable(analytics, table);
      expect(rows.length, table).toBeGreaterThan(0);
      for (const row of rows) expect(row, table).toHaveLength(header.length);
    }
    expect(analyticsTable(analytics, "students", "en").header).toEqual(["Student", "E-mail", "Q1 (0-1)", "Q1 attempts", "Points", "Maximum", "Fraction (0-1)"]);
    expect(analyticsTable(analytics, "students").header[0]).toBe("Aluno(a)");
  });
});

describe("rubric score", () => {
  const rubric = [
    { id: "r1", text: "a", points: 2 },
    { id: "r2", text: "b", points: 1 },
    { id: "r3", text: "c", points: 1 },
  ];
  it("awarded points over total points", () => {
    expect(scoreFromRubric(rubric, ["r1", "r3"])).toEqual({ ok: true, score: 0.75, awarded: [{ id: "r1", points: 2 }, { id: "r3", points: 1 }] });
    expect(scoreFromRubric(rubric, [])).toMatchObject({ ok: true, score: 0 });
    expect(scoreFromRubric(rubric, ["r1", "r2", "r3", "r1"])).toMatchObject({ ok: true, score: 1 });
  });
  it("refuses unknown items and questions without a rubric", () => {
    expect(scoreFromRubric(rubric, ["r9"])).toMatchObject({ ok: false });
    expect(scoreFromRubric([], [])).toMatchObject({ ok: false });
  });
});
