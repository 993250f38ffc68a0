import { z } from "zod";
import { misconceptionSchema } from "@/domain/questions/misconceptions";
import { parameterFields } from "@/domain/questions/params";
import { expressionSchema } from "../numeric/schema";

export const DOMAINS = ["positive-integer", "positive-real", "real"] as const;
export type Domain = (typeof DOMAINS)[number];

export const symbolicFields = z
  .object({
    ...parameterFields,
    variables: z
      .record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, "variable names are identifiers"), z.object({ domain: z.enum(DOMAINS) }).strict())
      .refine((v) => Object.keys(v).length > 0, "declare at least one variable"),
    answer: expressionSchema,
    tolerance: z.object({ rel: z.number().positive() }).strict().default({ rel: 1e-6 }),
    misconceptions: z.array(misconceptionSchema).default([]),
  })
  .superRefine((q, ctx) => {
    for (const name of Object.keys(q.variables)) {
      if (name in q.params || name in q.derived) {
        ctx.addIssue({ code: "custom", path: ["variables", name], message: `"${name}" is both a variable and a parameter` });
      }
    }
  });
