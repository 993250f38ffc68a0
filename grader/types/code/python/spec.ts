import { z } from "zod";

const name = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "a Python identifier");
const finite = z.number().finite();
const pair = z.tuple([finite, finite]).refine(([lo, hi]) => lo <= hi, { message: "[min, max] with min ≤ max" });
const intPair = z.tuple([z.number().int(), z.number().int()]).refine(([lo, hi]) => lo <= hi, { message: "[min, max] with min ≤ max" });

/** How the entries of an array input are drawn. `distinct`: no two entries closer than 0.01 (no ties for max). */
export const distribution = z.union([
  z.enum(["normal", "uniform", "distinct", "positive"]),
  z.object({ normal: z.tuple([finite, finite.positive()]) }).strict(),
  z.object({ uniform: pair }).strict(),
  z.object({ int: intPair }).strict(),
]);
export type Distribution = z.infer<typeof distribution>;

const arrayInput = z
  .object({
    /** symbolic dimensions (names from `dims` or `derived`) or literal sizes, e.g. [N, C, H, W] */
    shape: z.array(z.union([name, z.number().int().positive()])).min(1).max(6),
    dist: distribution.default("normal"),
  })
  .strict();
const intInput = z.object({ int: intPair }).strict();
const floatInput = z.object({ float: pair, decimals: z.number().int().min(0).max(12).optional() }).strict();
const choiceInput = z.object({ choices: z.array(finite).min(1) }).strict();
export const pythonInput = z.union([arrayInput, intInput, floatInput, choiceInput]);
export type PythonInput = z.infer<typeof pythonInput>;
export type ArrayInput = z.infer<typeof arrayInput>;

type Nested = number | Nested[];
const nested: z.ZodType<Nested> = z.lazy(() => z.union([finite, z.array(nested)]));

export const pythonChecker = z
  .object({
    /** the functions the student writes, called in order: `returns = call(*args)`; args name inputs or earlier returns */
    calls: z.array(z.object({ call: name, args: z.array(name), returns: z.array(name).min(1) }).strict()).min(1),
    /** every argument that is not an earlier return: arrays with symbolic shapes, integers, floats */
    inputs: z.record(name, pythonInput),
    /** integer range of each symbolic dimension */
    dims: z.record(name, intPair).default({}),
    /** dimensions computed from others and from integer inputs (mathjs), e.g. Hout: "(H + 2*pad - HH) / stride + 1" */
    derived: z.record(name, z.string().min(1)).default({}),
    /** mathjs booleans over dims, derived and scalar inputs; a draw that breaks one is drawn again */
    constraints: z.array(z.string().min(1)).default([]),
    /** seeded random cases per variant; the first has pairwise distinct dimensions in every array */
    random_cases: z.number().int().min(1).max(12).default(4),
    /** cases the author lists (same for every variant); inputs left out are drawn */
    fixed_cases: z.array(z.object({ label: z.string().min(1), values: z.record(name, nested) }).strict()).default([]),
    /**
     * Outputs that are vector–Jacobian products of a forward: `wrt` maps each gradient output to the argument of `of`
     * it differentiates; checked against central finite differences of the reference forward (no written backward).
     */
    gradients: z
      .array(z.object({ of: name, output: name, upstream: name, wrt: z.record(name, name) }).strict())
      .default([]),
    /** outputs checked statistically (samplers): expected mean and variance of the entries (mathjs over the case) */
    statistics: z.record(name, z.object({ mean: z.string().min(1), variance: z.string().min(1) }).strict()).default({}),
    /** |got − expected| ≤ atol + rtol·|expected| for outputs compared entry by entry */
    tolerance: z.object({ rtol: finite.nonnegative(), atol: finite.nonnegative() }).strict().default({ rtol: 1e-6, atol: 1e-9 }),
    /**
     * Known wrong implementations: `code` is Python appended to the reference (redefine only what is wrong). A student
     * output that matches one where the reference does not is named by `message`, and the case earns `credit`.
     */
    misconceptions: z
      .array(
        z
          .object({
            id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "kebab-case ascii"),
            label: z.string().min(1),
            message: z.string().min(1),
            code: z.string().min(1),
            credit: z.number().min(0).max(0.99).default(0),
          })
          .strict(),
      )
      .default([]),
  })
  .strict()
  .superRefine((spec, ctx) => {
    const returned = new Set<string>();
    for (const [i, call] of spec.calls.entries()) {
      for (const arg of call.args) {
        if (!returned.has(arg) && !(arg in spec.inputs)) ctx.addIssue({ code: "custom", path: ["calls", i, "args"], message: `${arg} is neither an input nor returned by an earlier call` });
      }
      call.returns.forEach((r) => returned.add(r));
    }
    const symbols = new Set([...Object.keys(spec.dims), ...Object.keys(spec.derived)]);
    for (const [input, def] of Object.entries(spec.inputs)) {
      if (!("shape" in def)) continue;
      for (const d of def.shape) {
        if (typeof d === "string" && !symbols.has(d)) ctx.addIssue({ code: "custom", path: ["inputs", input, "shape"], message: `dimension ${d} is not in dims or derived` });
      }
    }
    for (const [i, g] of spec.gradients.entries()) {
      const call = spec.calls.find((c) => c.call === g.of);
      if (!call) {
        ctx.addIssue({ code: "custom", path: ["gradients", i, "of"], message: `${g.of} is not one of the calls` });
        continue;
      }
      if (!call.returns.includes(g.output)) ctx.addIssue({ code: "custom", path: ["gradients", i, "output"], message: `${g.of} does not return ${g.output}` });
      if (!(g.upstream in spec.inputs)) ctx.addIssue({ code: "custom", path: ["gradients", i, "upstream"], message: `${g.upstream} is not an input` });
      for (const [out, arg] of Object.entries(g.wrt)) {
        if (!returned.has(out)) ctx.addIssue({ code: "custom", path: ["gradients", i, "wrt", out], message: `${out} is not returned by any call` });
        if (!call.args.includes(arg) || !(arg in spec.inputs) || !("shape" in spec.inputs[arg]!)) {
          ctx.addIssue({ code: "custom", path: ["gradients", i, "wrt", out], message: `${arg} is not an array argument of ${g.of}` });
        }
      }
    }
    for (const out of Object.keys(spec.statistics)) {
      if (!returned.has(out)) ctx.addIssue({ code: "custom", path: ["statistics", out], message: `${out} is not returned by any call` });
    }
    const ids = spec.misconceptions.map((m) => m.id);
    ids.forEach((id, i) => ids.indexOf(id) !== i && ctx.addIssue({ code: "custom", path: ["misconceptions", i, "id"], message: `duplicate id ${id}` }));
  });

export type PythonChecker = z.infer<typeof pythonChecker>;

/** Every value the calls return (what parts may grade). */
export function returnedNames(spec: Pick<PythonChecker, "calls">): string[] {
  return [...new Set(spec.calls.flatMap((c) => c.returns))];
}

/** Gradient output → how it is computed. */
export function gradientOf(spec: PythonChecker, output: string): { of: string; output: string; upstream: string; arg: string } | null {
  for (const g of spec.gradients) if (output in g.wrt) return { of: g.of, output: g.output, upstream: g.upstream, arg: g.wrt[output]! };
  return null;
}
