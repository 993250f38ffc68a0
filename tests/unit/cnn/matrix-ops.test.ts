import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyMatrixOp, matrixOpShape, tidyFloat32, type MatrixOp } from "@/domain/cnn/matrix-ops";
import { CnnSpecError } from "@/domain/cnn/resolve";
import { cpuTf } from "@/domain/cnn/tf";

/** Independent float64 oracle with TensorFlow's padding rule: pad_total = max((out-1)s + k_eff - n, 0), more after. */
function naive(spec: MatrixOp): number[][] {
  const [rows, cols] = [spec.input.length, spec.input[0].length];
  const window = spec.op === "conv2d" ? [spec.kernel.length, spec.kernel[0].length] : spec.size;
  const dilation = spec.op === "conv2d" ? spec.dilation : [1, 1];
  const [outRows, outCols] = matrixOpShape(spec);
  const padBefore = [rows, cols].map((n, axis) => {
    const out = axis === 0 ? outRows : outCols;
    const effective = (window[axis] - 1) * dilation[axis] + 1;
    return spec.padding === "same" ? Math.floor(Math.max((out - 1) * spec.stride[axis] + effective - n, 0) / 2) : 0;
  });
  return Array.from({ length: outRows }, (_, i) =>
    Array.from({ length: outCols }, (_, j) => {
      const cells: { value: number; weight: number }[] = [];
      for (let a = 0; a < window[0]; a++) {
        for (let b = 0; b < window[1]; b++) {
          const r = i * spec.stride[0] + a * dilation[0] - padBefore[0];
          const c = j * spec.stride[1] + b * dilation[1] - padBefore[1];
          if (r < 0 || c < 0 || r >= rows || c >= cols) continue; // zero padding: contributes nothing
          cells.push({ value: spec.input[r][c], weight: spec.op === "conv2d" ? spec.kernel[a][b] : 1 });
        }
      }
      if (spec.op === "conv2d") return cells.reduce((acc, { value, weight }) => acc + value * weight, 0);
      if (spec.op === "maxpool") return Math.max(...cells.map(({ value }) => value));
      return cells.reduce((acc, { value }) => acc + value, 0) / cells.length; // TF averages the real cells only
    }),
  );
}

const pool = (op: "maxpool" | "avgpool", input: number[][], size: number, stride: number, padding: "valid" | "same" = "valid"): MatrixOp => ({
  op,
  input,
  size: [size, size],
  stride: [stride, stride],
  padding,
});

describe("seed examples (slides 001)", () => {
  const X = [
    [1, 3, 2, 1],
    [2, 9, 1, 1],
    [1, 3, 2, 3],
    [5, 6, 1, 2],
  ];
  it("max pooling f=2 s=2", () => expect(applyMatrixOp(pool("maxpool", X, 2, 2)).values).toEqual([[9, 2], [6, 3]]));
  it("average pooling f=2 s=2", () => expect(applyMatrixOp(pool("avgpool", X, 2, 2)).values).toEqual([[3.75, 1.25], [3.75, 2]]));
  it("exercise: max pooling f=3 s=1 on 5×5", () => {
    const Y = [
      [1, 3, 2, 1, 3],
      [2, 9, 1, 1, 5],
      [1, 3, 2, 3, 2],
      [8, 3, 5, 1, 0],
      [5, 6, 1, 2, 9],
    ];
    expect(applyMatrixOp(pool("maxpool", Y, 3, 1)).values).toEqual([[9, 9, 5], [9, 9, 5], [8, 6, 9]]);
  });
  it("vertical edge detection is a plain kernel (cross-correlation, not flipped)", () => {
    const image = Array.from({ length: 6 }, () => [10, 10, 10, 0, 0, 0]);
    const vertical = [[1, 0, -1], [1, 0, -1], [1, 0, -1]];
    const result = applyMatrixOp({ op: "conv2d", input: image, kernel: vertical, stride: [1, 1], padding: "valid", dilation: [1, 1] });
    expect(result.values).toEqual(Array.from({ length: 4 }, () => [0, 30, 30, 0]));
  });
  it("blur filter on the 5×5 image, printed rounded as 178 175 216 / 141 133 183 / 106 117 167", () => {
    const image = [[206, 205, 247, 245, 244], [244, 161, 137, 244, 254], [192, 154, 75, 200, 249], [90, 109, 96, 143, 223], [67, 69, 107, 196, 236]];
    const blur = [[0.0625, 0.125, 0.0625], [0.125, 0.25, 0.125], [0.0625, 0.125, 0.0625]];
    const { values } = applyMatrixOp({ op: "conv2d", input: image, kernel: blur, stride: [1, 1], padding: "valid", dilation: [1, 1] });
    expect(values).toEqual([[177.75, 175.375, 216.4375], [141.0625, 133.1875, 183.25], [105.9375, 116.9375, 166.8125]]);
    expect(values.map((row) => row.map(Math.round))).toEqual([[178, 175, 216], [141, 133, 183], [106, 117, 167]]);
  });
});

describe("tfjs ops agree with a float64 oracle", () => {
  const matrix = (rows: number, cols: number) => fc.array(fc.array(fc.integer({ min: -9, max: 9 }), { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows });
  const dims = fc.tuple(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 7 }));
  const padding = fc.constantFrom("valid" as const, "same" as const);
  const spec: fc.Arbitrary<MatrixOp> = fc.oneof(
    fc
      .record({ in: dims, k: dims, stride: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })), dilation: fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 })), padding, dilated: fc.boolean() })
      .chain((s) =>
        fc.tuple(matrix(...s.in), matrix(Math.min(s.k[0], 3), Math.min(s.k[1], 3))).map(([input, kernel]): MatrixOp => ({
          op: "conv2d",
          input,
          kernel,
          stride: s.dilated ? [1, 1] : s.stride,
          dilation: s.dilated ? s.dilation : [1, 1],
          padding: s.padding,
        })),
      ),
    fc
      .record({ op: fc.constantFrom("maxpool" as const, "avgpool" as const), in: dims, size: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })), stride: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })), padding })
      .chain((s) => matrix(...s.in).map((input): MatrixOp => ({ op: s.op, input, size: s.size, stride: s.stride, padding: s.padding }))),
  );

  it("for conv2d (valid/same, strides, dilation), maxpool and avgpool on random integer matrices", () => {
    const tf = cpuTf();
    const before = tf.memory().numTensors;
    let computed = 0;
    fc.assert(
      fc.property(spec, (op) => {
        let shape: [number, number];
        try {
          shape = matrixOpShape(op);
        } catch (error) {
          expect(error).toBeInstanceOf(CnnSpecError);
          return;
        }
        const { values, errorBound } = applyMatrixOp(op);
        const expected = naive(op);
        expect([values.length, values[0].length]).toEqual(shape);
        values.forEach((row, i) => row.forEach((cell, j) => expect(Math.abs(cell - expected[i][j])).toBeLessThanOrEqual(errorBound)));
        if (op.op !== "avgpool") expect(values).toEqual(expected); // integer sums are exact in float32
        computed++;
      }),
      { numRuns: 300, seed: 7 },
    );
    expect(computed).toBeGreaterThan(150);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("tidyFloat32", () => {
  it("turns float32 noise into the intended decimal", () => {
    const bound = 1e-5;
    expect(tidyFloat32(Math.fround(17.8), bound)).toBe(17.8);
    expect(tidyFloat32(Math.fround(10 / 3), 1e-6)).toBe(3.333333);
    expect(tidyFloat32(2e-7, bound)).toBe(0);
    expect(tidyFloat32(-1e-7, bound)).toBe(0);
    expect(tidyFloat32(178.0625, 1e-4)).toBe(178.0625);
    expect(tidyFloat32(16777215, 1)).toBe(16777215);
  });
});

describe("refused operations", () => {
  it("a window larger than a valid input", () => {
    expect(() => matrixOpShape(pool("maxpool", [[1, 2], [3, 4]], 3, 1))).toThrow(/does not fit a 2x2 input/);
  });
  it("stride with dilation", () => {
    expect(() => matrixOpShape({ op: "conv2d", input: [[1, 2, 3]], kernel: [[1]], stride: [2, 2], padding: "valid", dilation: [2, 2] })).toThrow(/dilation/);
  });
  it("ragged or non-finite matrices", () => {
    expect(() => applyMatrixOp(pool("maxpool", [[1, 2], [3]], 1, 1))).toThrow(CnnSpecError);
    expect(() => applyMatrixOp(pool("maxpool", [[1, NaN]], 1, 1))).toThrow(CnnSpecError);
  });
});
