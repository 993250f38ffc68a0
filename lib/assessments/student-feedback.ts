import type { Locale } from "@/domain/i18n/config";
import { currentLocale } from "@/lib/i18n/request-locale";
import type { Message } from "@/domain/i18n/translate";
import { localizedFeedback } from "@/domain/questions/feedback";
import type { SubmissionRow } from "./submit";

/**
 * What a student may see of a grading, and nothing else. The stored feedback also holds what must never reach a
 * student (an open question's rubric, an internal error's detail, analytics labels): each field here is copied
 * explicitly, so a new field in a grader's result stays on the server until someone adds it here.
 */
export interface StudentFeedback {
  /** the grader's message (Markdown) */
  feedback: string;
  /** per-part scores and messages (matrix cells, layers, code parts) */
  parts?: StudentFeedbackPart[];
  /** the answer could not be read (e.g. a syntax error found when grading): not a grade, and not an attempt */
  invalidAnswer?: true;
}

export interface StudentFeedbackPart {
  name: string;
  score: number;
  weight: number;
  feedback: string;
}

/** One submission as its author sees it. */
export interface SubmissionView {
  id: string;
  attemptNumber: number;
  status: SubmissionRow["status"];
  /** null while queued/running/pending or while results are hidden */
  score: number | null;
  penaltyFactor: number;
  feedback: StudentFeedback | null;
  resultsHidden: boolean;
}

const text = (value: unknown): string => (typeof value === "string" ? value : "");

const messagesOf = (raw: Record<string, unknown>) => (Array.isArray(raw.message) ? (raw.message as Message[]) : undefined);

function partOf(value: unknown, locale: Locale): StudentFeedbackPart | null {
  if (value === null || typeof value !== "object") return null;
  const part = value as Record<string, unknown>;
  if (typeof part.score !== "number" || typeof part.weight !== "number") return null;
  return { name: text(part.name), score: part.score, weight: part.weight, feedback: localizedFeedback({ feedback: text(part.feedback), message: messagesOf(part) }, locale) };
}

/** The stored feedback's message is said in the reader's locale (its message keys are kept in the database, not sent). */
export function studentFeedback(stored: unknown, locale: Locale = currentLocale()): StudentFeedback | null {
  if (stored === null || typeof stored !== "object") return null;
  const raw = stored as Record<string, unknown>;
  const view: StudentFeedback = { feedback: localizedFeedback({ feedback: text(raw.feedback), message: messagesOf(raw) }, locale) };
  if (Array.isArray(raw.parts)) view.parts = raw.parts.map((p) => partOf(p, locale)).filter((p): p is StudentFeedbackPart => p !== null);
  if (raw.invalidAnswer === true) view.invalidAnswer = true;
  return view;
}

/** Why an answer could not be read, and only that: no grade, so it is said even while results are hidden. */
function unreadableFeedback(row: SubmissionRow, locale: Locale): StudentFeedback | null {
  if (row.status !== "error" || row.feedback === null || typeof row.feedback !== "object") return null;
  const raw = row.feedback as Record<string, unknown>;
  if (raw.invalidAnswer !== true) return null;
  return { feedback: localizedFeedback({ feedback: text(raw.feedback), message: messagesOf(raw) }, locale), invalidAnswer: true };
}

export function viewOf(row: SubmissionRow, hidden: boolean, locale: Locale = currentLocale()): SubmissionView {
  return {
    id: row.id,
    attemptNumber: row.attemptNumber,
    status: row.status,
    score: hidden || row.score === null ? null : row.score * row.penaltyFactor,
    penaltyFactor: row.penaltyFactor,
    feedback: hidden ? unreadableFeedback(row, locale) : studentFeedback(row.feedback, locale),
    resultsHidden: hidden,
  };
}
