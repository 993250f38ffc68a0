/** The analytics of an assessment as plain tables (header + rows) for CSV downloads. Pure. */
import type { CsvCell } from "@/lib/gradebook/csv";
import type { Locale } from "@/domain/i18n/config";
import { currentLocale } from "@/lib/i18n/request-locale";
import { translate, type MessageValues } from "@/domain/i18n/translate";
import type { AssessmentAnalytics } from "./assessment";

export const analyticsTables = ["questions", "students", "wrong-answers", "misconceptions", "distribution"] as const;
export type AnalyticsTable = (typeof analyticsTables)[number];

const seconds = (ms: number | null) => (ms === null ? null : Math.round(ms / 1000));

const QUESTION_COLUMNS = ["question", "title", "type", "points", "attempted", "submissions", "pendingManual", "gradedManually", "facility", "median", "discrimination", "attemptsMean", "attemptsMedian", "reached", "never", "timeSpan", "repeaters"];

/** Column titles in the reader's locale (messages review.csv.*). */
const columns = (locale: Locale, keys: string[]) => keys.map((key) => translate(locale, `review.csv.${key}`));

export function analyticsTable(analytics: AssessmentAnalytics, table: AnalyticsTable, locale: Locale = currentLocale()): { header: string[]; rows: CsvCell[][] } {
  const cell = (key: string, values: MessageValues) => translate(locale, `review.csv.${key}`, values);
  switch (table) {
    case "questions":
      return {
        header: columns(locale, QUESTION_COLUMNS),
        rows: analytics.items.map((i) => [
          `Q${i.position}`, i.title, i.type, i.points, i.attempted, i.submissions, i.pendingManual, i.gradedManually,
          i.facility, i.median, i.discrimination, i.attemptsToFirstCorrect.mean, i.attemptsToFirstCorrect.median,
          i.attemptsToFirstCorrect.reached, i.attemptsToFirstCorrect.never, seconds(i.timeSpan.medianMs), i.timeSpan.students,
        ]),
      };
    case "students":
      return {
        header: [
          ...columns(locale, ["student", "email"]),
          ...analytics.items.flatMap((i) => [`Q${i.position} (0-1)`, cell("itemAttempts", { position: i.position })]),
          ...columns(locale, ["points", "maximum", "fraction"]),
        ],
        rows: analytics.students.map((s) => [
          s.name,
          s.email,
          ...s.items.flatMap((c) => [c.pending && c.best === null ? null : (c.best ?? 0), c.attempts]),
          s.earned,
          analytics.maxPoints,
          s.fraction,
        ]),
      };
    case "wrong-answers":
      return {
        header: columns(locale, ["question", "answerGroup", "groupKind", "submissions", "students", "misconceptions", "examples"]),
        rows: analytics.items.flatMap((i) =>
          i.wrongAnswers.map((g) => [`Q${i.position}`, g.label, g.kind, g.count, g.students, g.misconceptions.map((m) => `${m.name} (${m.count})`).join("; "), g.examples.join(" | ")]),
        ),
      };
    case "misconceptions":
      return {
        header: columns(locale, ["question", "misconception", "submissions", "students", "label"]),
        rows: analytics.items.flatMap((i) => i.misconceptions.map((m) => [`Q${i.position}`, m.name, m.count, m.students, m.label])),
      };
    case "distribution":
      return {
        header: columns(locale, ["from", "to", "students"]),
        rows: analytics.distribution.map((b) => [Math.round(b.from * 100), Math.round(b.to * 100), b.count]),
      };
  }
}
