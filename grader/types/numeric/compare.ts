import { say, type Said } from "@/domain/questions/feedback";
import type { Tolerance } from "./schema";

const FLOAT_SLACK = 1e-9;

export function withinTolerance(value: number, reference: number, tolerance: Tolerance): boolean {
  const diff = Math.abs(value - reference);
  if ("mode" in tolerance) return diff === 0;
  const scale = Math.max(Math.abs(reference), Number.MIN_VALUE);
  if (tolerance.abs !== undefined && diff <= tolerance.abs * (1 + FLOAT_SLACK) + Number.EPSILON * scale) return true;
  if (tolerance.rel !== undefined && diff <= tolerance.rel * scale * (1 + FLOAT_SLACK)) return true;
  return false;
}

/**
 * A hint that never gives the value away: integer-ness, sign, high/low only for near misses
 * (within 50%: useful for a forgotten bias or an off-by-one), order of magnitude for far misses.
 */
export function missHint(value: number, reference: number, integerMode: boolean): Said {
  if (integerMode && !Number.isInteger(value)) return say("numeric.expectedInteger");
  if (reference !== 0 && value !== 0 && Math.sign(value) !== Math.sign(reference)) return say("numeric.checkSign");
  if (reference === 0) return say("numeric.wrong");
  const ratio = value / reference;
  if (Math.abs(ratio - 1) <= 0.5) return say("numeric.near", { direction: ratio > 1 ? "above" : "below" });
  if (ratio >= 10 || ratio <= 0.1) return say("numeric.far");
  return say("numeric.wrong");
}

/** The shortest decimal text (comma decimal, as a pt-BR student types it) that still passes the tolerance. */
export function humanReference(reference: number, tolerance: Tolerance): string {
  const write = (n: number) => String(n).replace(".", ",");
  if ("mode" in tolerance) return write(reference);
  for (let digits = 1; digits <= 17; digits++) {
    const candidate = Number(reference.toPrecision(digits));
    if (withinTolerance(candidate, reference, tolerance)) return write(candidate);
  }
  return write(reference);
}
