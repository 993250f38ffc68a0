import { z } from "zod";

/**
 * Layer specifications as written in question files (Keras names and defaults, no batch dimension).
 * Every numeric field is a number or a string: a mathjs expression over the variant's parameters,
 * where `{{name}}` placeholders are allowed too ("{{k}}", "k", "2*{{k}}+1" all work). See lib/cnn/resolve.ts.
 */
export const numberOrExpression = z.union([z.number(), z.string().min(1)]);
export type NumberOrExpression = z.infer<typeof numberOrExpression>;

/** A size per spatial axis, or one size for every axis (Keras `kernel_size=3` == `(3, 3)`). */
const sizeSpec = z.union([numberOrExpression, z.array(numberOrExpression).min(1).max(2)]);
const padding = z.enum(["valid", "same"]);

export const LAYER_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const name = z.string().regex(LAYER_NAME, "layer names are identifiers (letters, digits, _)").optional();

const convSpec = <T extends "Conv1D" | "Conv2D">(type: T) =>
  z
    .object({
      type: z.literal(type),
      name,
      filters: numberOrExpression,
      kernel_size: sizeSpec,
      strides: sizeSpec.default(1),
      padding: padding.default("valid"),
      dilation_rate: sizeSpec.default(1),
      use_bias: z.boolean().default(true),
      activation: z.string().optional(),
    })
    .strict();

const poolSpec = <T extends "MaxPooling1D" | "MaxPooling2D" | "AveragePooling1D" | "AveragePooling2D">(type: T) =>
  z
    .object({
      type: z.literal(type),
      name,
      pool_size: sizeSpec.default(2),
      /** Keras default: strides = pool_size */
      strides: sizeSpec.optional(),
      padding: padding.default("valid"),
    })
    .strict();

const bareSpec = <T extends "GlobalAveragePooling1D" | "GlobalAveragePooling2D" | "GlobalMaxPooling1D" | "GlobalMaxPooling2D" | "Flatten">(
  type: T,
) => z.object({ type: z.literal(type), name }).strict();

export const layerSpecSchema = z.discriminatedUnion("type", [
  convSpec("Conv1D"),
  convSpec("Conv2D"),
  poolSpec("MaxPooling1D"),
  poolSpec("MaxPooling2D"),
  poolSpec("AveragePooling1D"),
  poolSpec("AveragePooling2D"),
  bareSpec("GlobalAveragePooling1D"),
  bareSpec("GlobalAveragePooling2D"),
  bareSpec("GlobalMaxPooling1D"),
  bareSpec("GlobalMaxPooling2D"),
  bareSpec("Flatten"),
  z
    .object({ type: z.literal("Dense"), name, units: numberOrExpression, use_bias: z.boolean().default(true), activation: z.string().optional() })
    .strict(),
  z.object({ type: z.literal("BatchNormalization"), name, center: z.boolean().default(true), scale: z.boolean().default(true) }).strict(),
  z.object({ type: z.literal("Dropout"), name, rate: numberOrExpression }).strict(),
  z.object({ type: z.literal("Activation"), name, activation: z.string().min(1) }).strict(),
]);
/** A layer as written in YAML (before defaults are applied). */
export type LayerSpecInput = z.input<typeof layerSpecSchema>;
/** A layer after zod defaults, numeric fields possibly still expressions. */
export type LayerSpec = z.output<typeof layerSpecSchema>;
export type LayerType = LayerSpec["type"];
export const LAYER_TYPES = layerSpecSchema.options.map((option) => option.shape.type.value) as LayerType[];

export const inputShapeSchema = z.array(numberOrExpression).min(1).max(3);

/** Number of spatial axes a layer type works on (Conv2D: 2), or null for layers that are not spatial. */
export function spatialRank(type: LayerType): 1 | 2 | null {
  if (type.endsWith("1D")) return 1;
  if (type.endsWith("2D")) return 2;
  return null;
}

/** A layer with every expression evaluated and every size expanded to one value per spatial axis. */
export type ResolvedLayer =
  | {
      type: "Conv1D" | "Conv2D";
      name: string;
      filters: number;
      kernel_size: number[];
      strides: number[];
      padding: "valid" | "same";
      dilation_rate: number[];
      use_bias: boolean;
      activation?: string;
    }
  | {
      type: "MaxPooling1D" | "MaxPooling2D" | "AveragePooling1D" | "AveragePooling2D";
      name: string;
      pool_size: number[];
      strides: number[];
      padding: "valid" | "same";
    }
  | { type: "GlobalAveragePooling1D" | "GlobalAveragePooling2D" | "GlobalMaxPooling1D" | "GlobalMaxPooling2D" | "Flatten"; name: string }
  | { type: "Dense"; name: string; units: number; use_bias: boolean; activation?: string }
  | { type: "BatchNormalization"; name: string; center: boolean; scale: boolean }
  | { type: "Dropout"; name: string; rate: number }
  | { type: "Activation"; name: string; activation: string };
