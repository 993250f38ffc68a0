import { z } from "zod";

export const mcqOptionSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+$/, "option id: lowercase letters/digits as printed in the seed (a, b, c...)"),
    text: z.string().min(1),
    correct: z.boolean(),
    feedback: z.string().optional(),
  })
  .strict();

export const mcqFields = z
  .object({
    multiple: z.boolean().default(false),
    shuffle: z.boolean().default(true),
    options: z.array(mcqOptionSchema).min(2),
  })
  .superRefine((q, ctx) => {
    const ids = q.options.map((o) => o.id);
    const dup = ids.find((id, i) => ids.indexOf(id) !== i);
    if (dup) ctx.addIssue({ code: "custom", path: ["options"], message: `option id "${dup}" appears twice` });
    const correct = q.options.filter((o) => o.correct).length;
    if (correct === 0) ctx.addIssue({ code: "custom", path: ["options"], message: "no option is marked correct" });
    if (!q.multiple && correct > 1) {
      ctx.addIssue({ code: "custom", path: ["options"], message: `${correct} options are correct but multiple is false` });
    }
  });
