/** How a parameter is drawn (fixed, one of some values, a range, a matrix), as the parameter form switches it. */

export type ParamKind = "fixed" | "choices" | "range-step" | "range-decimals" | "matrix";

export interface ParamSpecData {
  default?: unknown;
  choices?: number[];
  range?: [number, number];
  step?: number;
  decimals?: number;
  matrix?: unknown;
}

export function paramKind(spec: ParamSpecData): ParamKind {
  if (spec.matrix !== undefined) return "matrix";
  if (spec.choices) return "choices";
  if (spec.range) return spec.decimals !== undefined ? "range-decimals" : "range-step";
  return "fixed";
}

/** The same parameter drawn another way, keeping its default and sensible bounds around it. */
export function withParamKind(spec: ParamSpecData, kind: ParamKind): ParamSpecData {
  const d = typeof spec.default === "number" ? spec.default : 1;
  const range = spec.range ?? [d, d * 2 || 1];
  switch (kind) {
    case "fixed":
      return { default: d };
    case "choices":
      return { default: d, choices: spec.choices ?? [d] };
    case "range-step":
      return { default: d, range, step: spec.step ?? 1 };
    case "range-decimals":
      return { default: d, range, decimals: spec.decimals ?? 2 };
    case "matrix":
      return spec;
  }
}
