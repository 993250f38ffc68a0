import { gradeAnswer, makeVariant, presentVariant, referenceAnswer, type GradeOutcome } from "@/grader/grade";
import { defaultLocale, type Locale } from "@/lib/i18n/config";
import { translate } from "@/lib/i18n/translate";
import { moduleFor } from "@/grader/types/registry";
import type { AnyQuestion, Variant } from "@/lib/questions/base";
import { contentHash } from "@/lib/questions/content-hash";
import type { LoadedQuestion } from "@/lib/questions/load";
import { brokenConstraints, isParameterized, UnsolvableVariantError, type Parameterized } from "@/lib/questions/params";
import { renderSolution } from "@/lib/questions/render";
import { parseQuestionFields } from "@/lib/questions/schema";
import { unsafeFormulaIssues } from "./formula-safety";

/** What an author edits: the question.yaml data and the two Markdown texts. */
export interface QuestionDraft {
  fields: Record<string, unknown>;
  prompt: string;
  solution: string;
}

/** One problem, placed next to the field it concerns (`field` is a dotted path such as "derived.p", or "prompt"). */
export interface DraftIssue {
  field: string;
  message: string;
}

export interface DraftPreview {
  seed: number | null;
  params: Variant["params"];
  prompt: string;
  publicView: Record<string, unknown>;
  referenceAnswer: string;
  solution: string;
  /** the test answer's grade, when one was given */
  grade?: GradeOutcome;
}

export type DraftValidation =
  | { ok: true; question: LoadedQuestion; parameterized: boolean; preview: DraftPreview }
  | { ok: false; issues: DraftIssue[]; preview?: undefined };

/** Seeded variants checked on every save, as `bank check` does (it checks 20; the web keeps saving fast). */
export const CHECKED_VARIANTS = 12;

/** `field "derived.p": message` (lib/questions/schema.ts) → { field: "derived.p", message }. */
export function issueFromSchemaError(text: string): DraftIssue {
  const match = /^field "([^"]*)": ([\s\S]*)$/.exec(text);
  if (!match) return { field: "(top level)", message: text };
  return { field: match[1] === "(top level)" ? "(top level)" : match[1]!, message: match[2]! };
}

/** Which field a runtime error of a variant (draw, reference, render) belongs to. */
export function fieldOfRuntimeError(message: string, question: { type: string }): string {
  const derived = /derived "([^"]+)"/.exec(message);
  if (derived) return `derived.${derived[1]}`;
  if (/constraint|unsolvable/i.test(message)) return "constraints";
  if (/placeholder/.test(message)) return message.startsWith("solution") ? "solution" : "prompt";
  if (question.type === "architecture") return /ask/.test(message) ? "ask" : "layers";
  if (question.type === "code") return "reference_solution";
  return "answer";
}

/** The question as the loader would build it, with the content hash of its normalized fields (see `toFileForm`). */
export function draftQuestion(data: Record<string, unknown>, draft: QuestionDraft, folder: string): LoadedQuestion {
  return {
    ...(data as AnyQuestion),
    prompt: draft.prompt,
    solution: draft.solution,
    contentHash: contentHash(data, draft.prompt, draft.solution),
    folder,
  };
}

/**
 * The same validation as the file bank: schema (`parseQuestionFields`), non-empty texts, then the default variant and
 * seeded variants drawn, rendered, and the reference answer graded 1 (open: pending). With `seed`, also returns a
 * preview of that variant, and with `testAnswer` its grade.
 */
export async function validateDraft(
  draft: QuestionDraft,
  options: { folder?: string; seed?: number | null; testAnswer?: string; locale?: Locale } = {},
): Promise<DraftValidation> {
  const issues: DraftIssue[] = [];
  const locale = options.locale ?? defaultLocale;
  const parsed = parseQuestionFields(draft.fields, { locale });
  if (!parsed.ok) issues.push(...parsed.errors.map(issueFromSchemaError));
  if (draft.prompt.trim() === "") issues.push({ field: "prompt", message: translate(locale, "validation.emptyPrompt") });
  if (draft.solution.trim() === "") issues.push({ field: "solution", message: translate(locale, "validation.emptySolution") });
  issues.push(...unsafeFormulaIssues(draft.fields));
  if (!parsed.ok || issues.length > 0) return { ok: false, issues };

  const question = draftQuestion(parsed.data, draft, options.folder ?? `web/${String(parsed.data.id)}`);
  if (!moduleFor(question.type)) {
    return { ok: false, issues: [{ field: "type", message: `o tipo ${question.type} não pode ser editado na web` }] };
  }
  const parameterized = isParameterized(question as AnyQuestion & Parameterized);
  const seeds: (number | null)[] = [null, ...(parameterized ? Array.from({ length: CHECKED_VARIANTS }, (_, i) => i + 1) : [])];
  for (const seed of seeds) {
    const problem = await checkSeed(question, seed);
    if (problem) return { ok: false, issues: [problem] };
  }
  const previewSeed = parameterized ? (options.seed ?? null) : null;
  const preview = await previewOf(question, previewSeed, options.testAnswer);
  if ("field" in preview) return { ok: false, issues: [preview] };
  return { ok: true, question, parameterized, preview };
}

async function checkSeed(question: LoadedQuestion, seed: number | null): Promise<DraftIssue | null> {
  const label = seed === null ? "variante padrão" : `variante ${seed}`;
  const fail = (message: string): DraftIssue => ({ field: fieldOfRuntimeError(message, question), message: `${label}: ${message}` });
  let variant: Variant;
  try {
    variant = makeVariant(question, seed);
    if (seed === null) {
      const broken = brokenConstraints(question as AnyQuestion & Parameterized, variant);
      if (broken.length > 0) return { field: "constraints", message: `a variante padrão viola: ${broken.join("; ")}` };
    }
  } catch (error) {
    if (error instanceof UnsolvableVariantError) {
      return { field: "constraints", message: `${label}: nenhum sorteio satisfaz as restrições (variante insolúvel)` };
    }
    return fail((error as Error).message);
  }
  const preview = await previewOf(question, seed);
  if ("field" in preview) return { ...preview, message: `${label}: ${preview.message}` };
  return null;
}

async function previewOf(question: LoadedQuestion, seed: number | null, testAnswer?: string): Promise<DraftPreview | DraftIssue> {
  const fail = (message: string): DraftIssue => ({ field: fieldOfRuntimeError(message, question), message });
  let variant: Variant;
  let reference: string;
  try {
    variant = makeVariant(question, seed);
    reference = await referenceAnswer(question, variant);
  } catch (error) {
    if (error instanceof UnsolvableVariantError) return { field: "constraints", message: "nenhum sorteio satisfaz as restrições (variante insolúvel)" };
    return fail(`a resposta de referência não pôde ser calculada: ${(error as Error).message}`);
  }
  let presented: ReturnType<typeof presentVariant>;
  let solution: string;
  try {
    presented = presentVariant(question, variant);
  } catch (error) {
    return { field: "prompt", message: (error as Error).message };
  }
  try {
    solution = renderSolution(question as AnyQuestion & Parameterized, variant, reference);
  } catch (error) {
    return { field: "solution", message: (error as Error).message };
  }
  const outcome = await gradeAnswer(question, variant, reference);
  if (question.type === "open") {
    if (!(outcome.status === "graded" && outcome.pending)) return fail(`a questão aberta não ficou pendente: ${outcome.feedback}`);
  } else if (outcome.status !== "graded") {
    return fail(`a resposta de referência ${JSON.stringify(reference)} não foi corrigida: ${"detail" in outcome && outcome.detail ? outcome.detail : outcome.feedback}`);
  } else if (outcome.score !== 1) {
    return fail(`a resposta de referência ${JSON.stringify(reference)} recebeu ${outcome.score}, não 1: ${outcome.feedback}`);
  }
  const { prompt, id: _id, type: _type, seed: _seed, params, ...publicView } = presented;
  const grade = testAnswer !== undefined && testAnswer.trim() !== "" ? await gradeAnswer(question, variant, testAnswer) : undefined;
  return { seed, params, prompt, publicView, referenceAnswer: reference, solution, ...(grade ? { grade } : {}) };
}
