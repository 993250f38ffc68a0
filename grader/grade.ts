import { SandboxBusyError } from "@/grader/sandbox/pool";
import type { AnyQuestion, BaseQuestion, GradeResult, QuestionTexts, Variant } from "@/domain/questions/base";
import { drawVariant, type Parameterized } from "@/domain/questions/params";
import { renderPrompt, renderSolution } from "@/domain/questions/render";
import { questionFigure } from "@/domain/figures/svg";
import type { Message } from "@/domain/i18n/translate";
import { say, type Said } from "@/domain/questions/feedback";
import { moduleFor } from "./types/registry";

/** Any validated question (the loader's LoadedQuestion or a type module's own question type). */
type Question = BaseQuestion & QuestionTexts;

/**
 * What a grading call returns to the app, the CLI and scripts.
 * status "error": nothing was graded, either because the answer could not be read (`reason: "invalid-answer"`,
 * feedback says what to fix; not an attempt) or because the question or grader is broken (`reason: "internal"`).
 * `pending`: graded later by a TA (type open); score stays 0 until then.
 */
export type GradeOutcome =
  | ({ status: "graded"; maxScore: 1 } & Omit<GradeResult, "invalid">)
  | {
      status: "error";
      reason: "invalid-answer" | "internal";
      score: 0;
      maxScore: 1;
      feedback: string;
      message?: Message[];
      /** for logs, never for students: what broke (internal errors only) */
      detail?: string;
    };

/** The variant of a question for a seed (null = the seed document's own numbers). */
export function makeVariant(question: Question, seed: number | null): Variant {
  return drawVariant(question as Question & Parameterized, seed);
}

export async function gradeAnswer(question: Question, variant: Variant, answer: string): Promise<GradeOutcome> {
  const typeModule = moduleFor(question.type);
  if (!typeModule) return internalError(say("noGrader", { type: question.type }), `type ${question.type} has no grader yet`);
  try {
    const result = await typeModule.grade(question as AnyQuestion, variant, answer);
    const { invalid, score, feedback, message } = result;
    if (invalid) return { status: "error", reason: "invalid-answer", score: 0, maxScore: 1, feedback, ...(message ? { message } : {}) };
    if (!(score >= 0 && score <= 1)) throw new Error(`grader returned score ${score}`);
    // only GradeResult's own fields: a module's extras (e.g. the code sandbox's own `status`) must not leak in
    const optional = Object.fromEntries(
      (["misconception", "parts", "pending", "rubric", "message"] as const).filter((key) => result[key] !== undefined).map((key) => [key, result[key]]),
    );
    return { status: "graded", score, maxScore: 1, feedback, ...optional };
  } catch (error) {
    if (error instanceof SandboxBusyError) throw error; // back-pressure: the caller answers 429/503 with Retry-After
    return internalError(
      say("internalError"),
      `question ${question.id}, seed ${variant.seed}: ${(error as Error).message}`,
    );
  }
}

/**
 * Starts computing what grading this variant needs (code declared in Python: the reference's expected outputs) without
 * waiting for it; a failure is left for the grading itself to report.
 */
export function prepareGrading(question: Question, variant: Variant): void {
  const typeModule = moduleFor(question.type);
  typeModule?.prepare?.(question as AnyQuestion, variant).catch(() => {});
}

/** For types graded later: why the answer cannot be read at all, found without running it (it is then refused, not stored), or null. */
export function unreadableAnswer(question: Question, answer: string): Said | null {
  const typeModule = moduleFor(question.type);
  return typeModule?.unreadable ? typeModule.unreadable(question as AnyQuestion, answer) : null;
}

function internalError({ feedback, message }: Said, detail?: string): GradeOutcome {
  return { status: "error", reason: "internal", score: 0, maxScore: 1, feedback, message, ...(detail ? { detail } : {}) };
}

/** The reference answer of a variant, as a student would type it. */
export async function referenceAnswer(question: Question, variant: Variant): Promise<string> {
  const typeModule = moduleFor(question.type);
  if (!typeModule) throw new Error(`type ${question.type} has no grader yet`);
  return typeModule.referenceAnswer(question as AnyQuestion, variant);
}

/** What a student sees before answering: the rendered prompt and the type's public fields (mcq options in display order...). Never the answer. */
export interface PresentedVariant {
  id: string;
  type: string;
  seed: number | null;
  params: Variant["params"];
  prompt: string;
  [field: string]: unknown;
}

export function presentVariant(question: Question, variant: Variant): PresentedVariant {
  const prompt = renderPrompt(question as Question & Parameterized & { prompt: string }, variant);
  const extra = moduleFor(question.type)?.publicView?.(question as AnyQuestion, variant) ?? {};
  const figure = questionFigure(question as AnyQuestion, variant);
  return { id: question.id, type: question.type, seed: variant.seed, params: variant.params, prompt, ...extra, ...(figure ? { figure } : {}) };
}

/** The worked solution of a variant, with `{{answer}}` = its reference answer; show it only once grading is final. */
export async function presentSolution(question: Question, variant: Variant): Promise<string> {
  const reference = await referenceAnswer(question, variant);
  return renderSolution(question as Question & Parameterized & { solution: string }, variant, reference);
}
