/** Rubric scoring for manual grades. Pure. */
import type { RubricItem } from "@/domain/questions/base";

/** `error`: a message key (messages/<locale>/api.json) with its values */
export type RubricScore = { ok: true; score: number; awarded: { id: string; points: number }[] } | { ok: false; error: string; values?: { item: string } };

/** score = awarded points / total points, in [0,1]; an id that is not in the rubric is an error (stale form). */
export function scoreFromRubric(rubric: readonly RubricItem[], awardedIds: readonly string[]): RubricScore {
  const total = rubric.reduce((sum, r) => sum + r.points, 0);
  if (rubric.length === 0 || !(total > 0)) return { ok: false, error: "api.manualGrading.noRubric" };
  const unknown = awardedIds.find((id) => !rubric.some((r) => r.id === id));
  if (unknown !== undefined) return { ok: false, error: "api.manualGrading.unknownItem", values: { item: unknown } };
  const awarded = rubric.filter((r) => awardedIds.includes(r.id)).map((r) => ({ id: r.id, points: r.points }));
  const points = awarded.reduce((sum, r) => sum + r.points, 0);
  return { ok: true, score: Math.min(1, points / total), awarded };
}

/** Reads the rubric field of a stored question version (open questions); empty when the question has none. */
export function rubricOf(content: unknown): RubricItem[] {
  const rubric = (content as { rubric?: unknown } | null)?.rubric;
  if (!Array.isArray(rubric)) return [];
  return rubric.filter(
    (r): r is RubricItem => typeof r === "object" && r !== null && typeof r.id === "string" && typeof r.text === "string" && typeof r.points === "number",
  );
}
