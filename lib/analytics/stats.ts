/** Descriptive statistics for scores in [0,1]. Pure. */

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export interface HistogramBin {
  /** lower bound, inclusive */
  from: number;
  /** upper bound, exclusive except for the last bin, which includes 1 */
  to: number;
  count: number;
}

/** Counts fractions in [0,1] into `bins` equal bins; the last bin holds 1 (a full score). */
export function histogram(values: readonly number[], bins = 10): HistogramBin[] {
  const result = Array.from({ length: bins }, (_, i) => ({ from: i / bins, to: (i + 1) / bins, count: 0 }));
  for (const value of values) {
    const clamped = Math.min(1, Math.max(0, value));
    // the small slack keeps 0.3 (= 0.30000000000000004 / 0.1 in floats) in the 30–40 % bin
    const index = Math.min(bins - 1, Math.floor(clamped * bins + 1e-9));
    result[index]!.count++;
  }
  return result;
}

/** Facility (difficulty) index: the mean score on the item, in [0,1]; students without a score yet are left out. */
export function facility(scores: readonly (number | null)[]): number | null {
  return mean(scores.filter((s): s is number => s !== null));
}

export interface StudentScores {
  studentId: string;
  /** the student's assessment total, used to rank students */
  total: number;
  /** the student's score on the item in [0,1], null when not scored yet (e.g. waiting for manual grading) */
  item: number | null;
}

/** The size of the upper and lower groups: 27 % of the students, at least one. */
export function groupSize(students: number, fraction = 0.27): number {
  return Math.max(1, Math.round(students * fraction));
}

/**
 * Discrimination index D = mean item score of the upper group − that of the lower group, the groups being the top and
 * bottom 27 % of students ranked by assessment total (ties broken by student id, so the result is reproducible).
 * In [−1, 1]; null with fewer than 2 students or when a group has no scored answer on the item.
 */
export function discrimination(students: readonly StudentScores[], fraction = 0.27): number | null {
  if (students.length < 2) return null;
  const ranked = [...students].sort((a, b) => b.total - a.total || (a.studentId < b.studentId ? -1 : a.studentId > b.studentId ? 1 : 0));
  const size = Math.min(groupSize(ranked.length, fraction), Math.floor(ranked.length / 2));
  const upper = mean(ranked.slice(0, size).flatMap((s) => (s.item === null ? [] : [s.item])));
  const lower = mean(ranked.slice(-size).flatMap((s) => (s.item === null ? [] : [s.item])));
  if (upper === null || lower === null) return null;
  return upper - lower;
}
