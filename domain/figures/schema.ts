import { z } from "zod";
import { inputShapeSchema, layerSpecSchema } from "@/domain/cnn/spec";

/**
 * The figure a question cites ("Figura 1", "Figura 2 da lista"), drawn as SVG from the question's own data so a
 * variant's figure matches its numbers (lib/figures/svg.ts). Architecture questions get their layer stack drawn
 * without this field (and without the shapes they ask for).
 */
export const figureSchema = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("layer-stack"),
      caption: z.string().min(1),
      /** print each layer's output shape under it (only when the question does not ask for them) */
      show_shapes: z.boolean().default(false),
      input_shape: inputShapeSchema,
      layers: z.array(layerSpecSchema).min(1),
    })
    .strict(),
  z.object({ kind: z.literal("batchnorm-graph"), caption: z.string().min(1) }).strict(),
  /** an architecture question's own layers, under this caption (without the field: "Camadas da rede") */
  z.object({ kind: z.literal("own-layers"), caption: z.string().min(1) }).strict(),
]);
export type FigureSpec = z.output<typeof figureSchema>;
