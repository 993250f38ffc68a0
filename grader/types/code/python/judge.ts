import type { CaseOutcome, Float64Tensor } from "@/grader/sandbox/types";
import { evaluateNumber } from "@/domain/questions/math";
import { compareWithin, showNumber, type Comparison } from "../compare";
import { say, sayAll, type Said } from "@/domain/questions/feedback";
import { caseFailure, comparisonFailure, studentValue } from "../feedback";
import type { DrawnCase } from "./draw";
import type { MisconceptionOutputs, PreparedPython } from "./expected";
import { gradientOf, type PythonChecker } from "./spec";

/** How many standard errors a sample statistic may stray: a correct sampler fails with probability < 1e-6 per check. */
export const STAT_SIGMAS = 5;

type Verdict = { ok: true } | { ok: false; kind: "shape" | "value" | "stat"; text: Said };

type Stats = { mean: number; variance: number; n: number };

/** A sample kept only by its statistics (a sampler's output can be 100k values per case; only its shape and stats matter). */
export type SampleSummary = Float64Tensor & { summary: Stats };

export function summarize(t: Float64Tensor): SampleSummary {
  return { shape: t.shape, data: new Float64Array(0), summary: sampleStats(t) };
}

function statsOf(t: Float64Tensor): Stats {
  return (t as Partial<SampleSummary>).summary ?? sampleStats(t);
}

function sampleStats(t: Float64Tensor): Stats {
  const n = t.data.length;
  let mean = 0;
  for (const v of t.data) mean += v / n;
  let variance = 0;
  for (const v of t.data) variance += (v - mean) ** 2 / n;
  return { mean, variance, n };
}

/** Tolerances of a statistical check for a sample of n with variance σ²: mean ± 5σ/√n, variance ± 5σ²·√(2/(n−1)). */
export function statTolerance(variance: number, n: number): { mean: number; variance: number } {
  return { mean: (STAT_SIGMAS * Math.sqrt(variance)) / Math.sqrt(n), variance: STAT_SIGMAS * variance * Math.sqrt(2 / Math.max(n - 1, 1)) };
}

function describe(c: Comparison, output: string): Verdict {
  if (c.ok) return c;
  return { ok: false, kind: c.kind, text: comparisonFailure(c, output) };
}

export interface OutputCheck {
  /** how this output is checked, said once per part in the feedback */
  method(caseIndex: number): Said;
  /** against the expected value of a case */
  check(got: Float64Tensor, caseIndex: number): Verdict;
  /** does `got` match `other` (a wrong implementation's output) in this case, as closely as the check asks? */
  same(got: Float64Tensor, other: Float64Tensor, caseIndex: number): boolean;
}

export function outputCheck(spec: PythonChecker, output: string, prepared: PreparedPython): OutputCheck {
  const stats = spec.statistics[output];
  const { rtol, atol } = spec.tolerance;
  if (stats) {
    const target = (i: number) => {
      const scope = (prepared.cases[i] as DrawnCase).scope;
      return { mean: evaluateNumber(stats.mean, scope), variance: evaluateNumber(stats.variance, scope) };
    };
    return {
      method: (i) => {
        const t = target(i);
        const n = prepared.expected[i]![output]!.shape.reduce((a, b) => a * b, 1);
        const tol = statTolerance(t.variance, n);
        return say("code.statMethod", { n, mean: showNumber(t.mean), meanTol: showNumber(tol.mean), variance: showNumber(t.variance), varianceTol: showNumber(tol.variance), sigmas: STAT_SIGMAS });
      },
      check(got, i) {
        const expectedShape = prepared.expected[i]![output]!.shape;
        if (got.shape.join() !== expectedShape.join()) return describe({ ok: false, kind: "shape", expected: expectedShape, got: got.shape }, output);
        const t = target(i);
        const s = statsOf(got);
        const tol = statTolerance(t.variance, s.n);
        if (!(Math.abs(s.mean - t.mean) <= tol.mean)) return { ok: false, kind: "stat", text: say("code.statMean", { output, got: showNumber(s.mean), expected: showNumber(t.mean), tolerance: showNumber(tol.mean) }) };
        if (!(Math.abs(s.variance - t.variance) <= tol.variance)) {
          return { ok: false, kind: "stat", text: say("code.statVariance", { output, got: showNumber(s.variance), expected: showNumber(t.variance), tolerance: showNumber(tol.variance) }) };
        }
        return { ok: true };
      },
      same(got, other) {
        if (got.shape.join() !== other.shape.join()) return false;
        const a = statsOf(got);
        const b = statsOf(other);
        const tol = statTolerance(Math.max(a.variance, b.variance), a.n);
        return Math.abs(a.mean - b.mean) <= Math.SQRT2 * tol.mean && Math.abs(a.variance - b.variance) <= Math.SQRT2 * tol.variance;
      },
    };
  }
  const gradient = gradientOf(spec, output);
  const fd = (i: number) => prepared.differences[i]![output]!;
  const extra = (i: number) => (gradient ? fd(i).err : undefined);
  const widest = (i: number) => (gradient ? Math.max(...fd(i).err) : 0);
  return {
    method: (i) =>
      gradient
        ? say("code.gradientMethod", { of: gradient.of, arg: gradient.arg, h: showNumber(fd(i).h), atol: showNumber(atol), rtol: showNumber(rtol), widest: showNumber(widest(i)) })
        : say("code.toleranceMethod", { atol: showNumber(atol), rtol: showNumber(rtol) }),
    check: (got, i) => describe(compareWithin(got, prepared.expected[i]![output]!, rtol, atol, extra(i)), output),
    same: (got, other, i) => compareWithin(got, other, rtol, atol, extra(i)).ok,
  };
}

export interface PartJudgement {
  score: number;
  feedback: Said;
  misconception?: string;
}

/** One part over every case: fraction of cases right, plus the credit of cases recognised as a known mistake. */
export async function judgePart(
  spec: PythonChecker,
  part: { name: string; output: string; label?: string },
  prepared: PreparedPython,
  outcomes: Map<number, CaseOutcome>,
): Promise<PartJudgement> {
  const check = outputCheck(spec, part.output, prepared);
  const n = prepared.cases.length;
  const name = part.label ?? part.name;
  const results = prepared.cases.map((_, i) => {
    const { got, problem } = studentValue(outcomes.get(i), part.output);
    return { got, problem, verdict: got ? check.check(got, i) : null };
  });
  const passed = results.filter((r) => r.verdict?.ok).length;
  const method = check.method(results.findIndex((r) => !r.verdict?.ok) >= 0 ? results.findIndex((r) => !r.verdict?.ok) : 0);
  if (passed === n) return { score: 1, feedback: say("code.partCorrectMethod", { name, cases: n, method: method.message[0]! }) };

  let wrong: MisconceptionOutputs[] = [];
  try {
    wrong = await prepared.misconceptions();
  } catch {
    wrong = [];
  }
  let credit = 0;
  let named: MisconceptionOutputs | null = null;
  for (const [i, r] of results.entries()) {
    if (!r.got || r.verdict?.ok) continue;
    const hit = wrong.find((m) => {
      const other = m.outputs[i]?.[part.output];
      if (!other || check.check(other, i).ok) return false; // the mistake does not show in this case
      return check.same(r.got!, other, i);
    });
    if (hit) {
      credit += hit.credit;
      named ??= hit;
    }
  }
  const score = Math.round(((passed + credit) / n) * 10_000) / 10_000;
  const firstBad = results.findIndex((r) => !r.verdict?.ok);
  const bad = results[firstBad]!;
  const why = bad.problem ?? (bad.verdict && !bad.verdict.ok ? bad.verdict.text : null);
  const lines: Said[] = [
    say("code.partSome", { name, passed, cases: n }),
    caseFailure(firstBad + 1, prepared.cases[firstBad]!.name, why, method),
  ];
  if (named) lines.push(say("code.likelyCauseNamed", { label: named.label, cause: named.message, credit: named.credit > 0 ? Math.round(named.credit * 100) : 0 }));
  const shapeSlip = results.some((r) => r.verdict && !r.verdict.ok && r.verdict.kind === "shape");
  const misconception = named?.id ?? (shapeSlip ? "wrong-shape" : undefined);
  return { score, feedback: sayAll(lines, " "), ...(misconception ? { misconception } : {}) };
}
