import seedrandom from "seedrandom";
import type { MathNode } from "mathjs";
import { EXTRA_FUNCTIONS } from "./parse";
import type { Domain } from "./schema";

export const POINTS = 24;
const MAX_TRIES = 500;

type Compiled = { evaluate(scope: Record<string, unknown>): unknown };
export type Point = Record<string, number>;

/** A random value from a variable's domain: positive integers 1..30, positive reals 0.1..~30 (log-uniform), reals -10..10. */
export function sampleDomain(domain: Domain, rng: () => number): number {
  if (domain === "positive-integer") return 1 + Math.floor(rng() * 30);
  if (domain === "positive-real") return 10 ** (-1 + rng() * 2.5);
  return -10 + rng() * 20;
}

function realValue(compiled: Compiled, point: Point): number | null {
  try {
    const value = compiled.evaluate({ ...EXTRA_FUNCTIONS, ...point });
    return typeof value === "number" && Number.isFinite(value) ? value : null;
  } catch {
    return null;
  }
}

/**
 * Points of the domains where the reference is a finite real number; points where it is undefined
 * (division by zero, log of a negative...) are skipped and redrawn. Throws if too few exist.
 */
export function samplePoints(
  reference: MathNode,
  domains: Record<string, Domain>,
  seed: string,
  options: { integral?: boolean } = {},
): { point: Point; value: number }[] {
  const rng = seedrandom(seed);
  const compiled = reference.compile();
  const points: { point: Point; value: number }[] = [];
  const tries = options.integral ? MAX_TRIES * 8 : MAX_TRIES;
  for (let attempt = 0; attempt < tries && points.length < POINTS; attempt++) {
    const point = Object.fromEntries(Object.entries(domains).map(([name, domain]) => [name, sampleDomain(domain, rng)]));
    const value = realValue(compiled, point);
    if (value !== null && (!options.integral || Number.isInteger(value))) points.push({ point, value });
  }
  if (points.length < POINTS) throw new Error(`reference expression is undefined on almost all of its domain (${points.length} points in ${tries} tries)`);
  return points;
}

export function close(a: number, b: number, rel: number): boolean {
  return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b)) + 1e-12;
}

/** Values of a candidate at the sampled points (null where it is undefined). */
export function valuesAt(candidate: MathNode, points: { point: Point }[]): (number | null)[] {
  const compiled = candidate.compile();
  return points.map(({ point }) => realValue(compiled, point));
}

export function sameFunction(values: (number | null)[], points: { value: number }[], rel: number): boolean {
  return points.every((p, i) => values[i] !== null && close(values[i]!, p.value, rel));
}

/** The constant c with candidate = c * reference at every point, if there is one (and it is not 1). */
export function constantFactor(values: (number | null)[], points: { value: number }[], rel: number): number | null {
  const ratios: number[] = [];
  for (let i = 0; i < points.length; i++) {
    const v = values[i];
    if (v === null) return null;
    if (points[i].value === 0) {
      if (v !== 0) return null;
      continue;
    }
    ratios.push(v / points[i].value);
  }
  if (ratios.length === 0 || ratios[0] === 0) return null;
  if (!ratios.every((r) => close(r, ratios[0], rel))) return null;
  return close(ratios[0], 1, rel) ? null : ratios[0];
}
