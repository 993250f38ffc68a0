import { defaultLocale, type Locale } from "@/domain/i18n/config";
import { translate } from "@/domain/i18n/translate";
import type { PythonChecker } from "./spec";

/** What the editor's preview and `bank check` prove of a Python-declared question on its default variant. */
export interface SelfCheckRow {
  /** "reference", a misconception id, or one of the non-answers */
  kind: "reference" | "misconception" | "non-answer";
  /** the author's label of a misconception; for the reference and the non-answers, `labelKey` said in pt-BR */
  label: string;
  /** messages/<locale>/grader.json key of the label the platform wrote (absent for a misconception: the author's) */
  labelKey?: string;
  /** what it must get: "1", the misconception's id, or "0" */
  expected: string;
  score: number;
  misconception: string | null;
  ok: boolean;
}

const NON_ANSWERS = {
  zeros: { labelKey: "grader.selfCheck.zeros", value: "np.zeros_like(first)" },
  input: { labelKey: "grader.selfCheck.input", value: "np.array(first, dtype=float, copy=True)" },
  constant: { labelKey: "grader.selfCheck.constant", value: "np.full_like(first, 0.5)" },
} as const;

export const REFERENCE_LABEL_KEY = "grader.selfCheck.reference";

/** A submission that defines every function and returns, for every value, `value` shaped like the first array argument. */
export function nonAnswer(spec: PythonChecker, kind: keyof typeof NON_ANSWERS): { label: string; labelKey: string; source: string } {
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
  const { labelKey } = NON_ANSWERS[kind];
  return { label: translate(defaultLocale, labelKey), labelKey, source };
}

export const NON_ANSWER_KINDS = Object.keys(NON_ANSWERS) as (keyof typeof NON_ANSWERS)[];

/** The reference followed by a misconception's code: the wrong implementation as a student would submit it. */
export function misconceptionSource(reference: string, m: { id: string; code: string }): string {
  // the marker is Python source, matched in AuthorCodeError messages (lib/authoring/validate.ts), not a text to translate
  return `${reference}\n\n# --- implementação errada: ${m.id} ---\n${m.code}\n`; // i18n: not a text
}

/** The judgement of one row. */
export function rowOk(kind: SelfCheckRow["kind"], expected: string, score: number, misconception: string | null): boolean {
  if (kind === "reference") return score === 1;
  if (kind === "non-answer") return score === 0;
  return misconception === expected && score < 1;
}

/** The rows as a reader of `locale` sees them: the platform's labels in that locale, the authors' as written. */
export function localizedSelfCheckRows(rows: SelfCheckRow[], locale: Locale): SelfCheckRow[] {
  return rows.map((r) => (r.labelKey ? { ...r, label: translate(locale, r.labelKey) } : r));
}

/** The rows that failed, as one line each (for `bank check` and the editor's issues), in `locale`. */
export function selfCheckProblems(rows: SelfCheckRow[], locale: Locale = defaultLocale): string[] {
  return localizedSelfCheckRows(rows, locale)
    .filter((r) => !r.ok)
    .map((r) =>
      r.kind === "reference"
        ? translate(locale, "grader.selfCheck.referenceScored", { score: r.score })
        : r.kind === "non-answer"
          ? translate(locale, "grader.selfCheck.nonAnswerScored", { label: r.label, score: r.score })
          : r.misconception
            ? translate(locale, "grader.selfCheck.misconceptionAs", { id: r.expected, other: r.misconception, score: r.score })
            : translate(locale, "grader.selfCheck.misconceptionMissed", { id: r.expected, score: r.score }),
    );
}
