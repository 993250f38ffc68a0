/**
 * Variants that cannot be gamed (bank check): over many seeds, no constant or trivial answer may score above 1/3 on
 * average, and no misconception may coincide with the right answer of a variant that can be drawn (the student who
 * makes the mistake would be graded right: add a constraint so that variant is not drawn).
 */
import { gradeAnswer, makeVariant, referenceAnswer } from "@/grader/grade";
import { withinTolerance } from "@/grader/types/numeric/compare";
import type { Tolerance } from "@/grader/types/numeric/schema";
import type { AnyQuestion, Variant } from "@/domain/questions/base";
import type { LoadedQuestion } from "./load";
import { evaluateNumber } from "@/domain/questions/math";
import { isParameterized, variantScope, type Parameterized } from "@/domain/questions/params";

export const GAMING_SEEDS = 60;
export const MAX_TRIVIAL_SCORE = 1 / 3;
const GAMED_TYPES = new Set(["numeric", "symbolic", "matrix", "architecture"]);

/** Constant answers worth trying: the most frequent reference, the default variant's, 0 and 1, constant grids. */
function trivialAnswers(question: LoadedQuestion, references: string[], defaultReference: string): string[] {
  const counts = new Map<string, number>();
  for (const reference of references) counts.set(reference, (counts.get(reference) ?? 0) + 1);
  const mostFrequent = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
  const answers = new Set([mostFrequent, defaultReference]);
  if (question.type === "numeric" || question.type === "symbolic") ["0", "1"].forEach((a) => answers.add(a));
  if (question.type === "matrix") {
    const shape = JSON.parse(defaultReference) as number[][];
    const values = new Set(references.flatMap((r) => (JSON.parse(r) as number[][]).flat()));
    for (const value of [...values].slice(0, 40)) answers.add(JSON.stringify(shape.map((row) => row.map(() => value))));
  }
  return [...answers];
}

export async function checkGaming(question: LoadedQuestion, report: (message: string) => void, seeds = GAMING_SEEDS): Promise<void> {
  if (!GAMED_TYPES.has(question.type) || !isParameterized(question as AnyQuestion & Parameterized)) return;
  const variants: Variant[] = [];
  const references: string[] = [];
  try {
    for (let seed = 1; seed <= seeds; seed++) {
      const variant = makeVariant(question, seed);
      variants.push(variant);
      references.push(await referenceAnswer(question, variant));
    }
  } catch {
    return; // unsolvable variants are reported by the variant check
  }
  const distinct = new Set(references).size;
  const defaultReference = await referenceAnswer(question, makeVariant(question, null));
  const varying = question.type === "architecture" ? varyingItems(references) : null;
  for (const answer of trivialAnswers(question, references, defaultReference)) {
    let total = 0;
    for (const variant of variants) {
      const outcome = await gradeAnswer(question, variant, answer);
      if (outcome.status !== "graded") continue;
      // architecture: items that never change (a pooling layer's 0 parameters) are knowledge, not a guess
      const parts = varying && outcome.parts?.filter((part) => varying.has(part.name));
      total += parts && parts.length > 0 ? parts.reduce((sum, part) => sum + part.score, 0) / parts.length : outcome.score;
    }
    const mean = total / variants.length;
    if (mean > MAX_TRIVIAL_SCORE) {
      report(
        `gameable variants: the constant answer ${JSON.stringify(answer).slice(0, 80)} scores ${mean.toFixed(2)} on average over ` +
          `${seeds} seeds (at most ${MAX_TRIVIAL_SCORE.toFixed(2)}); ${distinct} distinct reference answers: widen the parameters`,
      );
      break;
    }
  }
  checkCollisions(question, variants, report);
}

/** Architecture items ("conv1.params") whose reference differs between variants. */
function varyingItems(references: string[]): Set<string> {
  const values = new Map<string, Set<string>>();
  for (const reference of references) {
    for (const [key, fields] of Object.entries(JSON.parse(reference) as Record<string, Record<string, unknown>>)) {
      for (const [field, value] of Object.entries(fields)) {
        const name = `${key}.${field}`;
        if (!values.has(name)) values.set(name, new Set());
        values.get(name)!.add(JSON.stringify(value));
      }
    }
  }
  return new Set([...values].filter(([, seen]) => seen.size > 1).map(([name]) => name));
}

/** numeric: a misconception whose value equals the reference in a drawable variant. */
function checkCollisions(question: LoadedQuestion, variants: Variant[], report: (message: string) => void) {
  if (question.type !== "numeric") return;
  const { misconceptions, tolerance, answer } = question as unknown as { misconceptions: { id: string; answer: string }[]; tolerance: Tolerance; answer: string };
  for (const misconception of misconceptions) {
    const colliding = variants.filter((variant) => {
      const scope = variantScope(question as AnyQuestion & Parameterized, variant);
      try {
        return withinTolerance(evaluateNumber(misconception.answer, scope), evaluateNumber(answer, scope), tolerance);
      } catch {
        return false;
      }
    });
    if (colliding.length > 0) {
      report(
        `misconception "${misconception.id}" equals the right answer in ${colliding.length} of ${variants.length} variants ` +
          `(e.g. seed ${colliding[0].seed} ${JSON.stringify(colliding[0].params)}): the mistake would be graded right; add a constraint so those variants are not drawn`,
      );
    }
  }
}
