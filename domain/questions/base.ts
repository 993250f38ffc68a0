import { z } from "zod";
import { figureSchema } from "@/domain/figures/schema";
import type { Message } from "@/domain/i18n/translate";
import type { Said } from "./feedback";

export const QUESTION_TYPES = ["mcq", "numeric", "matrix", "symbolic", "architecture", "open", "code", "shortanswer"] as const;

/** Fields every question carries, whatever its type (see question-bank/FORMAT.md). */
export const baseQuestionSchema = z.object({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "id must be kebab-case ascii"),
  type: z.enum(QUESTION_TYPES),
  title: z.string().min(1),
  topic: z.string().min(1),
  tags: z.array(z.string()).default([]),
  source: z.object({ seed: z.string().min(1), item: z.string().min(1) }),
  errata: z
    .array(z.object({ printed: z.string(), correct: z.string(), note: z.string() }))
    .default([]),
  /** the figure the prompt cites, drawn from the question's data (lib/figures) */
  figure: figureSchema.optional(),
});
export type BaseQuestion = z.infer<typeof baseQuestionSchema>;
export type QuestionTypeName = BaseQuestion["type"];

/** Markdown files that sit beside question.yaml. */
export interface QuestionTexts {
  prompt: string;
  solution: string;
}

/** A validated question of any type: base fields, texts and the type's own fields. */
export type AnyQuestion = BaseQuestion & QuestionTexts & Record<string, unknown>;

export type ParamValue = number | number[][];

/**
 * One student's instance of a question. seed null = the default variant (the seed document's own numbers).
 * `params` holds the drawn parameters only; derived values are recomputed with `variantScope` (lib/questions/params.ts).
 */
export interface Variant {
  seed: number | null;
  params: Record<string, ParamValue>;
}

export interface RubricItem {
  id: string;
  text: string;
  points: number;
}

export interface GradeResult {
  /** in [0, 1]; 0 while `pending` */
  score: number;
  /** Portuguese, Markdown allowed, shown to the student */
  feedback: string;
  /** the same feedback as message keys (lib/questions/feedback.ts), to show it in the reader's locale */
  message?: Message[];
  /** short machine label of a recognised mistake (e.g. "unbiased-variance"), counted in analytics */
  misconception?: string;
  /** per-part detail (cells, layers, code parts) for the UI and analytics */
  parts?: { name: string; score: number; weight: number; feedback: string; message?: Message[] }[];
  /**
   * The answer could not be read (empty, not a number, unknown option, syntax error...): nothing was graded.
   * `feedback` says what to fix; the app should not count it as an attempt. gradeAnswer reports it as status "error".
   */
  invalid?: boolean;
  /** No automatic score (type `open`): a TA grades it later against `rubric`; `score` is 0 until then. */
  pending?: boolean;
  rubric?: RubricItem[];
}

/**
 * What one question-type module (grader/types/<type>/) provides.
 * `grade` is pure for every instant type; the code type is asynchronous because it runs the sandbox.
 * A grader throws only on a broken question (a bug in the bank); a bad student answer is a result with `invalid: true`.
 */
export interface QuestionTypeModule<Q extends BaseQuestion & QuestionTexts> {
  type: QuestionTypeName;
  /** type-specific fields, merged with baseQuestionSchema by lib/questions/schema.ts */
  schema: z.ZodType<Omit<Q, keyof BaseQuestion | keyof QuestionTexts>>;
  /** The reference answer for a variant, written exactly as a student would submit it (text). */
  referenceAnswer(question: Q, variant: Variant): string | Promise<string>;
  grade(question: Q, variant: Variant, answer: string): GradeResult | Promise<GradeResult>;
  /**
   * Optional: type-specific fields a student may see before answering (e.g. mcq options in display order,
   * a numeric unit, the symbolic variable names). Must never reveal the answer.
   */
  publicView?(question: Q, variant: Variant): Record<string, unknown>;
  /**
   * Optional, for types graded later (code): why the answer cannot be read at all, found without running anything
   * (it is checked in the web request: an empty answer), said to the student, or null. Such an answer is refused
   * before it is stored; what only the grading finds (a syntax error) is stored as unreadable and not an attempt.
   */
  unreadable?(question: Q, answer: string): Said | null;
  /**
   * Optional, for types whose grading needs expensive expected values (code declared in Python: the reference's own
   * sandbox jobs): compute them ahead, e.g. when the variant is assigned, so the submission does not wait for them.
   */
  prepare?(question: Q, variant: Variant): Promise<void>;
}
