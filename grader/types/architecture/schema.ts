import { z } from "zod";
import { summarizeStack } from "@/domain/cnn/engine";
import { inputShapeSchema, layerSpecSchema } from "@/domain/cnn/spec";
import { drawVariant, parameterFields, variantScope } from "@/domain/questions/params";

/** What can be asked about one layer; `params` is Keras's "Param #" column (trainable + non-trainable). */
export const LAYER_FIELDS = ["output_shape", "params", "trainable_params", "non_trainable_params"] as const;
/** What can be asked about the whole model; `params` is Keras's "Total params". */
export const TOTAL_FIELDS = ["params", "trainable_params", "non_trainable_params"] as const;
export type LayerField = (typeof LAYER_FIELDS)[number];
export type TotalField = (typeof TOTAL_FIELDS)[number];

const askLayer = z.object({ layer: z.string().min(1), fields: z.array(z.enum(LAYER_FIELDS)).min(1) }).strict();
const askTotal = z
  .object({ total: z.union([z.enum(TOTAL_FIELDS), z.array(z.enum(TOTAL_FIELDS)).min(1)]) })
  .strict()
  .transform(({ total }) => ({ total: Array.isArray(total) ? total : [total] }));

export const architectureFields = z
  .object({
    ...parameterFields,
    input_shape: inputShapeSchema,
    layers: z.array(layerSpecSchema).min(1),
    ask: z.array(z.union([askLayer, askTotal])).min(1),
  })
  .superRefine((question, ctx) => {
    let names: string[];
    try {
      // the default variant must be a stack Keras accepts; this also names unnamed layers as Keras does
      const scope = variantScope(question, drawVariant({ ...question, id: "schema-check" }, null));
      names = summarizeStack(question.input_shape, question.layers, scope).layers.map((layer) => layer.name);
    } catch (error) {
      ctx.addIssue({ code: "custom", path: ["layers"], message: (error as Error).message });
      return;
    }
    if (names.includes("total")) ctx.addIssue({ code: "custom", path: ["layers"], message: `"total" is reserved for the model totals; rename the layer` });
    const asked = new Set<string>();
    question.ask.forEach((entry, index) => {
      const key = "layer" in entry ? entry.layer : "total";
      if ("layer" in entry && !names.includes(entry.layer)) {
        ctx.addIssue({ code: "custom", path: ["ask", index, "layer"], message: `no layer named "${entry.layer}" (layers: ${names.join(", ")})` });
      }
      if (asked.has(key)) ctx.addIssue({ code: "custom", path: ["ask", index], message: `"${key}" is asked twice; list all its fields in one entry` });
      asked.add(key);
      const fields = "layer" in entry ? entry.fields : entry.total;
      if (new Set(fields).size !== fields.length) ctx.addIssue({ code: "custom", path: ["ask", index], message: "a field is listed twice" });
    });
  });

export type ArchitectureFields = z.output<typeof architectureFields>;
