/** The rules of a score override, pure: what may be set, and when there is nothing to do. */

export const MIN_REASON = 3;
export const MAX_REASON = 500;

export type OverrideError = "reasonRequired" | "reasonTooLong" | "outOfRange" | "nothingToClear" | "unchanged";

export type OverrideDecision = { ok: true; score: number | null } | { ok: false; error: OverrideError };

/**
 * points: the item's new score in points (null removes the override, back to the computed score); the reason is
 * always required (it is shown to the student and kept in the audit log). Stored as a fraction of the item's points.
 */
export function decideOverride(input: { points: number | null; itemPoints: number; reason: string; current: number | null }): OverrideDecision {
  const reason = input.reason.trim();
  if (reason.length < MIN_REASON) return { ok: false, error: "reasonRequired" };
  if (reason.length > MAX_REASON) return { ok: false, error: "reasonTooLong" };
  if (input.points === null) return input.current === null ? { ok: false, error: "nothingToClear" } : { ok: true, score: null };
  if (!Number.isFinite(input.points) || input.points < 0 || input.points > input.itemPoints + 1e-9) return { ok: false, error: "outOfRange" };
  const score = Math.min(1, Math.round((input.points / input.itemPoints) * 1e6) / 1e6);
  if (input.current !== null && Math.abs(input.current - score) < 1e-9) return { ok: false, error: "unchanged" };
  return { ok: true, score };
}
