import { describe, expect, it } from "vitest";
import { receptiveFields } from "@/domain/cnn/receptive-field";
import { LENET5 } from "./seed-models";

describe("receptive fields", () => {
  it("LeNet-5 (seed 000 I.c): a unit of the 14×14 maps after pooling sees 6×6 input pixels", () => {
    const fields = receptiveFields([32, 32, 1], LENET5);
    expect(fields.map((f) => [f.name, f.size, f.jump])).toEqual([
      ["c1", [5, 5], [1, 1]],
      ["s2", [6, 6], [2, 2]],
      ["c3", [14, 14], [2, 2]],
      ["s4", [16, 16], [4, 4]],
      ["flat", [16, 16], [4, 4]],
      ["c5", "input", [4, 4]],
      ["f6", "input", [4, 4]],
      ["out", "input", [4, 4]],
    ]);
  });

  it("grows with dilation and strides, per axis, and is global after global pooling", () => {
    const fields = receptiveFields([64, 64, 3], [
      { type: "Conv2D", filters: 4, kernel_size: 3, dilation_rate: 2 }, // 5
      { type: "Conv2D", filters: 4, kernel_size: [3, 1], strides: [2, 1] }, // 7 x 5
      { type: "MaxPooling2D", pool_size: 2 }, // 7 + 1*2 = 9 ; 5 + 1*1 = 6
      { type: "Dense", units: 8 }, // per position: unchanged
      { type: "GlobalAveragePooling2D" },
    ]);
    expect(fields.map((f) => [f.size, f.jump])).toEqual([
      [[5, 5], [1, 1]],
      [[7, 5], [2, 1]],
      [[9, 6], [4, 2]],
      [[9, 6], [4, 2]],
      ["input", [4, 2]],
    ]);
  });

  it("three stacked 3×3 convolutions see 7×7 (the VGG argument)", () => {
    const conv = { type: "Conv2D" as const, filters: 8, kernel_size: 3, padding: "same" as const };
    expect(receptiveFields([32, 32, 3], [conv, conv, conv]).at(-1)!.size).toEqual([7, 7]);
  });
});
