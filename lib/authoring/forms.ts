/**
 * Pure helpers behind the web editor's structured forms (used in the browser). The editor always holds the question's
 * fields as plain data; these read and change pieces of it without losing what a form does not show.
 */

export const BASE_KEYS = ["id", "type", "title", "topic", "tags", "source", "errata"] as const;
export const EDITABLE_TYPES = ["numeric", "mcq", "symbolic", "matrix", "architecture", "open", "code", "shortanswer"] as const;
export type EditableType = (typeof EDITABLE_TYPES)[number];

/** Types with a structured form; the others edit their own fields as YAML. */
export const STRUCTURED_TYPES: readonly string[] = ["numeric", "mcq", "code"];

/** The question.yaml data split into base fields and the type's own fields. */
export function splitFields(fields: Record<string, unknown>): { base: Record<string, unknown>; own: Record<string, unknown> } {
  const base: Record<string, unknown> = {};
  const own: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) ((BASE_KEYS as readonly string[]).includes(key) ? base : own)[key] = value;
  return { base, own };
}

/** "28, 32; 64" → [28, 32, 64]; null when some entry is not a number. */
export function parseNumberList(text: string): number[] | null {
  const parts = text.split(/[;,\s]+/).filter(Boolean);
  const numbers = parts.map(Number);
  return numbers.every(Number.isFinite) ? numbers : null;
}

export function parseTags(text: string): string[] {
  return text.split(",").map((t) => t.trim()).filter(Boolean);
}

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

/** Renames a key of an ordered record in place (the order of `derived` is meaningful). */
export function renameKey<T>(record: Record<string, T>, from: string, to: string): Record<string, T> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k === from ? to : k, v]));
}

/** The next free name: p, p2, p3... */
export function freeName(record: Record<string, unknown>, base: string): string {
  if (!(base in record)) return base;
  let n = 2;
  while (`${base}${n}` in record) n++;
  return `${base}${n}`;
}

/** The next option letter not used yet. */
export function nextOptionId(options: { id: string }[]): string {
  const used = new Set(options.map((o) => o.id));
  for (const c of "abcdefghijklmnopqrstuvwxyz") if (!used.has(c)) return c;
  return `o${options.length + 1}`;
}

/** Issues of one field and the fields below it ("derived" covers "derived.p"). */
export function issuesUnder<T extends { field: string }>(issues: T[], field: string): T[] {
  return issues.filter((i) => i.field === field || i.field.startsWith(`${field}.`));
}

/** A starting point for a new question of each type, valid once the texts are written. */
export function starterFields(type: EditableType): Record<string, unknown> {
  switch (type) {
    case "numeric":
      return { params: { n: { default: 32, choices: [28, 32, 64] }, f: { default: 3, choices: [3, 5] } }, derived: {}, constraints: [], answer: "n - f + 1", tolerance: { mode: "integer" } };
    case "mcq":
      return { multiple: false, shuffle: true, options: [{ id: "a", text: "", correct: true }, { id: "b", text: "", correct: false }] };
    case "symbolic":
      return { variables: { C1: { domain: "positive-integer" } }, answer: "2/(9*C1)" };
    case "matrix":
      return {
        params: { X: { default: [[1, 2, 3], [4, 5, 6], [7, 8, 9]], matrix: { rows: 3, cols: 3, int: [0, 9] } }, K: { default: [[1, 0], [0, -1]], matrix: { rows: 2, cols: 2, int: [-1, 1] } } },
        answer: { op: "conv2d", input: "X", kernel: "K", stride: 1, padding: "valid" },
      };
    case "architecture":
      return {
        params: { k: { default: 3, choices: [3, 5] } },
        input_shape: [28, 28, 1],
        layers: [
          { name: "conv1", type: "Conv2D", filters: 32, kernel_size: "k", activation: "relu" },
          { name: "out", type: "Dense", units: 10, activation: "softmax" },
        ],
        ask: [{ layer: "conv1", fields: ["output_shape", "params"] }, { total: "params" }],
      };
    case "open":
      return { rubric: [{ id: "r1", text: "", points: 1 }] };
    case "shortanswer":
      return { case_sensitive: false, answers: [{ text: "", credit: 1 }] };
    case "code":
      return {
        language: "python",
        checker: "maxpool",
        required_names: ["max_pool_forward"],
        contract: "- `max_pool_forward(x, f, s) -> out`: `x` tem formato `(N, C, H, W)`; janela `f`×`f`, passo `s`, sem preenchimento.\n",
        starter: 'import numpy as np\n\n\ndef max_pool_forward(x, f, s):\n    """x: (N, C, H, W). Retorna out: (N, C, H_out, W_out)."""\n    out = None\n    return out\n',
        reference_solution: [
          "import numpy as np",
          "",
          "",
          "def max_pool_forward(x, f, s):",
          "    n, c, h, w = x.shape",
          "    h_out, w_out = (h - f) // s + 1, (w - f) // s + 1",
          "    out = np.empty((n, c, h_out, w_out))",
          "    for i in range(h_out):",
          "        for j in range(w_out):",
          "            out[:, :, i, j] = x[:, :, i * s : i * s + f, j * s : j * s + f].max(axis=(2, 3))",
          "    return out",
          "",
        ].join("\n"),
        parts: [{ name: "forward", output: "out", weight: 1, label: "Saída do max pooling" }],
      };
  }
}

/** What the code form needs to know of a checker (grader/types/code/checkers): the functions it calls and its outputs. */
export interface CheckerSummary {
  id: string;
  calls: { name: string; args: string[]; returns: string[] }[];
  outputs: string[];
}

/** "a, b c" → ["a", "b", "c"] */
export function parseNameList(text: string): string[] {
  return text.split(/[,\s]+/).filter(Boolean);
}

/** The fields of a code question declared in Python, to start from (ReLU forward and backward, one known mistake). */
export function pythonCheckerStarter(): Record<string, unknown> {
  return {
    language: "python",
    checker: "python",
    required_names: ["relu_forward", "relu_backward"],
    contract: "- `relu_forward(x) -> (out, cache)`: `x` de qualquer formato; `out = max(x, 0)`.\n- `relu_backward(dout, cache) -> dx`: `dx` tem o formato de `x`.\n",
    starter: 'import numpy as np\n\n\ndef relu_forward(x):\n    out, cache = None, None\n    return out, cache\n\n\ndef relu_backward(dout, cache):\n    dx = None\n    return dx\n',
    reference_solution: "import numpy as np\n\n\ndef relu_forward(x):\n    return np.maximum(x, 0), x\n\n\ndef relu_backward(dout, cache):\n    return dout * (cache > 0)\n",
    python: {
      calls: [
        { call: "relu_forward", args: ["x"], returns: ["out", "cache"] },
        { call: "relu_backward", args: ["dout", "cache"], returns: ["dx"] },
      ],
      inputs: { x: { shape: ["N", "D"], dist: "distinct" }, dout: { shape: ["N", "D"] } },
      dims: { N: [2, 5], D: [3, 6] },
      random_cases: 3,
      gradients: [{ of: "relu_forward", output: "out", upstream: "dout", wrt: { dx: "x" } }],
      tolerance: { rtol: 1e-6, atol: 1e-9 },
      misconceptions: [
        {
          id: "relu-gradient-passes-all",
          label: "gradiente sem a máscara",
          message: "O gradiente da ReLU é `dout` só onde `x > 0`; nas outras posições é 0.",
          credit: 0,
          code: "def relu_backward(dout, cache):\n    return dout\n",
        },
      ],
    },
    parts: [
      { name: "forward", output: "out", weight: 0.5, label: "Forward (out)" },
      { name: "dx", output: "dx", weight: 0.5 },
    ],
  };
}

export interface PythonCallData {
  call: string;
  args: string[];
  returns: string[];
}

/** Every value the calls of a Python declaration return (what parts may grade). */
export function pythonOutputs(spec: unknown): string[] {
  const calls = ((spec as { calls?: PythonCallData[] } | undefined)?.calls ?? []).filter((c) => Array.isArray(c?.returns));
  return [...new Set(calls.flatMap((c) => c.returns.map(String)))];
}

/** The Python declaration without its misconceptions (edited in their own fields) and the misconceptions. */
export function splitPythonSpec(spec: unknown): { rest: Record<string, unknown>; misconceptions: Record<string, unknown>[] } {
  const { misconceptions, ...rest } = (spec ?? {}) as Record<string, unknown>;
  return { rest, misconceptions: Array.isArray(misconceptions) ? (misconceptions as Record<string, unknown>[]) : [] };
}
