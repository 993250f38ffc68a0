/**
 * What grading by groups costs a TA, counted in grading actions (one submit of a rubric choice) and exclusion clicks:
 * each group is graded once for the answers kept in it; outliers (left out by default) and single answers are graded
 * one by one; an answer the grouping put with others that deserve a different grade must be noticed, left out
 * (one click) and graded alone. Grading one by one costs one action per answer. Pure.
 */
import type { Grouping } from "./cluster";

export interface ClickCount {
  answers: number;
  groupActions: number;
  singleActions: number;
  exclusions: number;
  /** everything the TA clicks to grade every answer */
  clicks: number;
  answersPerClick: number;
  /** answers whose group would have given them another grade (the ones the TA must catch) */
  misgrouped: number;
}

/** `truth`: the grade a careful TA gives each answer (e.g. the awarded rubric ids joined). */
export function countClicks(grouping: Grouping, truth: ReadonlyMap<string, string>): ClickCount {
  let groupActions = 0;
  let singleActions = grouping.singles.length;
  let exclusions = 0;
  let answers = grouping.singles.length;
  for (const group of grouping.groups) {
    answers += group.members.length;
    const kept = group.members.filter((m) => !m.outlier);
    singleActions += group.members.length - kept.length;
    if (kept.length === 0) continue;
    const counts = new Map<string, number>();
    for (const m of kept) counts.set(truth.get(m.id) ?? "", (counts.get(truth.get(m.id) ?? "") ?? 0) + 1);
    const wrong = kept.length - Math.max(...counts.values());
    groupActions++;
    exclusions += wrong;
    singleActions += wrong;
  }
  const clicks = groupActions + singleActions + exclusions;
  return { answers, groupActions, singleActions, exclusions, clicks, answersPerClick: clicks === 0 ? 0 : answers / clicks, misgrouped: exclusions };
}
