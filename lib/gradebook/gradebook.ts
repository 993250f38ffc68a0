/**
 * The course gradebook: one row per student, one column per question of each assessment (best effective score ×
 * points, the same rule as the students' own grades page), a total per assessment and a course total. Pure.
 * Unpublished drafts and archived assessments keep their columns (marked) but stay out of the course total: students
 * do not see them, so they are not part of the grade.
 */
import type { AnalyticsItem, AnalyticsStudent, AnalyticsSubmission } from "@/lib/analytics/assessment";
import { summarizeCell } from "@/lib/analytics/cells";
import { groupBy } from "@/lib/analytics/wrong-answers";
import type { Locale } from "@/domain/i18n/config";
import { translate } from "@/domain/i18n/translate";
import { currentLocale } from "@/lib/i18n/request-locale";
import type { CsvCell } from "./csv";

export interface GradebookAssessment {
  id: string;
  title: string;
  items: AnalyticsItem[];
  published: boolean;
  archived?: boolean;
}

/** Whether an assessment's points count in the course total. */
export const countsInTotal = (a: { published: boolean; archived?: boolean }) => a.published && !a.archived;

export type GradebookColumn =
  | { kind: "item"; assessmentId: string; itemId: string; position: number; points: number }
  | { kind: "assessment-total"; assessmentId: string; points: number }
  | { kind: "total"; points: number };

export interface GradebookRow {
  studentId: string;
  name: string;
  email: string;
  /** points per column; null = nothing scored yet because the answer waits for a manual grade */
  cells: (number | null)[];
}

export interface Gradebook {
  assessments: { id: string; title: string; published: boolean; archived: boolean }[];
  columns: GradebookColumn[];
  rows: GradebookRow[];
}

export function buildGradebook(input: {
  assessments: GradebookAssessment[];
  students: AnalyticsStudent[];
  submissions: Pick<AnalyticsSubmission, "studentId" | "itemId" | "attemptNumber" | "status" | "score" | "penaltyFactor" | "manualScore" | "submittedAt">[];
  /** staff overrides by `${studentId}|${itemId}` (fraction of the item's points): they replace the computed score */
  overrides?: ReadonlyMap<string, number>;
}): Gradebook {
  const columns: GradebookColumn[] = [];
  for (const a of input.assessments) {
    const items = [...a.items].sort((x, y) => x.position - y.position);
    for (const item of items) columns.push({ kind: "item", assessmentId: a.id, itemId: item.id, position: item.position, points: item.points });
    columns.push({ kind: "assessment-total", assessmentId: a.id, points: items.reduce((s, i) => s + i.points, 0) });
  }
  const counted = new Set(input.assessments.filter(countsInTotal).map((a) => a.id));
  if (input.assessments.length > 1) columns.push({ kind: "total", points: columns.reduce((s, c) => s + (c.kind === "item" && counted.has(c.assessmentId) ? c.points : 0), 0) });

  const bySubmitter = groupBy(input.submissions, (s) => `${s.studentId}|${s.itemId}`);
  const rows = input.students.map((student) => {
    const perAssessment = new Map<string, number>();
    let total = 0;
    const cells = columns.map((column): number | null => {
      if (column.kind === "item") {
        const rows = bySubmitter.get(`${student.id}|${column.itemId}`);
        const cell = rows ? summarizeCell(rows) : null;
        const override = input.overrides?.get(`${student.id}|${column.itemId}`);
        const best = override ?? cell?.best ?? null;
        const points = best === null ? null : best * column.points;
        perAssessment.set(column.assessmentId, (perAssessment.get(column.assessmentId) ?? 0) + (points ?? 0));
        if (counted.has(column.assessmentId)) total += points ?? 0;
        if (points !== null) return points;
        return cell?.pending ? null : 0;
      }
      if (column.kind === "assessment-total") return perAssessment.get(column.assessmentId) ?? 0;
      return total;
    });
    return { studentId: student.id, name: student.name, email: student.email, cells };
  });
  return { assessments: input.assessments.map((a) => ({ id: a.id, title: a.title, published: a.published, archived: a.archived ?? false })), columns, rows };
}

export interface GradebookLabels {
  name: string;
  email: string;
  question: (n: number) => string;
  assessmentTotal: string;
  total: string;
  points: (points: number) => string;
  /** after the title of an assessment left out of the course total */
  draft: string;
  archived: string;
}

/** The column titles in a locale (messages review.csv.*): the CSV follows its reader's language. */
export function gradebookLabels(locale: Locale): GradebookLabels {
  return {
    name: translate(locale, "review.csv.student"),
    email: translate(locale, "review.csv.email"),
    question: (n) => translate(locale, "review.csv.gradebookQuestion", { n }),
    assessmentTotal: translate(locale, "review.csv.assessmentTotal"),
    total: translate(locale, "review.csv.grandTotal"),
    points: (points) => translate(locale, "review.csv.gradebookPoints", { points }),
    draft: translate(locale, "review.csv.draftOutOfTotal"),
    archived: translate(locale, "review.csv.archivedOutOfTotal"),
  };
}

export function columnLabel(gradebook: Gradebook, column: GradebookColumn, labels: GradebookLabels = gradebookLabels(currentLocale())): string {
  const title = (id: string) => {
    const a = gradebook.assessments.find((x) => x.id === id);
    if (!a) return id;
    return countsInTotal(a) ? a.title : `${a.title} ${a.archived ? labels.archived : labels.draft}`;
  };
  if (column.kind === "item") return `${title(column.assessmentId)} — ${labels.question(column.position)} (${labels.points(column.points)})`;
  if (column.kind === "assessment-total") return `${title(column.assessmentId)} — ${labels.assessmentTotal} (${labels.points(column.points)})`;
  return `${labels.total} (${labels.points(column.points)})`;
}

export function gradebookTable(gradebook: Gradebook, labels: GradebookLabels = gradebookLabels(currentLocale())): { header: string[]; rows: CsvCell[][] } {
  return {
    header: [labels.name, labels.email, ...gradebook.columns.map((c) => columnLabel(gradebook, c, labels))],
    rows: gradebook.rows.map((r) => [r.name, r.email, ...r.cells]),
  };
}
