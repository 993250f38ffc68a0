import { z } from "zod";

export const mcqOptionSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+$/, "option id: lowercase letters/digits as printed in the seed (a, b, c...)"),
    text: z.string().min(1),
    correct: z.boolean(),
    feedback: z.string().optional(),
    /**
     * Moodle's fraction / 100, when the default rule does not fit: the credit this option adds when picked (negative:
     * a penalty). Default: single choice 1 for the right option, 0 otherwise; multiple 1/n per right one and -1/n per
     * wrong one (n right options). Once one option has a credit, an option without one is worth 0.
     */
    credit: z.number().min(-1).max(1).optional(),
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
    const credited = q.options.filter((o) => o.credit !== undefined);
    if (credited.length === 0) return;
    const right = (credit: number) => (q.multiple ? credit > 0 : credit === 1);
    const mismatch = q.options.find((o) => o.correct !== right(o.credit ?? 0));
    const rule = q.multiple ? "above 0" : "1";
    if (mismatch) ctx.addIssue({ code: "custom", path: ["options"], message: `option "${mismatch.id}": with credits, correct must be true exactly when its credit is ${rule}` });
    const full = q.multiple ? q.options.reduce((sum, o) => sum + Math.max(0, o.credit ?? 0), 0) : Math.max(...q.options.map((o) => o.credit ?? (o.correct ? 1 : 0)));
    if (Math.abs(full - 1) > 0.005) {
      ctx.addIssue({ code: "custom", path: ["options"], message: q.multiple ? `the credits of the right options add up to ${+full.toFixed(4)}, not 1` : "the best option's credit must be 1" });
    }
  });
