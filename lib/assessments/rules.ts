/** The rules of an assessment, as pure functions of its settings, the student's situation and the clock. */

export interface AssessmentRules {
  kind: "homework" | "exam";
  published: boolean;
  opensAt: Date;
  closesAt: Date;
  timeLimitMinutes: number | null;
  attemptsAllowed: number;
  penaltySchedule: number[];
  latePolicy: "refuse" | "penalty";
  latePenaltyPerDay: number;
  resultsReleasedAt: Date | null;
}

export interface StudentSituation {
  extension: { closesAt: Date | null; extraMinutes: number } | null;
  /** when the student started a timed assessment (null: not started yet) */
  startedAt: Date | null;
  /** when the student pressed "Finalizar prova" (null/absent: not finished by hand) */
  finishedAt?: Date | null;
}

/** A timed assessment, for one student: before the start nothing of it is shown; once finished nothing is accepted. */
export type ExamState = "not-started" | "running" | "finished";

export type Refusal = "not-published" | "not-open" | "closed" | "time-up" | "not-started" | "finished" | "no-attempts-left";
export type SubmissionDecision = { ok: true; penaltyFactor: number; late: boolean } | { ok: false; reason: Refusal };

const DAY_MS = 24 * 60 * 60 * 1000;

export function effectiveClose(rules: AssessmentRules, situation: StudentSituation): Date {
  const extended = situation.extension?.closesAt;
  return extended && extended > rules.closesAt ? extended : rules.closesAt;
}

/** When a timed assessment ends for this student: start + limit (+ extra minutes), never after the close. */
export function timeLimitEnd(rules: AssessmentRules, situation: StudentSituation): Date | null {
  if (rules.timeLimitMinutes === null || situation.startedAt === null) return null;
  const minutes = rules.timeLimitMinutes + (situation.extension?.extraMinutes ?? 0);
  const end = new Date(situation.startedAt.getTime() + minutes * 60_000);
  const close = effectiveClose(rules, situation);
  return end < close ? end : close;
}

/** The exam state of a timed assessment (null for an untimed one): finished by hand, at its time limit or at the close. */
export function examState(rules: AssessmentRules, situation: StudentSituation, now: Date): ExamState | null {
  if (rules.timeLimitMinutes === null) return null;
  if (situation.finishedAt) return "finished";
  if (situation.startedAt === null) return now > effectiveClose(rules, situation) ? "finished" : "not-started";
  return now > timeLimitEnd(rules, situation)! ? "finished" : "running";
}

/** Milliseconds left of a running exam, computed on the server so that the browser's own clock never matters. */
export function remainingMs(rules: AssessmentRules, situation: StudentSituation, now: Date): number | null {
  const end = timeLimitEnd(rules, situation);
  if (end === null || examState(rules, situation, now) !== "running") return null;
  return Math.max(0, end.getTime() - now.getTime());
}

/**
 * How late an automatic submission at the end of the time may arrive: the browser sends what is saved when its
 * countdown reaches zero, and the request needs a moment to travel.
 */
export const AUTO_SUBMIT_GRACE_MS = 10_000;

/** Score multiplier for the n-th attempt (1-based); the schedule's last value applies to later attempts. */
export function attemptFactor(schedule: number[], attemptNumber: number): number {
  if (schedule.length === 0) return 1;
  return schedule[Math.min(attemptNumber, schedule.length) - 1]!;
}

/** Multiplier for a submission after the close under a per-day late penalty (each started day counts). */
export function lateFactor(rules: AssessmentRules, close: Date, now: Date): number {
  if (now <= close) return 1;
  const daysLate = Math.ceil((now.getTime() - close.getTime()) / DAY_MS);
  return Math.max(0, 1 - rules.latePenaltyPerDay * daysLate);
}

export function decideSubmission(
  rules: AssessmentRules,
  situation: StudentSituation,
  attemptsUsed: number,
  now: Date,
  options: { autoSubmit?: boolean } = {},
): SubmissionDecision {
  if (!rules.published) return { ok: false, reason: "not-published" };
  if (now < rules.opensAt) return { ok: false, reason: "not-open" };
  if (rules.timeLimitMinutes !== null) {
    if (situation.startedAt === null) return { ok: false, reason: "not-started" };
    if (situation.finishedAt) return { ok: false, reason: "finished" };
    const grace = options.autoSubmit ? AUTO_SUBMIT_GRACE_MS : 0;
    if (now.getTime() > timeLimitEnd(rules, situation)!.getTime() + grace) return { ok: false, reason: "time-up" };
  }
  const close = effectiveClose(rules, situation);
  let late = 1;
  if (now > close && !(rules.timeLimitMinutes !== null && options.autoSubmit && now.getTime() <= close.getTime() + AUTO_SUBMIT_GRACE_MS)) {
    if (rules.latePolicy === "refuse" || rules.timeLimitMinutes !== null) return { ok: false, reason: "closed" };
    late = lateFactor(rules, close, now);
    if (late <= 0) return { ok: false, reason: "closed" };
  }
  if (attemptsUsed >= rules.attemptsAllowed) return { ok: false, reason: "no-attempts-left" };
  return { ok: true, penaltyFactor: attemptFactor(rules.penaltySchedule, attemptsUsed + 1) * late, late: late < 1 };
}

/** Exams may hide scores and feedback until a release instant. */
export function resultsVisible(rules: AssessmentRules, now: Date): boolean {
  return rules.resultsReleasedAt === null || now >= rules.resultsReleasedAt;
}

/** The worked solution is shown once the student can no longer improve: out of attempts, a fully correct answer, or closed. */
export function solutionVisible(rules: AssessmentRules, situation: StudentSituation, attemptsUsed: number, bestRawScore: number | null, now: Date): boolean {
  if (!resultsVisible(rules, now)) return false;
  return attemptsUsed >= rules.attemptsAllowed || bestRawScore === 1 || now > effectiveClose(rules, situation);
}
