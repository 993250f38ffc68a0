import { makeVariant, referenceAnswer } from "@/grader/grade";
import { optionCredit, type McqQuestion } from "@/grader/types/mcq";
import { numericReference, type NumericQuestion } from "@/grader/types/numeric";
import type { Tolerance } from "@/grader/types/numeric/schema";
import type { ShortAnswerQuestion } from "@/grader/types/shortanswer";
import type { AnyQuestion } from "@/domain/questions/base";
import { evaluateNumber } from "@/domain/questions/math";
import { variantScope, type Parameterized } from "@/domain/questions/params";
import { renderPrompt, renderSolution, renderTemplate } from "@/domain/questions/render";
import { interopNote } from "./note";

export interface ExportNote {
  id: string;
  note: string;
}

/** A bank question as the interchange formats see it: constants, credits and texts of its default variant. */
export type Exportable =
  | { kind: "mcq"; multiple: boolean; shuffle: boolean; options: { text: string; correct: boolean; credit: number; feedback?: string }[] }
  | { kind: "numeric"; answers: { value: number; tolerance: number; credit: number; feedback?: string }[]; unit: string | null }
  | { kind: "shortanswer"; caseSensitive: boolean; answers: { text: string; credit: number; feedback?: string }[] }
  | { kind: "open"; points: number; graderInfo: string };

/** Moodle's fraction attribute for a credit (5 decimals, as Moodle writes 33.33333). */
export const percent = (credit: number) => String(+(credit * 100).toFixed(5));

const TRUE_FALSE = [/^(verdadeiro|true|v)$/i, /^(falso|false|f)$/i];

/** An mcq that is a true/false question: two options, "Verdadeiro" then "Falso", one answer, no credits, not shuffled. */
export function isTrueFalse(q: AnyQuestion): boolean {
  if (q.type !== "mcq") return false;
  const mcq = q as unknown as McqQuestion;
  return !mcq.multiple && !mcq.shuffle && mcq.options.length === 2 && mcq.options.every((o, i) => TRUE_FALSE[i]!.test(o.text.trim()) && o.credit === undefined);
}

/** Moodle's tolerance is absolute: a relative one becomes absolute at the exported value. */
function absoluteTolerance(tolerance: Tolerance, value: number): number {
  if ("mode" in tolerance) return 0;
  return +Math.max(tolerance.abs ?? 0, (tolerance.rel ?? 0) * Math.abs(value)).toPrecision(12);
}

const hasRandomParams = (q: AnyQuestion) =>
  Object.values((q.params ?? {}) as Record<string, { choices?: unknown; range?: unknown; matrix?: unknown }>).some((p) => p.choices || p.range || p.matrix);

/** The exported form of one question, its rendered texts and what did not survive; `value` null: not exportable. */
export async function exportable(q: AnyQuestion): Promise<{ value: Exportable | null; prompt: string; solution: string; notes: ExportNote[] }> {
  const notes: ExportNote[] = [];
  const variant = makeVariant(q, null);
  const scope = variantScope(q as AnyQuestion & Parameterized, variant);
  const prompt = renderPrompt(q as AnyQuestion & Parameterized, variant);
  const solution = renderSolution(q as AnyQuestion & Parameterized, variant, await referenceAnswer(q, variant));
  let value: Exportable | null = null;
  if (q.type === "mcq") {
    const mcq = q as unknown as McqQuestion;
    value = {
      kind: "mcq",
      multiple: mcq.multiple,
      shuffle: mcq.shuffle,
      options: mcq.options.map((o) => ({
        text: renderTemplate(o.text, scope),
        correct: o.correct,
        credit: optionCredit(mcq, o),
        ...(o.feedback ? { feedback: renderTemplate(o.feedback, scope) } : {}),
      })),
    };
  } else if (q.type === "numeric") {
    const numeric = q as unknown as NumericQuestion;
    const main = numericReference(numeric, variant);
    if ("rel" in numeric.tolerance && numeric.tolerance.rel !== undefined) notes.push({ id: q.id, note: interopNote("interop.exportRelativeTolerance") });
    if (numeric.misconceptions.length > 0) notes.push({ id: q.id, note: interopNote("interop.exportMisconceptions") });
    const others = [
      ...(numeric.alternatives ?? []).map((a) => ({ answer: a.answer, tolerance: a.tolerance ?? numeric.tolerance, credit: a.credit, feedback: a.feedback })),
      ...numeric.misconceptions.map((m) => ({ answer: m.answer, tolerance: numeric.tolerance, credit: 0, feedback: m.feedback })),
    ];
    value = {
      kind: "numeric",
      unit: numeric.unit ?? null,
      answers: [
        { value: main, tolerance: absoluteTolerance(numeric.tolerance, main), credit: 1 },
        ...others.map((a) => {
          const v = +evaluateNumber(a.answer, scope).toPrecision(15);
          return { value: v, tolerance: absoluteTolerance(a.tolerance, v), credit: a.credit, ...(a.feedback ? { feedback: renderTemplate(a.feedback, scope) } : {}) };
        }),
      ],
    };
  } else if (q.type === "shortanswer") {
    const short = q as unknown as ShortAnswerQuestion;
    value = { kind: "shortanswer", caseSensitive: short.case_sensitive, answers: short.answers.map((a) => ({ text: a.text, credit: a.credit, ...(a.feedback ? { feedback: a.feedback } : {}) })) };
  } else if (q.type === "open") {
    const rubric = q.rubric as { text: string; points: number }[];
    value = {
      kind: "open",
      points: rubric.reduce((s, r) => s + r.points, 0),
      graderInfo: `${solution.trim()}\n\nRubrica:\n${rubric.map((r) => `- (${r.points}) ${r.text.replace(/\s+/g, " ")}`).join("\n")}`,
    };
  } else {
    notes.push({ id: q.id, note: interopNote("interop.exportType", { type: q.type }) });
  }
  if (value && hasRandomParams(q)) notes.unshift({ id: q.id, note: interopNote("interop.exportParameters") });
  return { value, prompt, solution, notes };
}

export interface Exported {
  question: AnyQuestion;
  value: Exportable;
  prompt: string;
  solution: string;
}

/**
 * The questions in order as one format writes them: a category (`$course$/top/<category>/<topic>`) before each change
 * of topic, then each exportable question; the notes of all of them (the writer may add its own).
 */
export async function writeAll<T>(
  questions: AnyQuestion[],
  category: string,
  write: { category: (path: string) => T; question: (exported: Exported, notes: ExportNote[]) => T },
): Promise<{ parts: T[]; notes: ExportNote[] }> {
  const notes: ExportNote[] = [];
  const parts: T[] = [];
  let topic: string | null = null;
  for (const question of questions) {
    const ex = await exportable(question);
    notes.push(...ex.notes);
    if (!ex.value) continue;
    if (question.topic !== topic) {
      topic = question.topic;
      parts.push(write.category(`$course$/top/${category}/${topic}`));
    }
    parts.push(write.question({ question, value: ex.value, prompt: ex.prompt, solution: ex.solution }, notes));
  }
  return { parts, notes };
}
