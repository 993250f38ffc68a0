/**
 * Analytics of one assessment from its items, its students and their submissions. Pure: the database part is
 * lib/analytics/load.ts. Population: every enrolled student appears in the per-student table; the distribution,
 * mean and median of totals use the participants (students with at least one submission in the assessment, an
 * unanswered item counting 0). Item statistics (facility, discrimination) use the students who answered the item
 * (an assessment still open would otherwise show every untouched item as "0 %"), leaving out answers that only wait
 * for a manual grade.
 */
import { misconceptionName } from "@/domain/questions/misconception-names";
import { summarizeCell, rawScore, type StudentItemCell, type SubmissionFacts } from "./cells";
import { discrimination, facility, histogram, mean, median, type HistogramBin } from "./stats";
import { groupBy, groupWrongAnswers, type QuestionForGrouping, type WrongAnswerGroup } from "./wrong-answers";

export interface AnalyticsItem {
  id: string;
  position: number;
  points: number;
  /** the item's pool: usually one question */
  questions: QuestionForGrouping[];
}

export interface AnalyticsStudent {
  id: string;
  name: string;
  email: string;
}

export interface AnalyticsSubmission extends SubmissionFacts {
  id: string;
  studentId: string;
  itemId: string;
  questionId: string;
  answer: string;
  /** feedback.misconception, when the grader recognised one */
  misconception: string | null;
  /** numeric questions: the correct value of the student's variant (null when unknown or not loaded) */
  reference?: number | null;
}

export interface ItemAnalytics {
  itemId: string;
  position: number;
  points: number;
  type: string;
  title: string;
  /** students with at least one submission on the item */
  attempted: number;
  submissions: number;
  /** submissions waiting for a manual grade */
  pendingManual: number;
  gradedManually: number;
  /** mean of the best effective scores of the students who answered, in [0,1] = facility index */
  facility: number | null;
  median: number | null;
  /** upper − lower 27 % (by assessment total) of the students who answered, in [−1,1] */
  discrimination: number | null;
  attemptsToFirstCorrect: { mean: number | null; median: number | null; reached: number; never: number };
  /** time between a student's first and last submission on the item (students with two or more submissions) */
  timeSpan: { medianMs: number | null; students: number };
  distribution: HistogramBin[];
  misconceptions: { label: string; name: string; count: number; students: number }[];
  wrongAnswers: WrongAnswerGroup[];
}

export interface StudentRow {
  studentId: string;
  name: string;
  email: string;
  participated: boolean;
  items: { itemId: string; best: number | null; attempts: number; pending: boolean }[];
  /** points: Σ best × item points */
  earned: number;
  /** earned / max points, in [0,1] */
  fraction: number;
}

export interface AssessmentAnalytics {
  maxPoints: number;
  enrolled: number;
  participants: number;
  submissions: number;
  pendingManual: number;
  mean: number | null;
  median: number | null;
  distribution: HistogramBin[];
  items: ItemAnalytics[];
  students: StudentRow[];
}

export interface AssessmentData {
  items: AnalyticsItem[];
  students: AnalyticsStudent[];
  submissions: AnalyticsSubmission[];
}

const emptyCell: StudentItemCell = { attempts: 0, best: null, pending: false, firstCorrectAttempt: null, spanMs: null };

export function analyzeAssessment(data: AssessmentData, options: { wrongAnswerLimit?: number } = {}): AssessmentAnalytics {
  const items = [...data.items].sort((a, b) => a.position - b.position);
  const maxPoints = items.reduce((sum, i) => sum + i.points, 0);
  const byStudentItem = groupBy(data.submissions, (s) => `${s.studentId}|${s.itemId}`);
  const cell = (studentId: string, itemId: string) => {
    const rows = byStudentItem.get(`${studentId}|${itemId}`);
    return rows ? summarizeCell(rows) : emptyCell;
  };
  const participantIds = new Set(data.submissions.map((s) => s.studentId));

  const students: StudentRow[] = data.students.map((student) => {
    const cells = items.map((item) => ({ item, cell: cell(student.id, item.id) }));
    const earned = cells.reduce((sum, { item, cell: c }) => sum + (c.best ?? 0) * item.points, 0);
    return {
      studentId: student.id,
      name: student.name,
      email: student.email,
      participated: participantIds.has(student.id),
      items: cells.map(({ item, cell: c }) => ({ itemId: item.id, best: c.best, attempts: c.attempts, pending: c.pending })),
      earned,
      fraction: maxPoints > 0 ? earned / maxPoints : 0,
    };
  });
  const participants = students.filter((s) => s.participated);
  const fractions = participants.map((s) => s.fraction);
  const submissionsByItem = groupBy(data.submissions, (s) => s.itemId);

  return {
    maxPoints,
    enrolled: data.students.length,
    participants: participants.length,
    submissions: data.submissions.length,
    pendingManual: data.submissions.filter((s) => s.status === "pending_manual" && s.manualScore === null).length,
    mean: mean(fractions),
    median: median(fractions),
    distribution: histogram(fractions),
    items: items.map((item) => analyzeItem(item, submissionsByItem.get(item.id) ?? [], participants, (studentId) => cell(studentId, item.id), options)),
    students,
  };
}

function analyzeItem(
  item: AnalyticsItem,
  submissions: AnalyticsSubmission[],
  participants: StudentRow[],
  cellOf: (studentId: string) => StudentItemCell,
  options: { wrongAnswerLimit?: number },
): ItemAnalytics {
  const cells = participants.map((p) => ({ student: p, cell: cellOf(p.studentId) }));
  const attempted = cells.filter((c) => c.cell.attempts > 0 || c.cell.pending);
  const scored = attempted.flatMap((c) => (c.cell.best === null ? [] : [c.cell.best]));
  const firstCorrect = attempted.flatMap((c) => (c.cell.firstCorrectAttempt === null ? [] : [c.cell.firstCorrectAttempt]));
  const never = attempted.filter((c) => c.cell.firstCorrectAttempt === null && c.cell.best !== null).length;
  const spans = attempted.flatMap((c) => (c.cell.spanMs === null ? [] : [c.cell.spanMs]));
  const types = [...new Set(item.questions.map((q) => q.type))];

  const misconceptionRows = submissions.filter((s) => s.misconception !== null);
  const misconceptions = [...groupBy(misconceptionRows, (s) => s.misconception!)]
    .map(([label, rows]) => ({
      label,
      name: misconceptionName(item.questions.find((q) => q.id === rows[0]!.questionId), label),
      count: rows.length,
      students: new Set(rows.map((r) => r.studentId)).size,
    }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));

  const wrong = submissions.filter((s) => s.status === "graded" && (rawScore(s) ?? 0) < 1 && item.questions.find((q) => q.id === s.questionId)?.type !== "open");

  return {
    itemId: item.id,
    position: item.position,
    points: item.points,
    type: types.length === 1 ? types[0]! : "pool",
    title: item.questions.map((q) => q.title).join(" / "),
    attempted: attempted.length,
    submissions: submissions.length,
    pendingManual: submissions.filter((s) => s.status === "pending_manual" && s.manualScore === null).length,
    gradedManually: submissions.filter((s) => s.manualScore !== null).length,
    facility: facility(scored),
    median: median(scored),
    discrimination: discrimination(attempted.map((c) => ({ studentId: c.student.studentId, total: c.student.earned, item: c.cell.best }))),
    attemptsToFirstCorrect: { mean: mean(firstCorrect), median: median(firstCorrect), reached: firstCorrect.length, never },
    timeSpan: { medianMs: median(spans), students: spans.length },
    distribution: histogram(scored, 5),
    misconceptions,
    wrongAnswers: groupWrongAnswers(
      item.questions,
      wrong.map((s) => ({ studentId: s.studentId, questionId: s.questionId, answer: s.answer, misconception: s.misconception, reference: s.reference })),
      options.wrongAnswerLimit,
    ),
  };
}
