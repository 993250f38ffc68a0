import { evaluateNumber } from "@/domain/questions/math";
import { spatialRank, type LayerSpec, type NumberOrExpression, type ResolvedLayer } from "./spec";

/** A stack the engine cannot compute: a bug in the question file, reported to the author (English). */
export class CnnSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CnnSpecError";
  }
}

const PLACEHOLDER = /\{\{\s*([^{}]+?)\s*\}\}/g;

/**
 * Evaluates a numeric layer field: a number as is, a string as a mathjs expression over `scope`
 * after turning each `{{expr}}` into `(expr)`. So "{{k}}", "k" and "2*{{k}}" are all accepted.
 */
export function resolveNumber(value: NumberOrExpression, scope: Record<string, unknown>, where: string): number {
  if (typeof value === "number") return value;
  const expression = value.replace(PLACEHOLDER, (_, inner: string) => `(${inner})`);
  try {
    return evaluateNumber(expression, scope);
  } catch (error) {
    throw new CnnSpecError(`${where}: cannot evaluate "${value}": ${(error as Error).message}`);
  }
}

function positiveInteger(value: NumberOrExpression, scope: Record<string, unknown>, where: string): number {
  const number = resolveNumber(value, scope, where);
  if (!Number.isSafeInteger(number) || number < 1) throw new CnnSpecError(`${where} must be a positive integer, got ${number}`);
  return number;
}

function sizes(value: NumberOrExpression | NumberOrExpression[], rank: number, scope: Record<string, unknown>, where: string): number[] {
  const list = Array.isArray(value) ? value : Array.from({ length: rank }, () => value);
  if (list.length !== rank) throw new CnnSpecError(`${where} needs ${rank} value(s), one per spatial axis, got ${list.length}`);
  return list.map((item, axis) => positiveInteger(item, scope, rank > 1 ? `${where}[${axis}]` : where));
}

/** Keras's automatic layer names: Conv2D -> conv2d, conv2d_1, ...; MaxPooling2D -> max_pooling2d. */
export function kerasBaseName(type: string): string {
  return type.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();
}

export function resolveInputShape(shape: NumberOrExpression[], scope: Record<string, unknown>): number[] {
  return shape.map((dim, axis) => positiveInteger(dim, scope, `input_shape[${axis}]`));
}

/** Evaluates every expression of the stack and names unnamed layers the way Keras does. */
export function resolveLayers(layers: LayerSpec[], scope: Record<string, unknown>): ResolvedLayer[] {
  const counters = new Map<string, number>();
  const explicit = new Set(layers.map((layer) => layer.name).filter((name): name is string => name !== undefined));
  const seen = new Set<string>();
  return layers.map((layer, index) => {
    const name = layer.name ?? autoName(layer.type, counters, explicit);
    if (seen.has(name)) throw new CnnSpecError(`layer ${index + 1}: duplicate layer name "${name}"`);
    seen.add(name);
    return resolveLayer(layer, name, scope, `layer ${index + 1} (${name})`);
  });
}

function autoName(type: string, counters: Map<string, number>, taken: Set<string>): string {
  const base = kerasBaseName(type);
  for (;;) {
    const count = counters.get(base) ?? 0;
    counters.set(base, count + 1);
    const candidate = count === 0 ? base : `${base}_${count}`;
    if (!taken.has(candidate)) return candidate;
  }
}

function resolveLayer(layer: LayerSpec, name: string, scope: Record<string, unknown>, where: string): ResolvedLayer {
  switch (layer.type) {
    case "Conv1D":
    case "Conv2D": {
      const rank = spatialRank(layer.type)!;
      const resolved = {
        type: layer.type,
        name,
        filters: positiveInteger(layer.filters, scope, `${where}.filters`),
        kernel_size: sizes(layer.kernel_size, rank, scope, `${where}.kernel_size`),
        strides: sizes(layer.strides, rank, scope, `${where}.strides`),
        padding: layer.padding,
        dilation_rate: sizes(layer.dilation_rate, rank, scope, `${where}.dilation_rate`),
        use_bias: layer.use_bias,
        ...(layer.activation === undefined ? {} : { activation: layer.activation }),
      };
      // Keras refuses this combination (tfjs silently accepts it)
      if (resolved.strides.some((s) => s > 1) && resolved.dilation_rate.some((d) => d > 1)) {
        throw new CnnSpecError(`${where}: strides > 1 cannot be combined with dilation_rate > 1 (Keras raises ValueError)`);
      }
      return resolved;
    }
    case "MaxPooling1D":
    case "MaxPooling2D":
    case "AveragePooling1D":
    case "AveragePooling2D": {
      const rank = spatialRank(layer.type)!;
      const pool = sizes(layer.pool_size, rank, scope, `${where}.pool_size`);
      const strides = layer.strides === undefined ? pool : sizes(layer.strides, rank, scope, `${where}.strides`);
      return { type: layer.type, name, pool_size: pool, strides, padding: layer.padding };
    }
    case "Dense":
      return {
        type: "Dense",
        name,
        units: positiveInteger(layer.units, scope, `${where}.units`),
        use_bias: layer.use_bias,
        ...(layer.activation === undefined ? {} : { activation: layer.activation }),
      };
    case "Dropout": {
      const rate = resolveNumber(layer.rate, scope, `${where}.rate`);
      if (!(rate >= 0 && rate < 1)) throw new CnnSpecError(`${where}.rate must be in [0, 1), got ${rate}`);
      return { type: "Dropout", name, rate };
    }
    case "BatchNormalization":
      return { type: "BatchNormalization", name, center: layer.center, scale: layer.scale };
    case "Activation":
      return { type: "Activation", name, activation: layer.activation };
    default:
      return { type: layer.type, name };
  }
}
