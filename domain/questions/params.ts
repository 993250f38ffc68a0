import seedrandom from "seedrandom";
import { z } from "zod";
import type { ParamValue, Variant } from "./base";
import { evaluateExpression } from "./math";

const matrixValue = z.array(z.array(z.number()).min(1)).min(1);

/** One parameter: its `default` (the seed document's number) and how other variants draw it. */
export const paramSpecSchema = z
  .object({
    default: z.union([z.number(), matrixValue]),
    choices: z.array(z.number()).min(1).optional(),
    range: z.tuple([z.number(), z.number()]).optional(),
    step: z.number().positive().optional(),
    decimals: z.number().int().min(0).max(10).optional(),
    matrix: z
      .object({
        rows: z.number().int().min(1).max(64),
        cols: z.number().int().min(1).max(64),
        int: z.tuple([z.number().int(), z.number().int()]),
      })
      .optional(),
  })
  .strict()
  .superRefine((spec, ctx) => {
    const ways = [spec.choices, spec.range, spec.matrix].filter((w) => w !== undefined).length;
    if (ways > 1) ctx.addIssue({ code: "custom", message: "use only one of choices, range, matrix" });
    if (spec.range) {
      const [lo, hi] = spec.range;
      if (lo > hi) ctx.addIssue({ code: "custom", path: ["range"], message: "range must be [min, max] with min <= max" });
      if ((spec.step === undefined) === (spec.decimals === undefined)) {
        ctx.addIssue({ code: "custom", path: ["range"], message: "range needs exactly one of step or decimals" });
      }
    } else if (spec.step !== undefined || spec.decimals !== undefined) {
      ctx.addIssue({ code: "custom", message: "step/decimals only go with range" });
    }
    if (spec.matrix) {
      const [lo, hi] = spec.matrix.int;
      if (lo > hi) ctx.addIssue({ code: "custom", path: ["matrix", "int"], message: "int must be [lo, hi] with lo <= hi" });
      if (typeof spec.default === "number") ctx.addIssue({ code: "custom", path: ["default"], message: "a matrix parameter needs a matrix default" });
    } else if (typeof spec.default !== "number") {
      ctx.addIssue({ code: "custom", path: ["default"], message: "a matrix default needs `matrix: {rows, cols, int}`" });
    }
    if (Array.isArray(spec.default) && new Set(spec.default.map((row) => row.length)).size > 1) {
      ctx.addIssue({ code: "custom", path: ["default"], message: "matrix rows must have the same length" });
    }
  });
export type ParamSpec = z.infer<typeof paramSpecSchema>;

const nameSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, "parameter names are identifiers (letters, digits, _)");

/** The parameter block shared by numeric, symbolic, matrix and architecture questions. */
export const parameterFields = {
  params: z.record(nameSchema, paramSpecSchema).default({}),
  derived: z.record(nameSchema, z.string().min(1)).default({}),
  constraints: z.array(z.string().min(1)).default([]),
};

export interface Parameterized {
  params?: Record<string, ParamSpec>;
  derived?: Record<string, string>;
  constraints?: string[];
}

export const MAX_REDRAWS = 200;

export class UnsolvableVariantError extends Error {
  constructor(questionId: string, seed: number, constraints: string[]) {
    super(`question ${questionId}: seed ${seed} gave no variant satisfying [${constraints.join("; ")}] in ${MAX_REDRAWS} draws (unsolvable variant)`);
    this.name = "UnsolvableVariantError";
  }
}

export function isParameterized(question: Parameterized): boolean {
  return Object.values(question.params ?? {}).some((spec) => spec.choices || spec.range || spec.matrix);
}

/** Draws a variant's parameters. seed null: every default. The same seed always gives the same variant. */
export function drawVariant(question: Parameterized & { id: string }, seed: number | null): Variant {
  const specs = question.params ?? {};
  if (seed === null) {
    const params = Object.fromEntries(Object.entries(specs).map(([name, spec]) => [name, clone(spec.default)]));
    return { seed, params };
  }
  if (!Number.isSafeInteger(seed)) throw new Error(`variant seed must be an integer, got ${seed}`);
  const rng = seedrandom(`${question.id}:${seed}`);
  for (let attempt = 0; attempt < MAX_REDRAWS; attempt++) {
    const params = Object.fromEntries(Object.entries(specs).map(([name, spec]) => [name, drawParam(spec, rng)]));
    const variant = { seed, params };
    if (satisfiesConstraints(question, variant)) return variant;
  }
  throw new UnsolvableVariantError(question.id, seed, question.constraints ?? []);
}

function drawParam(spec: ParamSpec, rng: () => number): ParamValue {
  const pick = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
  if (spec.choices) return spec.choices[pick(0, spec.choices.length - 1)];
  if (spec.matrix) {
    const { rows, cols, int: [lo, hi] } = spec.matrix;
    return Array.from({ length: rows }, () => Array.from({ length: cols }, () => pick(lo, hi)));
  }
  if (spec.range) {
    const [lo, hi] = spec.range;
    if (spec.step !== undefined) {
      const count = Math.floor((hi - lo) / spec.step + 1e-9);
      return roundOff(lo + pick(0, count) * spec.step);
    }
    const factor = 10 ** (spec.decimals ?? 0);
    return pick(Math.ceil(lo * factor), Math.floor(hi * factor)) / factor;
  }
  return clone(spec.default);
}

/** Removes float noise such as 0.1 + 2 * 0.1 = 0.30000000000000004. */
function roundOff(value: number): number {
  return Number(value.toPrecision(12));
}

function clone(value: ParamValue): ParamValue {
  return typeof value === "number" ? value : value.map((row) => [...row]);
}

/** Drawn parameters plus the `derived` values, computed in order (each may use the ones before it). */
export function variantScope(question: Parameterized, variant: Variant): Record<string, unknown> {
  const scope: Record<string, unknown> = { ...variant.params };
  for (const [name, expression] of Object.entries(question.derived ?? {})) {
    try {
      scope[name] = evaluateExpression(expression, scope);
    } catch (error) {
      throw new Error(`derived "${name}" = "${expression}": ${(error as Error).message}`);
    }
  }
  return scope;
}

/** Returns the constraints the variant breaks (empty when it satisfies all). */
export function brokenConstraints(question: Parameterized, variant: Variant): string[] {
  const scope = variantScope(question, variant);
  return (question.constraints ?? []).filter((constraint) => {
    try {
      const value = evaluateExpression(constraint, scope);
      return !(value === true || value === 1);
    } catch (error) {
      throw new Error(`constraint "${constraint}": ${(error as Error).message}`);
    }
  });
}

function satisfiesConstraints(question: Parameterized, variant: Variant): boolean {
  if (!question.constraints?.length) return true;
  try {
    return brokenConstraints(question, variant).length === 0;
  } catch (error) {
    // a derived value that cannot be computed for these parameters (e.g. division by zero) counts as a failed draw
    if (/derived/.test((error as Error).message)) return false;
    throw error;
  }
}
