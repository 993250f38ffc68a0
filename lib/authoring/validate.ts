import { z } from "zod";
import { gradeAnswer, makeVariant, presentVariant, referenceAnswer, type GradeOutcome } from "@/grader/grade";
import type { Db } from "@/db/client";
import { gradingQueue } from "@/grader/jobs/queue";
import { registerAuthoringChecker, type AuthoringCheck } from "@/grader/jobs/quick-jobs";
import { defaultLocale, isLocale, type Locale } from "@/domain/i18n/config";
import { translate, type MessageValues } from "@/domain/i18n/translate";
import { selfCheckCode, type CodeQuestion } from "@/grader/types/code/grade";
import { AuthorCodeError } from "@/grader/types/code/python/expected";
import { localizedSelfCheckRows, selfCheckProblems, type SelfCheckRow } from "@/grader/types/code/python/self-check";
import { PYTHON_CHECKER } from "@/grader/types/code/schema";
import { moduleFor } from "@/grader/types/registry";
import type { AnyQuestion, Variant } from "@/domain/questions/base";
import { contentHash } from "@/domain/questions/content-hash";
import { localizedFeedback } from "@/domain/questions/feedback";
import type { LoadedQuestion } from "@/question-bank/load";
import { brokenConstraints, isParameterized, UnsolvableVariantError, type Parameterized } from "@/domain/questions/params";
import { renderSolution } from "@/domain/questions/render";
import { parseQuestionFields } from "@/question-bank/schema";
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
  /** code declared in Python: the reference, each wrong implementation and the non-answers, graded */
  selfCheck?: SelfCheckRow[];
}

export type DraftValidation =
  | { ok: true; question: LoadedQuestion; parameterized: boolean; preview: DraftPreview }
  | { ok: false; issues: DraftIssue[]; preview?: undefined };

/** Seeded variants checked on every save, as `bank check` does (it checks 20; the web keeps saving fast). */
export const CHECKED_VARIANTS = 12;
/** The same for a code question declared in Python (each variant runs the reference in the sandbox). */
export const CHECKED_CODE_VARIANTS = 2;

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

export interface ValidateOptions {
  folder?: string;
  seed?: number | null;
  testAnswer?: string;
  locale?: Locale;
}

/** How long the editor's check of a code draft waits for a grader process in production mode (then a 503). */
export const AUTHORING_CHECK_TIMEOUT_MS = 60_000;

/** The shape of a validation sent back by a grader process, checked before the web side uses it. */
const issueSchema = z.object({ field: z.string(), message: z.string() });
const remoteValidationSchema = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true), question: z.looseObject({ id: z.string(), type: z.string() }), parameterized: z.boolean(), preview: z.looseObject({ prompt: z.string(), referenceAnswer: z.string() }) }),
  z.object({ ok: z.literal(false), issues: z.array(issueSchema) }),
]);

/**
 * The same validation as the file bank: schema (`parseQuestionFields`), non-empty texts, then the default variant and
 * seeded variants drawn, rendered, and the reference answer graded 1 (open: pending). With `seed`, also returns a
 * preview of that variant, and with `testAnswer` its grade.
 *
 * A code draft runs Python (reference, test answer, self-check): it is an `authoring-check` job of the grading queue
 * (recorded in `db` when it runs in this process), which in production mode (pg-boss) a grader process runs while
 * the request waits, up to `timeoutMs` (QuickJobTimeoutError, answered 503 by the route): web processes never run
 * Python. Other types are checked here.
 */
export async function validateDraft(draft: QuestionDraft, options: ValidateOptions & { timeoutMs?: number; db?: Db } = {}): Promise<DraftValidation> {
  const { timeoutMs = AUTHORING_CHECK_TIMEOUT_MS, db, ...rest } = options;
  if (draft.fields.type !== "code") return validateDraftHere(draft, rest);
  const queue = await gradingQueue();
  const result = await queue.run({ kind: "authoring-check", check: { draft, options: rest } }, { timeoutMs, record: db });
  if (result.kind !== "authoring-check") throw new Error(`unexpected quick result ${result.kind}`);
  // run in this process: the validation itself; from a grader process: JSON, checked first
  if (queue.mode === "embedded") return result.validation as DraftValidation;
  const parsed = remoteValidationSchema.safeParse(result.validation);
  if (!parsed.success) throw new Error(`malformed authoring check result: ${parsed.error.message}`);
  return parsed.data as unknown as DraftValidation;
}

/** The running side of an `authoring-check` job (this process embedded; a grader process, grader/worker/consumer.ts). */
export function checkDraftHere(check: AuthoringCheck): Promise<DraftValidation> {
  const { locale, ...options } = check.options;
  return validateDraftHere(check.draft, { ...options, ...(isLocale(locale) ? { locale } : {}) });
}
registerAuthoringChecker(checkDraftHere);

/** The validation itself, in this process (the embedded default, or a grader process). */
async function validateDraftHere(draft: QuestionDraft, options: ValidateOptions = {}): Promise<DraftValidation> {
  const issues: DraftIssue[] = [];
  const locale = options.locale ?? defaultLocale;
  const parsed = parseQuestionFields(draft.fields, { locale });
  if (!parsed.ok) issues.push(...parsed.errors.map(issueFromSchemaError));
  if (draft.prompt.trim() === "") issues.push({ field: "prompt", message: translate(locale, "validation.emptyPrompt") });
  if (draft.solution.trim() === "") issues.push({ field: "solution", message: translate(locale, "validation.emptySolution") });
  issues.push(...unsafeFormulaIssues(draft.fields, locale));
  if (!parsed.ok || issues.length > 0) return { ok: false, issues };

  const question = draftQuestion(parsed.data, draft, options.folder ?? `web/${String(parsed.data.id)}`);
  if (!moduleFor(question.type)) {
    return { ok: false, issues: [{ field: "type", message: translate(locale, "validation.notWebEditable", { type: question.type }) }] };
  }
  const pythonCode = isPythonCode(question);
  // a Python-declared code question draws its cases from the seed; its variants cost sandbox jobs, so fewer are checked
  const parameterized = pythonCode || isParameterized(question as AnyQuestion & Parameterized);
  const checked = pythonCode ? CHECKED_CODE_VARIANTS : CHECKED_VARIANTS;
  const seeds: (number | null)[] = [null, ...(parameterized ? Array.from({ length: checked }, (_, i) => i + 1) : [])];
  for (const seed of seeds) {
    const problem = await checkSeed(question, seed, locale);
    if (problem) return { ok: false, issues: [problem] };
  }
  const previewSeed = parameterized ? (options.seed ?? null) : null;
  const preview = await previewOf(question, previewSeed, options.testAnswer, options.locale);
  if ("field" in preview) return { ok: false, issues: [preview] };
  if (pythonCode) {
    const proof = await selfCheckIssues(question as unknown as CodeQuestion, locale);
    if ("issues" in proof) return { ok: false, issues: proof.issues };
    preview.selfCheck = localizedSelfCheckRows(proof.rows, locale);
  }
  return { ok: true, question, parameterized, preview };
}

function isPythonCode(question: LoadedQuestion): boolean {
  return question.type === "code" && (question as { checker?: unknown }).checker === PYTHON_CHECKER;
}

/** The proof of a Python-declared checker, or the issues it raised, each placed at the field to fix. */
async function selfCheckIssues(question: CodeQuestion, locale: Locale): Promise<{ rows: SelfCheckRow[] } | { issues: DraftIssue[] }> {
  let rows: SelfCheckRow[];
  try {
    rows = await selfCheckCode(question);
  } catch (error) {
    const message = error instanceof AuthorCodeError ? error.textIn(locale) : (error as Error).message;
    const wrong = /implementação errada ([a-z0-9-]+)/.exec((error as Error).message);
    const index = wrong ? (question.python?.misconceptions ?? []).findIndex((m) => m.id === wrong[1]) : -1;
    return { issues: [{ field: index >= 0 ? `python.misconceptions.${index}.code` : "reference_solution", message }] };
  }
  const bad = rows.filter((r) => !r.ok);
  if (!bad.length) return { rows };
  const problems = selfCheckProblems(bad, locale);
  return {
    issues: bad.map((row, i) => {
      const index = (question.python?.misconceptions ?? []).findIndex((m) => m.id === row.expected);
      const field = row.kind === "misconception" ? `python.misconceptions.${index}` : row.kind === "reference" ? "reference_solution" : "python";
      return { field, message: problems[i]! };
    }),
  };
}

async function checkSeed(question: LoadedQuestion, seed: number | null, locale: Locale): Promise<DraftIssue | null> {
  const label = seed === null ? translate(locale, "validation.defaultVariant") : translate(locale, "validation.seedVariant", { seed });
  const fail = (message: string): DraftIssue => ({ field: fieldOfRuntimeError(message, question), message: `${label}: ${message}` });
  let variant: Variant;
  try {
    variant = makeVariant(question, seed);
    if (seed === null) {
      const broken = brokenConstraints(question as AnyQuestion & Parameterized, variant);
      if (broken.length > 0) return { field: "constraints", message: translate(locale, "validation.defaultBreaks", { constraints: broken.join("; ") }) };
    }
  } catch (error) {
    if (error instanceof UnsolvableVariantError) {
      return { field: "constraints", message: `${label}: ${translate(locale, "validation.unsolvable")}` };
    }
    return fail((error as Error).message);
  }
  const preview = await previewOf(question, seed, undefined, locale);
  if ("field" in preview) return { ...preview, message: `${label}: ${preview.message}` };
  return null;
}

async function previewOf(question: LoadedQuestion, seed: number | null, testAnswer?: string, locale: Locale = defaultLocale): Promise<DraftPreview | DraftIssue> {
  // the field is found from the underlying error, the message is said in the editor's locale
  const fail = (detail: string, key: string, values: MessageValues): DraftIssue => ({ field: fieldOfRuntimeError(detail, question), message: translate(locale, key, values) });
  let variant: Variant;
  let reference: string;
  try {
    variant = makeVariant(question, seed);
    reference = await referenceAnswer(question, variant);
  } catch (error) {
    if (error instanceof UnsolvableVariantError) return { field: "constraints", message: translate(locale, "validation.unsolvable") };
    const detail = (error as Error).message;
    return fail(detail, "validation.referenceNotComputed", { error: error instanceof AuthorCodeError ? error.textIn(locale) : detail });
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
    const feedback = localizedFeedback(outcome, locale);
    if (!(outcome.status === "graded" && outcome.pending)) return fail(feedback, "validation.openNotPending", { feedback });
  } else if (outcome.status !== "graded") {
    const detail = "detail" in outcome && outcome.detail ? outcome.detail : localizedFeedback(outcome, locale);
    return fail(detail, "validation.referenceNotGraded", { reference: JSON.stringify(reference), detail });
  } else if (outcome.score !== 1) {
    const feedback = localizedFeedback(outcome, locale);
    return fail(feedback, "validation.referenceScore", { reference: JSON.stringify(reference), score: outcome.score, feedback });
  }
  const { prompt, id: _id, type: _type, seed: _seed, params, ...publicView } = presented;
  const graded = testAnswer !== undefined && testAnswer.trim() !== "" ? await gradeAnswer(question, variant, testAnswer) : undefined;
  // the editor shows the test answer's feedback as a student of that locale would read it
  const grade = graded && { ...graded, feedback: localizedFeedback(graded, locale) };
  return { seed, params, prompt, publicView, referenceAnswer: reference, solution, ...(grade ? { grade } : {}) };
}
