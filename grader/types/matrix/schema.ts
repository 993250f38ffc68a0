import { z } from "zod";
import { numberOrExpression } from "@/domain/cnn/spec";
import { matrixOpShape } from "@/domain/cnn/matrix-ops";
import { drawVariant, parameterFields, variantScope } from "@/domain/questions/params";
import { toleranceSchema } from "../numeric/schema";
import { resolveMatrixOp } from "./reference";

/** A matrix: a parameter or derived name ("X"), a mathjs expression over them ("transpose(K)"), or a literal. */
const matrixSource = z.union([z.string().min(1), z.array(z.array(z.number()).min(1)).min(1)]);
/** One size for both axes, or [rows, cols]; numbers or expressions over the parameters. */
const pairSpec = z.union([numberOrExpression, z.tuple([numberOrExpression, numberOrExpression])]);
const padding = z.enum(["valid", "same"]);

export const matrixAnswerSchema = z.discriminatedUnion("op", [
  z
    .object({
      op: z.literal("conv2d"),
      input: matrixSource,
      kernel: matrixSource,
      stride: pairSpec.default(1),
      padding: padding.default("valid"),
      dilation: pairSpec.default(1),
    })
    .strict(),
  z
    .object({
      op: z.enum(["maxpool", "avgpool"]),
      input: matrixSource,
      size: pairSpec,
      /** default: the pool size (as in Keras) */
      stride: pairSpec.optional(),
      padding: padding.default("valid"),
    })
    .strict(),
]);
export type MatrixAnswerSpec = z.output<typeof matrixAnswerSchema>;

export const matrixFields = z
  .object({
    ...parameterFields,
    answer: matrixAnswerSchema,
    /** per cell; the float32 rounding of the computation is always allowed on top of it */
    tolerance: toleranceSchema.default({ abs: 0.001 }),
  })
  .superRefine((question, ctx) => {
    // the default variant must be computable: names exist, matrices are rectangular, the window fits
    try {
      const scope = variantScope(question, drawVariant({ ...question, id: "schema-check" }, null));
      matrixOpShape(resolveMatrixOp(question.answer, scope));
    } catch (error) {
      ctx.addIssue({ code: "custom", path: ["answer"], message: (error as Error).message });
    }
  });
