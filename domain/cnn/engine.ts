import { layerSpecSchema, inputShapeSchema, type LayerSpecInput, type NumberOrExpression, type ResolvedLayer } from "./spec";
import { CnnSpecError, resolveInputShape, resolveLayers } from "./resolve";

export interface ParamCount {
  trainable: number;
  nonTrainable: number;
  /** Keras's "Param #" column: trainable + non-trainable */
  total: number;
}

export interface LayerSummary {
  name: string;
  type: ResolvedLayer["type"];
  /** Keras convention, without the batch dimension: (None, 26, 26, 32) is [26, 26, 32] */
  outputShape: number[];
  params: ParamCount;
}

export interface StackSummary {
  inputShape: number[];
  layers: LayerSummary[];
  /** Keras's "Total params", "Trainable params", "Non-trainable params" */
  totals: ParamCount;
}

/**
 * Length of one spatial axis after a convolution or pooling window, as Keras computes it
 * (keras conv_output_length): "same" gives ceil(n / s), "valid" gives floor((n - d(k-1) - 1) / s) + 1.
 */
export function convOutputLength(length: number, window: number, stride: number, padding: "valid" | "same", dilation = 1): number {
  if (padding === "same") return Math.ceil(length / stride);
  const effective = (window - 1) * dilation + 1;
  return Math.floor((length - effective) / stride) + 1;
}

function count(trainable: number, nonTrainable = 0): ParamCount {
  return { trainable, nonTrainable, total: trainable + nonTrainable };
}

const product = (values: number[]) => values.reduce((acc, value) => acc * value, 1);

function expectRank(layer: ResolvedLayer, shape: number[], rank: number, hint: string): void {
  if (shape.length !== rank) {
    throw new CnnSpecError(
      `layer "${layer.name}" (${layer.type}) expects an input of rank ${rank} (${hint}, no batch dimension), got shape [${shape.join(", ")}]`,
    );
  }
}

function spatialOutput(layer: ResolvedLayer, input: number[], windows: number[], strides: number[], padding: "valid" | "same", dilations?: number[]): number[] {
  const spatial = input.slice(0, -1).map((length, axis) => convOutputLength(length, windows[axis], strides[axis], padding, dilations?.[axis] ?? 1));
  if (spatial.some((length) => length < 1)) {
    throw new CnnSpecError(
      `layer "${layer.name}" (${layer.type}): output size [${spatial.join(", ")}] is not positive for input [${input.join(", ")}] ` +
        `(window ${windows.join("x")}, strides ${strides.join("x")}, padding ${padding}): negative dimension size`,
    );
  }
  return spatial;
}

/** Output shape and parameters of one layer for a given input shape (Keras semantics). */
export function layerOutput(layer: ResolvedLayer, input: number[]): { outputShape: number[]; params: ParamCount } {
  const channels = input[input.length - 1];
  switch (layer.type) {
    case "Conv1D":
    case "Conv2D": {
      const rank = layer.kernel_size.length;
      expectRank(layer, input, rank + 1, rank === 1 ? "(steps, channels)" : "(height, width, channels)");
      const spatial = spatialOutput(layer, input, layer.kernel_size, layer.strides, layer.padding, layer.dilation_rate);
      const weights = product(layer.kernel_size) * channels * layer.filters;
      return { outputShape: [...spatial, layer.filters], params: count(weights + (layer.use_bias ? layer.filters : 0)) };
    }
    case "MaxPooling1D":
    case "MaxPooling2D":
    case "AveragePooling1D":
    case "AveragePooling2D": {
      const rank = layer.pool_size.length;
      expectRank(layer, input, rank + 1, rank === 1 ? "(steps, channels)" : "(height, width, channels)");
      return { outputShape: [...spatialOutput(layer, input, layer.pool_size, layer.strides, layer.padding), channels], params: count(0) };
    }
    case "GlobalAveragePooling1D":
    case "GlobalMaxPooling1D":
      expectRank(layer, input, 2, "(steps, channels)");
      return { outputShape: [channels], params: count(0) };
    case "GlobalAveragePooling2D":
    case "GlobalMaxPooling2D":
      expectRank(layer, input, 3, "(height, width, channels)");
      return { outputShape: [channels], params: count(0) };
    case "Flatten":
      return { outputShape: [product(input)], params: count(0) };
    case "Dense":
      // Keras applies Dense to the last axis: (h, w, c) -> (h, w, units)
      return {
        outputShape: [...input.slice(0, -1), layer.units],
        params: count(channels * layer.units + (layer.use_bias ? layer.units : 0)),
      };
    case "BatchNormalization": {
      // gamma (scale) and beta (center) are trained; the moving mean and variance are not
      const trained = (layer.center ? 1 : 0) + (layer.scale ? 1 : 0);
      return { outputShape: [...input], params: count(trained * channels, 2 * channels) };
    }
    case "Dropout":
    case "Activation":
      return { outputShape: [...input], params: count(0) };
  }
}

/** Runs already-resolved layers over an input shape. */
export function summarizeResolved(inputShape: number[], layers: ResolvedLayer[]): StackSummary {
  let shape = [...inputShape];
  const summaries = layers.map((layer) => {
    const { outputShape, params } = layerOutput(layer, shape);
    shape = outputShape;
    return { name: layer.name, type: layer.type, outputShape, params };
  });
  const totals = summaries.reduce(
    (acc, { params }) => count(acc.trainable + params.trainable, acc.nonTrainable + params.nonTrainable),
    count(0),
  );
  return { inputShape: [...inputShape], layers: summaries, totals };
}

/**
 * The Keras `model.summary()` of a sequential stack: each layer's output shape and parameters, and the totals.
 * `layers` are validated (as in question files) and their expressions evaluated over `scope` (the variant's values).
 * Throws CnnSpecError for stacks Keras would refuse (wrong rank, non-positive sizes, strides with dilation...).
 */
export function summarizeStack(inputShape: NumberOrExpression[], layers: LayerSpecInput[], scope: Record<string, unknown> = {}): StackSummary {
  const shape = inputShapeSchema.safeParse(inputShape);
  if (!shape.success) throw new CnnSpecError(`input_shape must be a list of 1 to 3 sizes, got ${JSON.stringify(inputShape)}`);
  const specs = layers.map((layer, index) => {
    const parsed = layerSpecSchema.safeParse(layer);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new CnnSpecError(`layer ${index + 1}: ${issue.path.join(".") || "(layer)"}: ${issue.message}`);
    }
    return parsed.data;
  });
  return summarizeResolved(resolveInputShape(shape.data, scope), resolveLayers(specs, scope));
}
