/**
 * Most common wrong answers, grouped so that equal answers written differently count together:
 * numeric answers by value (equal, or within the question's tolerance of the group's smallest value) — or, when the
 * students answered different variants, by the answer's ratio to their own variant's correct value, so that the same
 * mistake made on different numbers counts once —, multiple choice by the set of options picked, everything else by
 * normalised text. Pure.
 */
import { readPicks, type McqQuestion } from "@/grader/types/mcq";
import { withinTolerance } from "@/grader/types/numeric/compare";
import type { Tolerance } from "@/grader/types/numeric/schema";
import { answerSummary } from "@/lib/questions/answer-display";
import { misconceptionName } from "@/domain/questions/misconception-names";
import { formatNumber, parseNumber } from "@/domain/questions/numbers";

export interface QuestionForGrouping {
  id: string;
  type: string;
  title: string;
  /** numeric questions */
  tolerance?: Tolerance;
  /** mcq questions */
  options?: { id: string; correct: boolean }[];
  multiple?: boolean;
  /** numeric and symbolic questions: to name a recognised misconception */
  misconceptions?: { id: string; name?: string; feedback: string }[];
}

export interface WrongAnswer {
  studentId: string;
  questionId: string;
  answer: string;
  misconception: string | null;
  /** numeric questions: the correct value of the variant this answer was given for (null when unknown) */
  reference?: number | null;
}

export interface WrongAnswerGroup {
  questionId: string;
  kind: "number" | "ratio" | "options" | "text";
  /** how the group reads: a value (or range of values), an option set, or the normalised text */
  label: string;
  /** submissions in the group */
  count: number;
  /** distinct students */
  students: number;
  /** misconception labels found in the group's feedback, most frequent first */
  misconceptions: { label: string; name: string; count: number }[];
  /** a few answers as typed, distinct */
  examples: string[];
}

const MAX_EXAMPLES = 3;
const MAX_LABEL = 120;

/** Text answers compared without case, spacing or Unicode look-alike differences. */
export function normalizeText(answer: string): string {
  return answer.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim().replace(/\s*([()[\]{},;:=+\-*/^])\s*/g, "$1");
}

function truncate(text: string): string {
  return text.length > MAX_LABEL ? `${text.slice(0, MAX_LABEL - 1)}…` : text;
}

type Keyed = { key: string; kind: WrongAnswerGroup["kind"]; label: string; value?: number; entry: WrongAnswer };

function keyOf(question: QuestionForGrouping | undefined, entry: WrongAnswer): Keyed {
  if (question?.type === "numeric") {
    const parsed = parseNumber(entry.answer);
    if (parsed.ok) return { key: "", kind: "number", label: formatNumber(parsed.value), value: parsed.value, entry };
  }
  if (question?.type === "mcq" && question.options) {
    const picks = readPicks(question as unknown as McqQuestion, entry.answer);
    if (picks.ok) {
      const ids = [...picks.ids].sort();
      return { key: `options:${ids.join(",")}`, kind: "options", label: ids.join(", "), entry };
    }
  }
  const text = normalizeText(question ? answerSummary(question.type, entry.answer) : entry.answer);
  return { key: `text:${text}`, kind: "text", label: truncate(text), entry };
}

/** Greedy clustering of sorted values: a value joins the current group when it is within tolerance of the group's first value. */
export function clusterNumbers<T extends { value: number }>(items: readonly T[], tolerance: Tolerance | undefined): T[][] {
  const sorted = [...items].sort((a, b) => a.value - b.value);
  const groups: T[][] = [];
  for (const item of sorted) {
    const current = groups.at(-1);
    const anchor = current?.[0]?.value;
    const close = anchor !== undefined && (item.value === anchor || (tolerance !== undefined && withinTolerance(item.value, anchor, tolerance)));
    if (current && close) current.push(item);
    else groups.push([item]);
  }
  return groups;
}

/** Ratios closer than this (relative) count as the same mistake across variants. */
const RATIO_TOLERANCE: Tolerance = { rel: 0.005 };

/**
 * Numeric answers given for different variants (different correct values) are compared by their ratio to their own
 * variant's correct value; answers all given for one variant (or without a known reference) by value.
 */
function clusterNumeric(numbers: Keyed[], tolerance: Tolerance | undefined): Keyed[][] {
  const references = new Set(numbers.map((k) => k.entry.reference ?? null));
  const byRatio = references.size > 1 && !references.has(null) && !references.has(0);
  if (!byRatio) return clusterNumbers(numbers.map((k) => ({ ...k, value: k.value! })), tolerance);
  const ratios = numbers.map((k) => ({ ...k, kind: "ratio" as const, value: k.value! / k.entry.reference! }));
  return clusterNumbers(ratios, RATIO_TOLERANCE);
}

/** Map.groupBy is not in Node 20. */
export function groupBy<T, K>(items: Iterable<T>, keyOf: (item: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = map.get(key);
    if (list) list.push(item);
    else map.set(key, [item]);
  }
  return map;
}

function toGroup(questionId: string, members: Keyed[], question: QuestionForGrouping | undefined): WrongAnswerGroup {
  const first = members[0]!;
  let label = first.label;
  if (first.kind === "number" || first.kind === "ratio") {
    const values = members.map((m) => m.value!);
    const low = Math.min(...values);
    const high = Math.max(...values);
    const shown = (v: number) => formatNumber(first.kind === "ratio" ? Number(v.toPrecision(3)) : v);
    label = low === high ? shown(low) : `${shown(low)} … ${shown(high)}`;
    if (first.kind === "ratio") label = `${label} × a resposta certa`;
  }
  const misconceptionCounts = new Map<string, number>();
  for (const m of members) {
    if (m.entry.misconception) misconceptionCounts.set(m.entry.misconception, (misconceptionCounts.get(m.entry.misconception) ?? 0) + 1);
  }
  return {
    questionId,
    kind: first.kind,
    label,
    count: members.length,
    students: new Set(members.map((m) => m.entry.studentId)).size,
    misconceptions: [...misconceptionCounts].map(([l, count]) => ({ label: l, name: misconceptionName(question, l), count })).sort((a, b) => b.count - a.count || a.label.localeCompare(b.label)),
    examples: [...new Set(members.map((m) => (question ? answerSummary(question.type, m.entry.answer) : m.entry.answer).trim()))].slice(0, MAX_EXAMPLES).map(truncate),
  };
}

/** Groups wrong answers per question; the largest groups first (ties: by label), at most `limit`. */
export function groupWrongAnswers(questions: readonly QuestionForGrouping[], answers: readonly WrongAnswer[], limit = 10): WrongAnswerGroup[] {
  const byId = new Map(questions.map((q) => [q.id, q]));
  const groups: WrongAnswerGroup[] = [];
  const perQuestion = groupBy(answers, (a) => a.questionId);
  for (const [questionId, entries] of perQuestion) {
    const question = byId.get(questionId);
    const keyed = entries.map((e) => keyOf(question, e));
    const numbers = keyed.filter((k) => k.kind === "number");
    for (const cluster of clusterNumeric(numbers, question?.tolerance)) groups.push(toGroup(questionId, cluster, question));
    const others = groupBy(
      keyed.filter((k) => k.kind !== "number"),
      (k) => k.key,
    );
    for (const members of others.values()) groups.push(toGroup(questionId, members, question));
  }
  return groups.sort((a, b) => b.count - a.count || b.students - a.students || a.label.localeCompare(b.label)).slice(0, limit);
}
