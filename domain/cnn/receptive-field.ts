import { summarizeResolved, summarizeStack, type StackSummary } from "./engine";
import type { LayerSpecInput, NumberOrExpression, ResolvedLayer } from "./spec";
import { resolveInputShape, resolveLayers } from "./resolve";
import { layerSpecSchema } from "./spec";

export interface LayerReceptiveField {
  name: string;
  /**
   * Input positions (per spatial axis) one output unit of this layer sees, counting zero padding as positions
   * (so it may exceed the input size); "input" once the layer mixes every position (global pooling, Dense after Flatten).
   */
  size: number[] | "input";
  /** Distance in input positions between neighbouring output units (the product of the strides so far). */
  jump: number[];
}

/**
 * Receptive field of each layer of a stack with respect to the input, per spatial axis:
 * r_out = r_in + (k_eff - 1) * j_in and j_out = j_in * s, with k_eff = d (k - 1) + 1.
 * Example (LeNet-5, list I.c): conv 5x5 then average pooling 2x2 -> 6x6.
 */
export function receptiveFieldsResolved(inputShape: number[], layers: ResolvedLayer[]): LayerReceptiveField[] {
  const summary: StackSummary = summarizeResolved(inputShape, layers);
  const spatialAxes = Math.max(inputShape.length - 1, 0);
  let size: number[] | "input" = Array.from({ length: spatialAxes }, () => 1);
  let jump = Array.from({ length: spatialAxes }, () => 1);
  let inputRank = inputShape.length;
  return layers.map((layer, index) => {
    const grow = (windows: number[], strides: number[], dilations?: number[]) => {
      if (size !== "input") {
        const current = size;
        size = current.map((r, axis) => r + ((windows[axis] - 1) * (dilations?.[axis] ?? 1)) * jump[axis]);
      }
      jump = jump.map((j, axis) => j * strides[axis]);
    };
    switch (layer.type) {
      case "Conv1D":
      case "Conv2D":
        grow(layer.kernel_size, layer.strides, layer.dilation_rate);
        break;
      case "MaxPooling1D":
      case "MaxPooling2D":
      case "AveragePooling1D":
      case "AveragePooling2D":
        grow(layer.pool_size, layer.strides);
        break;
      case "GlobalAveragePooling1D":
      case "GlobalAveragePooling2D":
      case "GlobalMaxPooling1D":
      case "GlobalMaxPooling2D":
        size = "input";
        break;
      case "Dense":
        // on a flattened vector every unit sees every input position; on a feature map it acts per position
        if (inputRank === 1 && spatialAxes > 0) size = "input";
        break;
      default:
        break;
    }
    inputRank = summary.layers[index].outputShape.length;
    return { name: layer.name, size: size === "input" ? "input" : [...size], jump: [...jump] };
  });
}

/** Same as receptiveFieldsResolved, from a stack as written in a question file (expressions over `scope`). */
export function receptiveFields(inputShape: NumberOrExpression[], layers: LayerSpecInput[], scope: Record<string, unknown> = {}): LayerReceptiveField[] {
  summarizeStack(inputShape, layers, scope); // validates and reports impossible stacks first
  const specs = layers.map((layer) => layerSpecSchema.parse(layer));
  return receptiveFieldsResolved(resolveInputShape(inputShape, scope), resolveLayers(specs, scope));
}
