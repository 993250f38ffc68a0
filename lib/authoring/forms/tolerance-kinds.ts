/** A numeric answer's tolerance, as the form's choice of kind and its two numbers. */

export type ToleranceKind = "integer" | "abs" | "rel" | "abs-rel";

export function toleranceKind(tolerance: unknown): ToleranceKind {
  const t = (tolerance ?? {}) as { mode?: string; abs?: number; rel?: number };
  if (t.mode === "integer") return "integer";
  if (t.abs !== undefined && t.rel !== undefined) return "abs-rel";
  return t.rel !== undefined ? "rel" : "abs";
}

export function toleranceOf(kind: ToleranceKind, abs: number, rel: number): Record<string, unknown> {
  if (kind === "integer") return { mode: "integer" };
  if (kind === "abs") return { abs };
  if (kind === "rel") return { rel };
  return { abs, rel };
}
