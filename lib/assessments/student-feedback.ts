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
  return view;
}

export function viewOf(row: SubmissionRow, hidden: boolean, locale: Locale = currentLocale()): SubmissionView {
  return {
    id: row.id,
    attemptNumber: row.attemptNumber,
    status: row.status,
    score: hidden || row.score === null ? null : row.score * row.penaltyFactor,
    penaltyFactor: row.penaltyFactor,
    feedback: hidden ? null : studentFeedback(row.feedback, locale),
    resultsHidden: hidden,
  };
}
