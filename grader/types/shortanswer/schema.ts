import { z } from "zod";

export const MAX_SHORT_ANSWER = 500;

/**
 * One accepted (or anticipated) answer, as Moodle's `shortanswer` keeps them: a pattern where `*` matches any text
 * (`\*` is a literal star), the credit it earns (Moodle's fraction / 100) and what the student reads when it matches.
 */
export const shortAnswerSchema = z
  .object({
    text: z.string().trim().min(1).max(MAX_SHORT_ANSWER),
    credit: z.number().min(0).max(1).default(1),
    feedback: z.string().optional(),
  })
  .strict();

export const shortanswerFields = z
  .object({
    answers: z.array(shortAnswerSchema).min(1),
    /** Moodle's usecase: "LeNet" and "lenet" differ only when true */
    case_sensitive: z.boolean().default(false),
  })
  .superRefine((q, ctx) => {
    if (!q.answers.some((a) => a.credit === 1 && a.text.replace(/\\\*/g, "").replace(/\*/g, "").trim() !== "")) {
      ctx.addIssue({ code: "custom", path: ["answers"], message: "no answer has credit 1 (a fully right answer that is more than a wildcard)" });
    }
    const texts = q.answers.map((a) => a.text);
    const dup = texts.find((t, i) => texts.indexOf(t) !== i);
    if (dup) ctx.addIssue({ code: "custom", path: ["answers"], message: `answer "${dup}" appears twice` });
  });
