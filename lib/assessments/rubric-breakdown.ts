/** Which rubric items a manual grade met, as the student sees it once results are released. Pure. */
import type { RubricItem } from "@/domain/questions/base";

/** Each rubric line with its points and whether the grader awarded it; ids and internal fields stay out. */
export type RubricBreakdown = { text: string; points: number; met: boolean }[];

export function rubricBreakdown(rubric: readonly RubricItem[], awarded: readonly { id: string }[]): RubricBreakdown | null {
  if (rubric.length === 0) return null;
  return rubric.map((r) => ({ text: r.text, points: r.points, met: awarded.some((a) => a.id === r.id) }));
}
