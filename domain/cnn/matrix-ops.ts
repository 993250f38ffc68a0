import { convOutputLength } from "./engine";
import { CnnSpecError } from "./resolve";
import { cpuTf } from "./tf";

export type Padding = "valid" | "same";

/** A 2-D operation on one single-channel matrix, as taught in CNN courses. */
export type MatrixOp =
  /** cross-correlation (what CNN layers call convolution): the kernel is not flipped */
  | { op: "conv2d"; input: number[][]; kernel: number[][]; stride: [number, number]; padding: Padding; dilation: [number, number] }
  | { op: "maxpool" | "avgpool"; input: number[][]; size: [number, number]; stride: [number, number]; padding: Padding };

export interface MatrixOpResult {
  /** float32 results as computed by TensorFlow.js */
  values: number[][];
  /**
   * Bound on the float32 rounding error of every cell: (n + 2) * 2^-24 * scale, n = terms summed per cell,
   * scale = max|input| * sum|kernel| (conv2d) or max|input| (pooling). Integer data below 2^24 is exact.
   */
  errorBound: number;
}

const UNIT_ROUNDOFF = 2 ** -24;

export function matrixShape(matrix: number[][]): [number, number] {
  return [matrix.length, matrix[0]?.length ?? 0];
}

/** Throws unless `value` is a non-empty rectangular matrix of finite numbers. */
export function assertMatrix(value: unknown, what: string): asserts value is number[][] {
  const ok =
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((row) => Array.isArray(row) && row.length === (value[0] as unknown[]).length && row.length > 0) &&
    value.every((row) => (row as unknown[]).every((cell) => typeof cell === "number" && Number.isFinite(cell)));
  if (!ok) throw new CnnSpecError(`${what} must be a non-empty rectangular matrix of finite numbers, got ${JSON.stringify(value)?.slice(0, 200)}`);
}

/** Output [rows, cols] of the operation, with Keras/TensorFlow padding rules; throws when it would be empty. */
export function matrixOpShape(spec: MatrixOp): [number, number] {
  const [rows, cols] = matrixShape(spec.input);
  const window = spec.op === "conv2d" ? matrixShape(spec.kernel) : spec.size;
  const dilation = spec.op === "conv2d" ? spec.dilation : [1, 1];
  if (spec.stride.some((s) => s > 1) && dilation.some((d) => d > 1)) {
    throw new CnnSpecError(`${spec.op}: stride > 1 cannot be combined with dilation > 1`);
  }
  const shape: [number, number] = [
    convOutputLength(rows, window[0], spec.stride[0], spec.padding, dilation[0]),
    convOutputLength(cols, window[1], spec.stride[1], spec.padding, dilation[1]),
  ];
  if (shape[0] < 1 || shape[1] < 1) {
    throw new CnnSpecError(
      `${spec.op}: a ${window.join("x")} window with stride ${spec.stride.join("x")} and padding ${spec.padding} does not fit a ${rows}x${cols} input`,
    );
  }
  return shape;
}

const maxAbs = (matrix: number[][]) => Math.max(...matrix.map((row) => Math.max(...row.map(Math.abs))));
const sumAbs = (matrix: number[][]) => matrix.reduce((acc, row) => acc + row.reduce((s, cell) => s + Math.abs(cell), 0), 0);

/** Computes the operation with TensorFlow.js ops (CPU backend), disposing every tensor it makes. */
export function applyMatrixOp(spec: MatrixOp): MatrixOpResult {
  assertMatrix(spec.input, `${spec.op} input`);
  if (spec.op === "conv2d") assertMatrix(spec.kernel, "conv2d kernel");
  const expected = matrixOpShape(spec);
  const tf = cpuTf();
  const [rows, cols] = matrixShape(spec.input);
  const output = tf.tidy(() => {
    const input = tf.tensor4d(spec.input.flat(), [1, rows, cols, 1]);
    if (spec.op === "conv2d") {
      const [kh, kw] = matrixShape(spec.kernel);
      const kernel = tf.tensor4d(spec.kernel.flat(), [kh, kw, 1, 1]);
      return tf.conv2d(input, kernel, spec.stride, spec.padding, "NHWC", spec.dilation);
    }
    const pool = spec.op === "maxpool" ? tf.maxPool : tf.avgPool;
    return pool(input, spec.size, spec.stride, spec.padding);
  });
  let values: number[][];
  try {
    values = (output.arraySync() as number[][][][])[0].map((row) => row.map((cell) => cell[0]));
  } finally {
    output.dispose();
  }
  const shape = matrixShape(values);
  if (shape[0] !== expected[0] || shape[1] !== expected[1]) {
    throw new Error(`tfjs ${spec.op} gave shape ${shape.join("x")}, expected ${expected.join("x")}`);
  }
  const terms = spec.op === "conv2d" ? spec.kernel.length * spec.kernel[0].length : spec.size[0] * spec.size[1];
  const scale = spec.op === "conv2d" ? maxAbs(spec.input) * sumAbs(spec.kernel) : maxAbs(spec.input);
  const errorBound = spec.op === "maxpool" ? UNIT_ROUNDOFF * scale : (terms + 2) * UNIT_ROUNDOFF * scale;
  return { values, errorBound };
}

/**
 * The simplest decimal within `bound` of a float32 result: fewest decimals first (so 17.800001 -> 17.8,
 * 2e-7 -> 0 when the bound allows), falling back to the shortest text that is still the same float32.
 */
export function tidyFloat32(value: number, bound: number): number {
  for (let decimals = 0; decimals <= 8; decimals++) {
    const candidate = Number(value.toFixed(decimals));
    if (Math.abs(candidate - value) <= bound) return Object.is(candidate, -0) ? 0 : candidate;
  }
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === Math.fround(value)) return candidate;
  }
  return value;
}
