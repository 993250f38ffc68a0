import type * as tfTypes from "@tensorflow/tfjs";
import { withTf } from "./tf-scope";
import type { Float64Tensor } from "@/grader/sandbox/types";
import { rngFor, tensor, type Rng } from "./random";
import { caseKind, caseName, wrongMessage, type CheckerCase, type CodeChecker, type Tensors } from "./types";

type T = tfTypes.Tensor;

/** The 4×4 example of the INF721 slides (max pooling f=2, s=2 gives [[9, 2], [6, 3]]). */
const SLIDE_EXAMPLE = [
  [1, 3, 2, 1],
  [2, 9, 1, 1],
  [1, 3, 2, 3],
  [5, 6, 1, 2],
];
/** The slides' exercise: max pool with f=3, s=1 on this 5×5 matrix. */
const SLIDE_EXERCISE = [
  [1, 3, 2, 1, 3],
  [2, 9, 1, 1, 5],
  [1, 3, 2, 3, 2],
  [8, 3, 5, 1, 0],
  [5, 6, 1, 2, 9],
];

/**
 * Max and average of float32-exact inputs are exact in float32 up to one rounding of the average's division,
 * so a tight tolerance suffices: 1e-6 relative plus 1e-6 of the output's scale.
 */
const TOLERANCE = { rtol: 1e-6, atolScale: 1e-6 };

type PoolKind = "max" | "avg" | "max-from-zero";

/** (N, C, H, W) pooling with TensorFlow.js (which pools NHWC), no padding. */
function pool(x: Float64Tensor, f: number, s: number, kind: PoolKind, ceilMode = false): Float64Tensor {
  return withTf((tf) => {
    let nhwc: T = tf.tensor(Float32Array.from(x.data), x.shape, "float32").transpose([0, 2, 3, 1]);
    if (kind === "max-from-zero") nhwc = tf.relu(nhwc);
    if (ceilMode) {
      // windows that start inside the input but run past its end (what ceil() in the size formula implies)
      const [, H, W] = nhwc.shape;
      const padH = Math.max(0, (Math.ceil((H - f) / s) * s + f) - H);
      const padW = Math.max(0, (Math.ceil((W - f) / s) * s + f) - W);
      nhwc = tf.pad(nhwc, [[0, 0], [0, padH], [0, padW], [0, 0]], -1e30);
    }
    const pooled = kind === "avg" ? tf.avgPool(nhwc as tfTypes.Tensor4D, f, s, "valid") : tf.maxPool(nhwc as tfTypes.Tensor4D, f, s, "valid");
    const out = pooled.transpose([0, 3, 1, 2]);
    return { shape: [...out.shape], data: Float64Array.from(out.dataSync()) };
  });
}

function fromMatrix(m: number[][]): Float64Tensor {
  return tensor([1, 1, m.length, m[0].length], (idx) => m[idx[2]][idx[3]]);
}

function randomInts(rng: Rng, shape: number[], lo: number, hi: number): Float64Tensor {
  return tensor(shape, () => lo + Math.floor(rng() * (hi - lo + 1)));
}

function randomReals(rng: Rng, shape: number[]): Float64Tensor {
  return tensor(shape, () => Math.round((rng() * 20 - 10) * 1000) / 1000);
}

function makeCase(kind: string, x: Float64Tensor, f: number, s: number): CheckerCase {
  return { ...caseName(caseKind(kind), `x ${x.shape.join("×")}, f=${f}, s=${s}`), arrays: { x }, scalars: { f, s } };
}

export const maxpoolChecker: CodeChecker = {
  id: "maxpool",
  plan: [{ call: "max_pool_forward", args: ["x", "f", "s"], returns: ["out"] }],
  outputs: ["out"],
  tolerance: TOLERANCE,
  cases(seed) {
    const r = (i: number) => rngFor("maxpool", seed, i);
    return [
      makeCase("slideExample", fromMatrix(SLIDE_EXAMPLE), 2, 2),
      makeCase("slideExercise", fromMatrix(SLIDE_EXERCISE), 3, 1),
      makeCase("manyExamples", randomInts(r(2), [2, 3, 6, 6], 0, 9), 2, 2),
      makeCase("oddSize", randomReals(r(3), [1, 2, 7, 5]), 3, 2),
      makeCase("allNegative", randomInts(r(4), [2, 2, 4, 4], -9, -1), 2, 1),
      makeCase("windowLarger", randomReals(r(5), [3, 1, 6, 8]), 3, 2),
    ];
  },
  reference(c) {
    return { out: pool(c.arrays.x, c.scalars.f, c.scalars.s, "max") };
  },
  wrongVariants(c) {
    const { x } = c.arrays;
    const { f, s } = c.scalars;
    const variants = [
      { id: "average-instead-of-max", message: wrongMessage("averageInsteadOfMax"), outputs: { out: pool(x, f, s, "avg") } as Tensors },
      {
        id: "max-initialised-with-zero",
        message: wrongMessage("maxFromZero"),
        outputs: { out: pool(x, f, s, "max-from-zero") },
      },
    ];
    if (s > 1) variants.push({ id: "stride-ignored", message: wrongMessage("strideIgnored", { s }), outputs: { out: pool(x, f, 1, "max") } });
    const [, , H, W] = x.shape;
    if ((H - f) % s !== 0 || (W - f) % s !== 0) {
      variants.push({ id: "output-size-rounding", message: wrongMessage("outputSizeRounding"), outputs: { out: pool(x, f, s, "max", true) } });
    }
    return variants;
  },
};
