import type { LayerSpecInput } from "@/domain/cnn/spec";

/** One printed row of a Keras `model.summary()`: layer name as printed, output shape without None, Param #. */
export type PrintedRow = [name: string, shape: number[], params: number];

export interface SeedModel {
  label: string;
  inputShape: number[];
  layers: LayerSpecInput[];
  printed: PrintedRow[];
  printedTotal: number;
}

const relu = { activation: "relu" };

/**
 * The models of seed 003 (MBA exercises), Exercício 6 to 10, encoded from their Keras code, with the
 * summary tables exactly as printed. Exercício 9 only trains model D (no new summary).
 */
export const SEED_003_MODELS: SeedModel[] = [
  {
    label: "Exercício 6, arquitetura A (modelA)",
    inputShape: [1024, 1],
    layers: [
      { type: "Conv1D", filters: 16, kernel_size: 8, padding: "same", ...relu },
      { type: "MaxPooling1D", pool_size: 4 },
      { type: "Conv1D", filters: 32, kernel_size: 8, padding: "same", ...relu },
      { type: "MaxPooling1D", pool_size: 4 },
      { type: "Conv1D", filters: 8, kernel_size: 1, padding: "same", ...relu },
      { type: "Flatten" },
      { type: "Dense", units: 3, activation: "softmax" },
    ],
    printed: [
      ["conv1d", [1024, 16], 144],
      ["max_pooling1d", [256, 16], 0],
      ["conv1d_1", [256, 32], 4128],
      ["max_pooling1d_1", [64, 32], 0],
      ["conv1d_2", [64, 8], 264],
      ["flatten", [512], 0],
      ["dense", [3], 1539],
    ],
    printedTotal: 6075,
  },
  {
    label: "Exercício 6, arquitetura B (modelB)",
    inputShape: [1024, 1],
    layers: [
      { type: "Conv1D", filters: 16, kernel_size: 8, strides: 4, padding: "same", ...relu },
      { type: "Conv1D", filters: 32, kernel_size: 8, strides: 4, padding: "same", ...relu },
      { type: "Conv1D", filters: 8, kernel_size: 1, padding: "same", ...relu },
      { type: "Flatten" },
      { type: "Dense", units: 3, activation: "softmax" },
    ],
    printed: [
      ["conv1d_3", [256, 16], 144],
      ["conv1d_4", [64, 32], 4128],
      ["conv1d_5", [64, 8], 264],
      ["flatten_1", [512], 0],
      ["dense_1", [3], 1539],
    ],
    printedTotal: 6075,
  },
  {
    label: "Exercício 7 (modelC), entrada 1024×1024",
    inputShape: [1024, 1024, 1],
    layers: [
      { type: "Conv2D", filters: 32, kernel_size: [3, 3], strides: [2, 2], padding: "same", ...relu },
      { type: "Conv2D", filters: 64, kernel_size: [1, 3], strides: [1, 2], padding: "same", ...relu },
      { type: "Conv2D", filters: 64, kernel_size: [3, 1], strides: [2, 1], padding: "same", ...relu },
      { type: "Conv2D", filters: 128, kernel_size: [3, 3], strides: [3, 3], padding: "valid", ...relu },
      { type: "GlobalAveragePooling2D" },
    ],
    printed: [
      ["conv2d", [512, 512, 32], 320],
      ["conv2d_1", [512, 256, 64], 6208],
      ["conv2d_2", [256, 256, 64], 12352],
      ["conv2d_3", [85, 85, 128], 73856],
      ["global_average_pooling2d", [128], 0],
    ],
    printedTotal: 92736,
  },
  {
    label: "Exercício 8 (modelD), CIFAR-100",
    inputShape: [32, 32, 3],
    layers: [
      { type: "Conv2D", filters: 32, kernel_size: [3, 3], strides: [2, 2], padding: "same", ...relu },
      { type: "Conv2D", filters: 64, kernel_size: [1, 3], strides: [1, 2], padding: "same", ...relu },
      { type: "Conv2D", filters: 64, kernel_size: [3, 1], strides: [2, 1], padding: "same", ...relu },
      { type: "Conv2D", filters: 128, kernel_size: [3, 3], strides: [3, 3], padding: "valid", ...relu },
      { type: "GlobalAveragePooling2D" },
      { type: "Dense", units: 100, activation: "softmax" },
    ],
    printed: [
      ["conv2d_4", [16, 16, 32], 896],
      ["conv2d_5", [16, 8, 64], 6208],
      ["conv2d_6", [8, 8, 64], 12352],
      ["conv2d_7", [2, 2, 128], 73856],
      ["global_average_pooling2d_1", [128], 0],
      ["dense_2", [100], 12900],
    ],
    printedTotal: 106212,
  },
  {
    // The code line of the last convolution is cut after "padding='vali"; its stride is not visible.
    // The printed (2, 2, 128) from a 4×4 input fixes it at 1 (stride 3, as in modelD, would give 1×1).
    // This encodes the code as run; the bank question mba-ex10-arquitetura follows the statement instead
    // ("the previous network", stride 3 -> 1×1) and records that as an erratum.
    label: "Exercício 10 (modelE), duas convoluções a mais",
    inputShape: [32, 32, 3],
    layers: [
      { type: "Conv2D", filters: 32, kernel_size: [3, 3], strides: [2, 2], padding: "same", ...relu },
      { type: "Conv2D", filters: 64, kernel_size: [1, 3], strides: [1, 2], padding: "same", ...relu },
      { type: "Conv2D", filters: 64, kernel_size: [3, 1], strides: [2, 1], padding: "same", ...relu },
      { type: "Conv2D", filters: 64, kernel_size: [1, 3], strides: [1, 2], padding: "same", ...relu },
      { type: "Conv2D", filters: 64, kernel_size: [3, 1], strides: [2, 1], padding: "same", ...relu },
      { type: "Conv2D", filters: 128, kernel_size: [3, 3], padding: "valid", ...relu },
      { type: "GlobalAveragePooling2D" },
      { type: "Dense", units: 100, activation: "softmax" },
    ],
    printed: [
      ["conv2d_8", [16, 16, 32], 896],
      ["conv2d_9", [16, 8, 64], 6208],
      ["conv2d_10", [8, 8, 64], 12352],
      ["conv2d_11", [8, 4, 64], 12352],
      ["conv2d_12", [4, 4, 64], 12352],
      ["conv2d_13", [2, 2, 128], 73856],
      ["global_average_pooling2d_2", [128], 0],
      ["dense_3", [100], 12900],
    ],
    printedTotal: 130916,
  },
];

/** LeNet-5 as in seed 000 item I.d (32×32 grey input, 84 units in F6). */
export const LENET5: LayerSpecInput[] = [
  { type: "Conv2D", name: "c1", filters: 6, kernel_size: 5, activation: "tanh" },
  { type: "AveragePooling2D", name: "s2", pool_size: 2 },
  { type: "Conv2D", name: "c3", filters: 16, kernel_size: 5, activation: "tanh" },
  { type: "AveragePooling2D", name: "s4", pool_size: 2 },
  { type: "Flatten", name: "flat" },
  { type: "Dense", name: "c5", units: 120, activation: "tanh" },
  { type: "Dense", name: "f6", units: 84, activation: "tanh" },
  { type: "Dense", name: "out", units: 10, activation: "softmax" },
];

/**
 * The table of seed 001 ("CNN com Camadas de Pooling"): LeNet-5-like on a 32×32×3 input with 8 filters in CONV1.
 * The slide writes the dense outputs as column vectors, (120, 1); Keras shapes are (120,).
 */
export const SLIDES_001_NET: { layers: LayerSpecInput[]; printed: PrintedRow[] } = {
  layers: [
    { type: "Conv2D", name: "CONV1", filters: 8, kernel_size: 5, strides: 1 },
    { type: "MaxPooling2D", name: "POOL1", pool_size: 2 },
    { type: "Conv2D", name: "CONV2", filters: 16, kernel_size: 5, strides: 1 },
    { type: "MaxPooling2D", name: "POOL2", pool_size: 2 },
    { type: "Flatten", name: "flat" },
    { type: "Dense", name: "FC3", units: 120 },
    { type: "Dense", name: "FC4", units: 84 },
    { type: "Dense", name: "Softmax", units: 10, activation: "softmax" },
  ],
  printed: [
    ["CONV1", [28, 28, 8], 608],
    ["POOL1", [14, 14, 8], 0],
    ["CONV2", [10, 10, 16], 3216],
    ["POOL2", [5, 5, 16], 0],
    ["FC3", [120], 48120],
    ["FC4", [84], 10164],
    ["Softmax", [10], 850],
  ],
};
