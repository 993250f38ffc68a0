import type * as tfTypes from "@tensorflow/tfjs";
import type { Float64Tensor } from "@/grader/sandbox/types";
import { withTf } from "./tf-scope";
import { normal, rngFor, tensor, uniform, type Rng } from "./random";
import { caseKind, caseName, wrongMessage, type CheckerCase, type CodeChecker, type Tensors, type WrongVariant } from "./types";

type Tf = typeof tfTypes;
type T = tfTypes.Tensor;

/** Which axes the statistics run over, as a (possibly wrong) implementation chooses them. */
type StatsMode = "channel" | "wrong-axis" | "instance" | "reshape-without-transpose";

interface Recipe {
  stats: StatsMode;
  unbiased?: boolean;
  /** null: no eps at all; undefined: the case's eps */
  eps?: number | null;
}

interface Layout {
  spatial: boolean;
  /** axes of the correct statistics: every axis but the channel axis 1 */
  axes: number[];
}

const DEFAULT_EPS = 1e-5;

/**
 * Tolerance. TensorFlow.js computes in float32 (unit roundoff u = 2^-24 ≈ 6e-8) while the student's numpy uses
 * float64. Two choices keep the float32 reference accurate to ~1e-6 relative:
 *  - every input is exactly representable in float32 (see random.ts), so both sides start from the same numbers;
 *  - the reference is computed on x already centred per channel in float64 (`centre` below). Batch norm's output
 *    and all three gradients are invariant to adding a per-channel constant to x, so this changes nothing
 *    mathematically, but it removes the catastrophic cancellation of f2 = x − f1 in float32 for large-magnitude,
 *    near-constant channels (x ≈ 10⁴ with spread 10⁻⁴ would otherwise lose every significant digit).
 * What remains is O(n·u) rounding in sums over n ≤ 1024 values: ≤ 1e-5 relative in the worst case, ~1e-6 typically.
 * We accept |got − expected| ≤ 1e-4·|expected| + 1e-4·S, where S is the largest magnitude of the terms the output is
 * summed from (`gradientScales`; max|out| for the forward) — 10× above that bound, and
 * 10× below the smallest change a graded mistake makes on the case built to expose it (N−1 variance with N=32:
 * 1.6%; eps ignored with eps=0.1 and variance ≈ 0.1: > 10%; missing eps on a constant channel: NaN).
 */
const TOLERANCE = { rtol: 1e-4, atolScale: 1e-4 };

function channelCount(shape: number[]): number {
  return shape[1];
}

/** Subtract the float64 mean of each channel (statistics over every axis but 1). */
function centre(x: Float64Tensor): Float64Tensor {
  const C = channelCount(x.shape);
  const inner = x.shape.slice(2).reduce((a, b) => a * b, 1);
  const sums = new Float64Array(C);
  const counts = new Float64Array(C);
  x.data.forEach((v, i) => {
    const c = Math.floor(i / inner) % C;
    sums[c] += v;
    counts[c] += 1;
  });
  const data = x.data.map((v, i) => v - sums[Math.floor(i / inner) % C] / counts[Math.floor(i / inner) % C]);
  return { shape: x.shape, data };
}

function toTf(tf: Tf, t: Float64Tensor): T {
  return tf.tensor(Float32Array.from(t.data), t.shape, "float32");
}

function fromTf(t: T): Float64Tensor {
  return { shape: [...t.shape], data: Float64Array.from(t.dataSync()) };
}

/** The computational graph of exercise XI: f1 … f7, then z' = f7·γ + δ. */
function forward(tf: Tf, layout: Layout, recipe: Recipe, caseEps: number, x: T, gamma: T, beta: T): T {
  const shape = x.shape;
  const C = shape[1] as number;
  let input = x;
  let axes = layout.axes;
  if (recipe.stats === "reshape-without-transpose") {
    input = x.reshape([-1, C]);
    axes = [0];
  } else if (recipe.stats === "wrong-axis") {
    axes = layout.spatial ? [0] : [1];
  } else if (recipe.stats === "instance") {
    axes = [2, 3];
  }
  const paramShape = input.shape.map((d, i) => (i === 1 ? d : 1));
  const n = axes.reduce((p, a) => p * (input.shape[a] as number), 1);
  const f1 = tf.mean(input, axes, true);
  const f2 = tf.sub(input, f1);
  const f3 = tf.square(f2);
  let f4 = tf.mean(f3, axes, true);
  if (recipe.unbiased) f4 = tf.mul(f4, n / (n - 1));
  const eps = recipe.eps === undefined ? caseEps : recipe.eps;
  const f5 = tf.sqrt(eps === null ? f4 : tf.add(f4, eps));
  const f6 = tf.reciprocal(f5);
  const f7 = tf.mul(f2, f6);
  const out = tf.add(tf.mul(f7, gamma.reshape(paramShape)), beta.reshape(paramShape));
  return out.reshape(shape);
}

/** Forward outputs and the three gradients by TensorFlow.js autodiff (tf.grads) of that forward. */
function forwardAndGrads(layout: Layout, recipe: Recipe, c: CheckerCase, x: Float64Tensor): Tensors {
  return withTf((tf) => {
    const [xt, gamma, beta, dout] = [x, c.arrays.gamma, c.arrays.beta, c.arrays.dout].map((t) => toTf(tf, t));
    const eps = c.scalars.eps;
    const f = (a: T, g: T, b: T) => forward(tf, layout, recipe, eps, a, g, b);
    const out = f(xt, gamma, beta);
    const [dx, dgamma, dbeta] = tf.grads((a: T, g: T, b: T) => tf.sum(tf.mul(f(a, g, b), dout)))([xt, gamma, beta]);
    return { out: fromTf(out), dx: fromTf(dx), dgamma: fromTf(dgamma), dbeta: fromTf(dbeta) };
  });
}

/** dx = dout·γ/√(var+ε): only the direct path through f7, without the terms through f1 and f4. */
function directPathDx(layout: Layout, c: CheckerCase, centred: Float64Tensor): Float64Tensor {
  return withTf((tf) => {
    const x = toTf(tf, centred);
    const paramShape = x.shape.map((d, i) => (i === 1 ? d : 1));
    const variance = tf.mean(tf.square(tf.sub(x, tf.mean(x, layout.axes, true))), layout.axes, true);
    const scale = tf.div(toTf(tf, c.arrays.gamma).reshape(paramShape), tf.sqrt(tf.add(variance, c.scalars.eps)));
    return fromTf(tf.mul(toTf(tf, c.arrays.dout), scale));
  });
}

/**
 * Float64 magnitudes of the terms behind each output, per channel, maximised: |dout·γ·f6| for dx (whose exact value
 * can cancel to ~0, e.g. N=2), Σ|dout·f7| for dgamma, Σ|dout| for dbeta.
 */
function gradientScales(c: CheckerCase): Record<string, number> {
  const x = centre(c.arrays.x);
  const { dout, gamma } = c.arrays;
  const C = x.shape[1];
  const inner = x.shape.slice(2).reduce((a, b) => a * b, 1);
  const ch = (i: number) => Math.floor(i / inner) % C;
  const count = x.data.length / C;
  const variance = new Float64Array(C);
  x.data.forEach((v, i) => (variance[ch(i)] += (v * v) / count));
  const f6 = Array.from(variance, (v) => 1 / Math.sqrt(v + c.scalars.eps));
  let dx = 0;
  const dgamma = new Float64Array(C);
  const dbeta = new Float64Array(C);
  dout.data.forEach((d, i) => {
    const k = ch(i);
    dx = Math.max(dx, Math.abs(d * gamma.data[k] * f6[k]));
    dgamma[k] += Math.abs(d * x.data[i] * f6[k]);
    dbeta[k] += Math.abs(d);
  });
  return { dx, dgamma: Math.max(...dgamma), dbeta: Math.max(...dbeta) };
}

interface CaseShape {
  /** grader.code.cases.<kind> */
  kind: string;
  shape: number[];
  eps?: number;
  /** how x is drawn for channel c */
  draw?: (rng: Rng, channel: number) => (i: number) => number;
}

function drawNormal(rng: Rng, _channel: number): (i: number) => number {
  const loc = uniform(rng, -2, 2);
  const scale = uniform(rng, 0.5, 3);
  return () => loc + scale * normal(rng);
}

function drawLarge(rng: Rng, channel: number): (i: number) => number {
  const loc = (channel % 2 ? -1 : 1) * uniform(rng, 5e3, 2e4);
  const scale = uniform(rng, 50, 2000);
  return () => loc + scale * normal(rng);
}

/** Channel 0 exactly constant, channel 1 almost constant (variance ≪ eps), the others ordinary. */
function drawNearConstant(rng: Rng, channel: number): (i: number) => number {
  if (channel === 0) {
    const v = uniform(rng, -5, 5);
    return () => v;
  }
  if (channel === 1) {
    const v = uniform(rng, 1, 8);
    return () => v + 1e-4 * normal(rng);
  }
  return drawNormal(rng, channel);
}

/** Variance comparable to a large eps, so ignoring eps changes the output by tens of percent. */
function drawSmallSpread(rng: Rng, _channel: number): (i: number) => number {
  const loc = uniform(rng, -1, 1);
  const scale = uniform(rng, 0.2, 0.5);
  return () => loc + scale * normal(rng);
}

/**
 * For N=2 a spread far above √eps makes each column exactly ±1 after normalisation, whatever x is, and the exact dx
 * cancels to ~0 (dx ∝ ε/(d² + ε) with d half the gap): returning zeros would pass. A spread of the order of √ε keeps
 * dx of the order of its terms, and N−1 vs N still changes the output by several percent.
 */
function drawSpreadNearSqrtEps(rng: Rng, _channel: number): (i: number) => number {
  const loc = uniform(rng, -2, 2);
  const scale = uniform(rng, 3e-3, 1e-2);
  return () => loc + scale * normal(rng);
}

function makeCase(id: string, seed: number, index: number, spec: CaseShape): CheckerCase {
  const rng = rngFor(id, seed, index);
  const C = spec.shape[1];
  const inner = spec.shape.slice(2).reduce((a, b) => a * b, 1);
  const draws = Array.from({ length: C }, (_, ch) => (spec.draw ?? drawNormal)(rng, ch));
  const x = tensor(spec.shape, (_, flat) => draws[Math.floor(flat / inner) % C](flat));
  const gamma = tensor([C], () => (rng() < 0.2 ? -1 : 1) * uniform(rng, 0.5, 2));
  const beta = tensor([C], () => uniform(rng, -1, 1));
  const dout = tensor(spec.shape, () => normal(rng));
  const eps = spec.eps ?? DEFAULT_EPS;
  const dims = spec.shape.length === 2 ? `N=${spec.shape[0]}, D=${spec.shape[1]}` : `(N, C, H, W) = (${spec.shape.join(", ")})`;
  return { ...caseName(caseKind(spec.kind), `${dims}, eps=${eps}`), arrays: { x, gamma, beta, dout }, scalars: { eps } };
}

function pick<T>(rng: Rng, items: T[]): T {
  return items[Math.floor(rng() * items.length)];
}

function denseShapes(seed: number): CaseShape[] {
  const rng = rngFor("batchnorm-shapes", seed, 0);
  return [
    { kind: "small", shape: [4, 3] },
    { kind: "oddDims", shape: [pick(rng, [5, 7, 9]), pick(rng, [3, 5])] },
    { kind: "n2", shape: [2, pick(rng, [3, 4])], draw: drawSpreadNearSqrtEps },
    { kind: "large", shape: [6, 4], draw: drawLarge },
    { kind: "nearConstantColumns", shape: [8, 4], draw: drawNearConstant },
    { kind: "otherEps", shape: [5, 3], eps: pick(rng, [0.1, 0.25, 0.5]), draw: drawSmallSpread },
    { kind: "biggerBatch", shape: [32, pick(rng, [8, 10])] },
  ];
}

function spatialShapes(seed: number): CaseShape[] {
  const rng = rngFor("batchnorm-spatial-shapes", seed, 0);
  return [
    { kind: "small", shape: [2, 3, 4, 4] },
    { kind: "oddDims", shape: [3, pick(rng, [2, 3]), 3, 5] },
    { kind: "n2", shape: [2, 2, 2, 3] },
    { kind: "large", shape: [2, 3, 3, 3], draw: drawLarge },
    { kind: "nearConstantChannels", shape: [2, 3, 4, 4], draw: drawNearConstant },
    { kind: "otherEps", shape: [2, 2, 3, 3], eps: pick(rng, [0.1, 0.25, 0.5]), draw: drawSmallSpread },
    { kind: "biggerBatch", shape: [4, 4, 5, 5] },
  ];
}

const MESSAGES = {
  unbiased: wrongMessage("unbiased"),
  wrongAxisDense: wrongMessage("wrongAxisDense"),
  wrongAxisSpatial: wrongMessage("wrongAxisSpatial"),
  instance: wrongMessage("instance"),
  reshape: wrongMessage("reshape"),
  missingEps: wrongMessage("missingEps"),
  epsIgnored: wrongMessage("epsIgnored"),
  directDx: wrongMessage("directDx"),
  swapped: wrongMessage("swapped"),
};

export function makeBatchnormChecker(spatial: boolean): CodeChecker {
  const id = spatial ? "batchnorm-spatial" : "batchnorm";
  const prefix = spatial ? "spatial_batchnorm" : "batchnorm";
  const layout: Layout = { spatial, axes: spatial ? [0, 2, 3] : [0] };
  return {
    id,
    plan: [
      { call: `${prefix}_forward`, args: ["x", "gamma", "beta", "eps"], returns: ["out", "cache"] },
      { call: `${prefix}_backward`, args: ["dout", "cache"], returns: ["dx", "dgamma", "dbeta"] },
    ],
    outputs: ["out", "dx", "dgamma", "dbeta"],
    tolerance: TOLERANCE,
    cases(seed) {
      return (spatial ? spatialShapes(seed) : denseShapes(seed)).map((spec, i) => makeCase(id, seed, i, spec));
    },
    reference(c) {
      return forwardAndGrads(layout, { stats: "channel" }, c, centre(c.arrays.x));
    },
    scales: gradientScales,
    wrongVariants(c) {
      const centred = centre(c.arrays.x);
      const ref = forwardAndGrads(layout, { stats: "channel" }, c, centred);
      const variants: WrongVariant[] = [
        // per-channel statistics: centring keeps float32 accurate; other axes need the raw x
        { id: "unbiased-variance", message: MESSAGES.unbiased, outputs: forwardAndGrads(layout, { stats: "channel", unbiased: true }, c, centred) },
        { id: "missing-eps", message: MESSAGES.missingEps, outputs: forwardAndGrads(layout, { stats: "channel", eps: null }, c, centred) },
        { id: "wrong-axis", message: spatial ? MESSAGES.wrongAxisSpatial : MESSAGES.wrongAxisDense, outputs: forwardAndGrads(layout, { stats: "wrong-axis" }, c, c.arrays.x) },
        { id: "dx-missing-mean-var-terms", message: MESSAGES.directDx, outputs: { ...ref, dx: directPathDx(layout, c, centred) } },
        { id: "swapped-dgamma-dbeta", message: MESSAGES.swapped, outputs: { ...ref, dgamma: ref.dbeta, dbeta: ref.dgamma } },
      ];
      if (c.scalars.eps !== DEFAULT_EPS) {
        variants.push({ id: "eps-ignored", message: MESSAGES.epsIgnored, outputs: forwardAndGrads(layout, { stats: "channel", eps: DEFAULT_EPS }, c, centred) });
      }
      if (spatial) {
        variants.push(
          { id: "instance-norm", message: MESSAGES.instance, outputs: forwardAndGrads(layout, { stats: "instance" }, c, c.arrays.x) },
          { id: "reshape-without-transpose", message: MESSAGES.reshape, outputs: forwardAndGrads(layout, { stats: "reshape-without-transpose" }, c, c.arrays.x) },
        );
      }
      return variants;
    },
  };
}

export const batchnormChecker = makeBatchnormChecker(false);
export const spatialBatchnormChecker = makeBatchnormChecker(true);
