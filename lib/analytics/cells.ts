/**
 * One student's results on one item, from their submissions. The rule for the best score is the gradebook's
 * (lib/assessments/student-view.ts#itemScores): a manual grade replaces the automatic score of its submission,
 * the attempt/late penalty applies to both, the best submission counts. Pure.
 */

export type SubmissionStatus = "queued" | "running" | "graded" | "error" | "pending_manual";

export interface SubmissionFacts {
  attemptNumber: number;
  status: SubmissionStatus;
  /** automatic score in [0,1] before penalties */
  score: number | null;
  penaltyFactor: number;
  /** manual grade in [0,1], overrides `score` */
  manualScore: number | null;
  submittedAt: Date;
}

export interface StudentItemCell {
  /** submissions that count as attempts (every one but platform errors) */
  attempts: number;
  /** best effective score in [0,1]; null when nothing is scored yet */
  best: number | null;
  /** some answer still waits for a manual grade */
  pending: boolean;
  /** the attempt number of the first fully correct answer (raw score 1, before penalties), null if none */
  firstCorrectAttempt: number | null;
  /** time between the first and the last submission, in ms (null with fewer than two submissions) */
  spanMs: number | null;
}

const FULL = 1 - 1e-9;

export function rawScore(s: Pick<SubmissionFacts, "score" | "manualScore">): number | null {
  return s.manualScore ?? s.score;
}

export function summarizeCell(rows: readonly SubmissionFacts[]): StudentItemCell {
  let attempts = 0;
  let best: number | null = null;
  let pending = false;
  let firstCorrectAttempt: number | null = null;
  let first = Infinity;
  let last = -Infinity;
  for (const row of rows) {
    if (row.status !== "error") attempts++;
    const raw = rawScore(row);
    if (raw !== null) {
      best = Math.max(best ?? 0, raw * row.penaltyFactor);
      if (raw >= FULL && (firstCorrectAttempt === null || row.attemptNumber < firstCorrectAttempt)) firstCorrectAttempt = row.attemptNumber;
    }
    if (row.status === "pending_manual" && row.manualScore === null) pending = true;
    first = Math.min(first, row.submittedAt.getTime());
    last = Math.max(last, row.submittedAt.getTime());
  }
  return { attempts, best, pending, firstCorrectAttempt, spanMs: rows.length >= 2 ? last - first : null };
}
