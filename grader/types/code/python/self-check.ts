import type { PythonChecker } from "./spec";

/** What the editor's preview and `bank check` prove of a Python-declared question on its default variant. */
export interface SelfCheckRow {
  /** "reference", a misconception id, or one of the non-answers */
  kind: "reference" | "misconception" | "non-answer";
  label: string;
  /** what it must get: "1", the misconception's id, or "0" */
  expected: string;
  score: number;
  misconception: string | null;
  ok: boolean;
}

const NON_ANSWERS = {
  zeros: { label: "zeros", value: "np.zeros_like(first)" },
  input: { label: "a própria entrada", value: "np.array(first, dtype=float, copy=True)" },
  constant: { label: "uma constante", value: "np.full_like(first, 0.5)" },
} as const;

/** A submission that defines every function and returns, for every value, `value` shaped like the first array argument. */
export function nonAnswer(spec: PythonChecker, kind: keyof typeof NON_ANSWERS): { label: string; source: string } {
  const defs = spec.calls.map((c) => {
    const ret = c.returns.length === 1 ? "_value(args)" : `tuple(_value(args) for _ in range(${c.returns.length}))`;
    return `def ${c.call}(*args):\n    return ${ret}\n`;
  });
  const source = [
    "import numpy as np",
    "",
    "",
    "def _value(args):",
    "    first = next((a for a in args if isinstance(a, np.ndarray)), np.zeros(1))",
    `    return ${NON_ANSWERS[kind].value}`,
    "",
    "",
    ...defs,
  ].join("\n");
  return { label: NON_ANSWERS[kind].label, source };
}

export const NON_ANSWER_KINDS = Object.keys(NON_ANSWERS) as (keyof typeof NON_ANSWERS)[];

/** The reference followed by a misconception's code: the wrong implementation as a student would submit it. */
export function misconceptionSource(reference: string, m: { id: string; code: string }): string {
  return `${reference}\n\n# --- implementação errada: ${m.id} ---\n${m.code}\n`;
}

/** The judgement of one row. */
export function rowOk(kind: SelfCheckRow["kind"], expected: string, score: number, misconception: string | null): boolean {
  if (kind === "reference") return score === 1;
  if (kind === "non-answer") return score === 0;
  return misconception === expected && score < 1;
}

/** The rows that failed, as one line each (for `bank check` and the editor's issues). */
export function selfCheckProblems(rows: SelfCheckRow[]): string[] {
  return rows
    .filter((r) => !r.ok)
    .map((r) =>
      r.kind === "reference"
        ? `a solução de referência recebeu ${r.score}, não 1`
        : r.kind === "non-answer"
          ? `a não-resposta "${r.label}" recebeu ${r.score}, não 0: os casos não distinguem essa saída`
          : `a implementação errada ${r.expected} ${r.misconception ? `foi reconhecida como ${r.misconception}` : "não foi reconhecida"} (nota ${r.score}): ela precisa diferir da referência em algum caso e ser a primeira a casar`,
    );
}
