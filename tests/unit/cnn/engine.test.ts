import { describe, expect, it } from "vitest";
import { convOutputLength, summarizeStack } from "@/domain/cnn/engine";
import { CnnSpecError, kerasBaseName } from "@/domain/cnn/resolve";
import type { LayerSpecInput } from "@/domain/cnn/spec";
import { LENET5, SEED_003_MODELS, SLIDES_001_NET } from "./seed-models";

describe("convOutputLength (Keras conv_output_length)", () => {
  it.each([
    // [n, k, s, padding, d, expected]
    [10, 5, 1, "valid", 1, 6], // seed 003, Exercício 2: 10×10 with 5×5 gives 6×6
    [256, 3, 1, "valid", 1, 254],
    [256, 3, 1, "same", 1, 256],
    [1024, 8, 4, "same", 1, 256],
    [256, 3, 3, "valid", 1, 85],
    [7, 3, 2, "same", 1, 4],
    [9, 3, 1, "valid", 2, 5],
    [5, 3, 2, "valid", 1, 2],
  ] as const)("n=%i k=%i s=%i %s d=%i -> %i", (n, k, s, padding, d, expected) => {
    expect(convOutputLength(n, k, s, padding, d)).toBe(expected);
  });
});

describe("seed 003 Keras summaries (Exercício 6 to 10)", () => {
  for (const model of SEED_003_MODELS) {
    it(`reproduces every printed row of ${model.label}`, () => {
      const summary = summarizeStack(model.inputShape, model.layers);
      expect(summary.layers.map((layer) => [layer.outputShape, layer.params.total])).toEqual(
        model.printed.map(([, shape, params]) => [shape, params]),
      );
      expect(summary.totals).toEqual({ trainable: model.printedTotal, nonTrainable: 0, total: model.printedTotal });
    });
  }

  it("names unnamed layers as Keras does in a fresh session (modelA's printed names)", () => {
    const [modelA] = SEED_003_MODELS;
    expect(summarizeStack(modelA.inputShape, modelA.layers).layers.map((layer) => layer.name)).toEqual(modelA.printed.map(([name]) => name));
  });
});

describe("LeNet-5", () => {
  it("has the classic per-layer counts 156, 2416, 48120, 10164, 850 (total 61706) — seed 000 I.d", () => {
    const summary = summarizeStack([32, 32, 1], LENET5);
    const counts = Object.fromEntries(summary.layers.map((layer) => [layer.name, layer.params.total]));
    expect(counts).toEqual({ c1: 156, s2: 0, c3: 2416, s4: 0, flat: 0, c5: 48120, f6: 10164, out: 850 });
    expect(summary.totals.total).toBe(61706);
    expect(summary.layers.map((layer) => layer.outputShape)).toEqual([[28, 28, 6], [14, 14, 6], [10, 10, 16], [5, 5, 16], [400], [120], [84], [10]]);
  });

  it("reproduces the table of the seed 001 slides (32×32×3 input)", () => {
    const summary = summarizeStack([32, 32, 3], SLIDES_001_NET.layers);
    for (const [name, shape, params] of SLIDES_001_NET.printed) {
      const layer = summary.layers.find((l) => l.name === name)!;
      expect([layer.outputShape, layer.params.total], name).toEqual([shape, params]);
    }
    expect(summary.totals.total).toBe(608 + 3216 + 48120 + 10164 + 850);
  });
});

describe("layer semantics", () => {
  it("counts BatchNormalization like Keras: 4 per channel, 2 trainable", () => {
    const summary = summarizeStack([8, 8, 3], [
      { type: "Conv2D", filters: 16, kernel_size: 3, padding: "same" },
      { type: "BatchNormalization" },
      { type: "BatchNormalization", center: false },
    ]);
    expect(summary.layers[1].params).toEqual({ trainable: 32, nonTrainable: 32, total: 64 });
    expect(summary.layers[2].params).toEqual({ trainable: 16, nonTrainable: 32, total: 48 });
    expect(summary.totals).toEqual({ trainable: 448 + 32 + 16, nonTrainable: 64, total: 448 + 112 });
  });

  it("applies Dense to the last axis of a feature map", () => {
    const summary = summarizeStack([5, 6, 7], [{ type: "Dense", units: 4 }]);
    expect(summary.layers[0]).toMatchObject({ outputShape: [5, 6, 4], params: { total: 32 } });
  });

  it("handles bias-free layers, dilation, rectangular windows, pooling strides and Flatten on a vector", () => {
    const summary = summarizeStack([9, 9, 3], [
      { type: "Conv2D", filters: 2, kernel_size: 3, use_bias: false },
      { type: "Conv2D", filters: 2, kernel_size: [3, 1], dilation_rate: [1, 2] },
      { type: "AveragePooling2D", pool_size: [3, 2], strides: [2, 1], padding: "same" },
      { type: "GlobalMaxPooling2D" },
      { type: "Flatten" },
      { type: "Dropout", rate: 0.5 },
      { type: "Activation", activation: "relu" },
      { type: "Dense", units: 3, use_bias: false },
    ]);
    expect(summary.layers.map((l) => [l.outputShape, l.params.total])).toEqual([
      [[7, 7, 2], 54],
      [[5, 7, 2], 14],
      [[3, 7, 2], 0],
      [[2], 0],
      [[2], 0],
      [[2], 0],
      [[2], 0],
      [[3], 6],
    ]);
  });

  it("evaluates expression fields over the variant scope ({{k}}, k and arithmetic)", () => {
    const layers: LayerSpecInput[] = [
      { type: "Conv2D", name: "conv", filters: "{{m}}", kernel_size: "k", padding: "valid" },
      { type: "MaxPooling2D", pool_size: "{{p}}", strides: "p" },
      { type: "Flatten" },
      { type: "Dense", units: "2*{{m}} + 1" },
    ];
    const summary = summarizeStack(["n", "{{n}}", 1], layers, { n: 28, k: 5, m: 6, p: 2 });
    expect(summary.layers.map((l) => l.outputShape)).toEqual([[24, 24, 6], [12, 12, 6], [864], [13]]);
    expect(summary.layers[0].params.total).toBe(5 * 5 * 6 + 6);
  });

  it("gives Keras names with counters and keeps explicit names", () => {
    expect(kerasBaseName("GlobalAveragePooling2D")).toBe("global_average_pooling2d");
    expect(kerasBaseName("BatchNormalization")).toBe("batch_normalization");
    const summary = summarizeStack([4], [{ type: "Dense", units: 2, name: "dense_1" }, { type: "Dense", units: 2 }, { type: "Dense", units: 2 }]);
    expect(summary.layers.map((l) => l.name)).toEqual(["dense_1", "dense", "dense_2"]);
  });
});

describe("impossible stacks", () => {
  const cases: [string, number[], LayerSpecInput[], RegExp][] = [
    ["kernel larger than the input", [3, 3, 1], [{ type: "Conv2D", filters: 1, kernel_size: 5 }], /negative dimension/],
    ["pooling window larger than the input", [3, 3, 1], [{ type: "MaxPooling2D", pool_size: 5 }], /not positive/],
    ["Conv2D on a vector", [10], [{ type: "Conv2D", filters: 1, kernel_size: 1 }], /rank 3/],
    ["Conv1D on an image", [8, 8, 3], [{ type: "Conv1D", filters: 1, kernel_size: 1 }], /rank 2/],
    ["Conv2D after Flatten", [8, 8, 3], [{ type: "Flatten" }, { type: "Conv2D", filters: 1, kernel_size: 1 }], /rank 3/],
    ["GlobalAveragePooling1D on an image", [8, 8, 3], [{ type: "GlobalAveragePooling1D" }], /rank 2/],
    ["strides with dilation", [9, 9, 1], [{ type: "Conv2D", filters: 1, kernel_size: 3, strides: 2, dilation_rate: 2 }], /dilation/],
    ["zero filters", [9, 9, 1], [{ type: "Conv2D", filters: 0, kernel_size: 3 }], /positive integer/],
    ["fractional kernel", [9, 9, 1], [{ type: "Conv2D", filters: 1, kernel_size: 2.5 }], /positive integer/],
    ["three kernel sizes for Conv2D", [9, 9, 1], [{ type: "Conv2D", filters: 1, kernel_size: [3, 3, 3] as unknown as number[] }], /kernel_size/],
    ["Dropout rate 1", [4], [{ type: "Dropout", rate: 1 }], /rate/],
    ["unknown parameter", [9, 9, 1], [{ type: "Conv2D", filters: "q", kernel_size: 3 }], /cannot evaluate "q"/],
    ["unknown layer field", [4], [{ type: "Dense", units: 2, unitz: 3 } as unknown as LayerSpecInput], /unitz|Unrecognized/],
    ["duplicate names", [4], [{ type: "Dense", units: 2, name: "a" }, { type: "Dense", units: 2, name: "a" }], /duplicate/],
    ["negative input size", [-3, 4], [{ type: "Dense", units: 2 }], /input_shape/],
  ];
  it.each(cases)("refuses %s with a clear CnnSpecError", (_, input, layers, message) => {
    expect(() => summarizeStack(input, layers)).toThrow(CnnSpecError);
    expect(() => summarizeStack(input, layers)).toThrow(message);
  });
});
