import { z } from "zod";
import { math } from "@/domain/questions/math";
import { misconceptionSchema } from "@/domain/questions/misconceptions";
import { parameterFields } from "@/domain/questions/params";

export const toleranceSchema = z.union([
  z.object({ mode: z.literal("integer") }).strict(),
  z
    .object({ abs: z.number().nonnegative().optional(), rel: z.number().nonnegative().optional() })
    .strict()
    .refine((t) => t.abs !== undefined || t.rel !== undefined, "tolerance needs mode: integer, abs or rel"),
]);
export type Tolerance = z.infer<typeof toleranceSchema>;

/** A mathjs expression; `formula` also refuses a bare number (the answer must be computed, never typed). */
export const expressionSchema = z.string().min(1).superRefine((text, ctx) => {
  try {
    math.parse(text);
  } catch (error) {
    ctx.addIssue({ code: "custom", message: `not a valid mathjs expression: ${(error as Error).message}` });
  }
});

export const formulaSchema = expressionSchema.superRefine((text, ctx) => {
  if (/^\s*[-+]?\s*[\d.,]+(e[-+]?\d+)?\s*$/i.test(text)) {
    ctx.addIssue({ code: "custom", message: `answer "${text}" is a typed constant: write the formula that computes it` });
  }
});

export const alternativeSchema = z
  .object({
    answer: expressionSchema,
    tolerance: toleranceSchema.optional(),
    credit: z.number().min(0).max(1),
    feedback: z.string().optional(),
  })
  .strict();

export const numericFields = z.object({
  ...parameterFields,
  answer: formulaSchema,
  tolerance: toleranceSchema,
  unit: z.string().optional(),
  misconceptions: z.array(misconceptionSchema).default([]),
  /**
   * Other answers worth part of the credit (Moodle's numerical answers below 100%), tried in order after `answer`:
   * a value (or formula), its own tolerance (default: the question's), the credit and what the student reads.
   */
  alternatives: z.array(alternativeSchema).optional(),
});
