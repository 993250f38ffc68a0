import { z } from "zod";

/**
 * A known wrong answer, written as a formula like `answer`: when the student's answer matches it,
 * they get its targeted feedback and the label is counted in analytics (GradeResult.misconception).
 */
export const misconceptionSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "misconception id must be kebab-case ascii"),
    answer: z.string().min(1),
    feedback: z.string().min(1),
    /** what staff read in analytics (default: the first sentence of `feedback`) */
    name: z.string().min(1).optional(),
  })
  .strict();
export type Misconception = z.infer<typeof misconceptionSchema>;
