import type { Float64Tensor } from "@/grader/sandbox/types";
import { evaluateExpression, evaluateNumber } from "@/domain/questions/math";
import { normal, rngFor, uniform, type Rng } from "../checkers/random";
import { caseKind, caseName, type CheckerCase } from "../checkers/types";
import type { Message } from "@/domain/i18n/translate";
import type { ArrayInput, Distribution, PythonChecker, PythonInput } from "./spec";

const MAX_DRAWS = 5000;

/** A drawn case: what the sandbox receives, plus the dimensions and scalars it was drawn with (for statistics). */
export interface DrawnCase extends CheckerCase {
  scope: Record<string, number>;
}

const isArray = (def: PythonInput): def is ArrayInput => "shape" in def;

function drawScalar(rng: Rng, def: PythonInput): number {
  if ("int" in def) return def.int[0] + Math.floor(rng() * (def.int[1] - def.int[0] + 1));
  if ("choices" in def) return def.choices[Math.floor(rng() * def.choices.length)]!;
  if ("float" in def) {
    const v = uniform(rng, def.float[0], def.float[1]);
    return def.decimals === undefined ? v : Number(v.toFixed(def.decimals));
  }
  throw new Error("not a scalar input");
}

function drawEntries(rng: Rng, dist: Distribution, size: number): Float64Array {
  const data = new Float64Array(size);
  if (dist === "distinct") {
    // a shuffled ladder: every gap ≥ 0.01, far above any finite-difference step
    const order = Array.from({ length: size }, (_, i) => i);
    for (let i = size - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const spacing = 4 / Math.max(size, 1);
    order.forEach((rank, i) => (data[i] = -2 + spacing * (rank + 0.25 + 0.5 * rng()) ));
    return data;
  }
  for (let i = 0; i < size; i++) {
    if (dist === "normal") data[i] = normal(rng);
    else if (dist === "uniform") data[i] = uniform(rng, -1, 1);
    else if (dist === "positive") data[i] = uniform(rng, 0.1, 2);
    else if ("normal" in dist) data[i] = dist.normal[0] + dist.normal[1] * normal(rng);
    else if ("uniform" in dist) data[i] = uniform(rng, dist.uniform[0], dist.uniform[1]);
    else data[i] = dist.int[0] + Math.floor(rng() * (dist.int[1] - dist.int[0] + 1));
  }
  return data;
}

function resolveShape(def: ArrayInput, scope: Record<string, number>, input: string): number[] {
  return def.shape.map((d) => {
    const v = typeof d === "number" ? d : scope[d];
    if (v === undefined || !Number.isInteger(v) || v < 1) throw new Error(`input ${input}: dimension ${d} = ${v} is not a positive integer`);
    return v;
  });
}

/** Derived dimensions in order, then every constraint; null when the draw breaks one (or a derived size is not a positive integer). */
function complete(spec: PythonChecker, scope: Record<string, number>): Record<string, number> | null {
  const full = { ...scope };
  for (const [k, expr] of Object.entries(spec.derived)) {
    const v = evaluateNumber(expr, full);
    if (!Number.isInteger(Math.round(v * 1e9) / 1e9) || v < 1) return null;
    full[k] = Math.round(v);
  }
  for (const c of spec.constraints) if (evaluateExpression(c, full) !== true) return null;
  return full;
}

function arrayShapes(spec: PythonChecker, scope: Record<string, number>): [string, number[]][] {
  return Object.entries(spec.inputs).filter(([, d]) => isArray(d)).map(([k, d]) => [k, resolveShape(d as ArrayInput, scope, k)]);
}

/** Within every array input, the dimensions are pairwise distinct (so a wrong axis or a transposition shows). */
function distinctWithinArrays(spec: PythonChecker, scope: Record<string, number>): boolean {
  return arrayShapes(spec, scope).every(([, shape]) => new Set(shape).size === shape.length);
}

const show = (shape: number[]) => (shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`);

function label(kind: Message, spec: PythonChecker, scope: Record<string, number>): Pick<DrawnCase, "label" | "name"> {
  const arrays = arrayShapes(spec, scope).map(([k, s]) => `${k} ${show(s)}`);
  const scalars = Object.entries(spec.inputs).filter(([, d]) => !isArray(d)).map(([k]) => `${k}=${scope[k]}`);
  return caseName(kind, [...arrays, ...scalars].join(", "));
}

function toNested(value: unknown): { shape: number[]; data: number[] } {
  if (typeof value === "number") return { shape: [], data: [value] };
  const rows = (value as unknown[]).map(toNested);
  const inner = rows[0]?.shape ?? [];
  if (rows.some((r) => r.shape.join() !== inner.join())) throw new Error("ragged array");
  return { shape: [rows.length, ...inner], data: rows.flatMap((r) => r.data) };
}

function build(spec: PythonChecker, rng: Rng, scope: Record<string, number>, given: Record<string, Float64Tensor>, named: Pick<DrawnCase, "label" | "name">): DrawnCase {
  const arrays: Record<string, Float64Tensor> = {};
  const scalars: Record<string, number> = {};
  for (const [k, def] of Object.entries(spec.inputs)) {
    if (!isArray(def)) {
      scalars[k] = scope[k]!;
      continue;
    }
    const shape = resolveShape(def, scope, k);
    arrays[k] = given[k] ?? { shape, data: drawEntries(rng, def.dist, shape.reduce((a, b) => a * b, 1)) };
  }
  return { ...named, arrays, scalars, scope };
}

function randomCase(spec: PythonChecker, rng: Rng, distinct: boolean, index: number): DrawnCase {
  for (let attempt = 0; attempt < MAX_DRAWS; attempt++) {
    const scope: Record<string, number> = {};
    for (const [k, [lo, hi]] of Object.entries(spec.dims)) scope[k] = lo + Math.floor(rng() * (hi - lo + 1));
    for (const [k, def] of Object.entries(spec.inputs)) if (!isArray(def)) scope[k] = drawScalar(rng, def);
    const full = complete(spec, scope);
    if (!full || (distinct && !distinctWithinArrays(spec, full))) continue;
    return build(spec, rng, full, {}, label(distinct ? caseKind("distinctShapes") : caseKind("random", { index }), spec, full));
  }
  throw new Error(distinct
    ? `no draw of dims gives pairwise distinct dimensions in every array while meeting the constraints (${MAX_DRAWS} tries): widen the ranges in dims`
    : `no draw of dims meets the constraints (${MAX_DRAWS} tries)`);
}

/** A fixed case: given arrays fix their dimensions, given scalars their values; the rest is drawn (the same for every seed). */
function fixedCase(spec: PythonChecker, rng: Rng, fixed: PythonChecker["fixed_cases"][number]): DrawnCase {
  const scope: Record<string, number> = {};
  const given: Record<string, Float64Tensor> = {};
  for (const [k, value] of Object.entries(fixed.values)) {
    const def = spec.inputs[k];
    if (!def) throw new Error(`fixed case "${fixed.label}": ${k} is not an input`);
    if (!isArray(def)) {
      if (typeof value !== "number") throw new Error(`fixed case "${fixed.label}": ${k} must be a number`);
      scope[k] = value;
      continue;
    }
    const { shape, data } = toNested(value);
    if (shape.length !== def.shape.length) throw new Error(`fixed case "${fixed.label}": ${k} has ${shape.length} dimensions, declared ${def.shape.length}`);
    def.shape.forEach((d, i) => {
      if (typeof d === "number" ? d !== shape[i] : (scope[d] ?? shape[i]) !== shape[i]) {
        throw new Error(`fixed case "${fixed.label}": ${k} has shape ${show(shape)}, inconsistent with ${show(def.shape as never)}`);
      }
      if (typeof d === "string") scope[d] = shape[i]!;
    });
    given[k] = { shape, data: Float64Array.from(data) };
  }
  for (let attempt = 0; attempt < MAX_DRAWS; attempt++) {
    const draw = { ...scope };
    for (const [k, [lo, hi]] of Object.entries(spec.dims)) draw[k] ??= lo + Math.floor(rng() * (hi - lo + 1));
    for (const [k, def] of Object.entries(spec.inputs)) if (!isArray(def) && draw[k] === undefined) draw[k] = drawScalar(rng, def);
    const full = complete(spec, draw);
    if (full) return build(spec, rng, full, given, label({ key: "grader.text", values: { text: fixed.label } }, spec, full));
  }
  throw new Error(`fixed case "${fixed.label}" breaks the constraints or gives a non-integer derived dimension`);
}

/** The cases of a variant: the author's fixed cases, then a distinct-dimensions case, then the other random ones. */
export function drawCases(spec: PythonChecker, questionId: string, seed: number): DrawnCase[] {
  const fixed = spec.fixed_cases.map((f, i) => fixedCase(spec, rngFor(`${questionId}:fixed`, 0, i), f));
  const random = Array.from({ length: spec.random_cases }, (_, i) => randomCase(spec, rngFor(questionId, seed, i), i === 0, i));
  return [...fixed, ...random];
}
