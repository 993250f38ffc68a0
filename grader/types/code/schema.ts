import { z } from "zod";
import { weightsSumToOne } from "@/domain/questions/weights";
import { checkerFor, checkerIds } from "./checkers";
import { pythonChecker, returnedNames } from "./python/spec";

/** The checker declared in question.yaml itself, in Python (`python:`), instead of a TypeScript module. */
export const PYTHON_CHECKER = "python";

const limitsSchema = z
  .object({
    wall_ms: z.number().int().min(100).max(10_000),
    cpu_ms: z.number().int().min(100).max(10_000),
    memory_mb: z.number().int().min(16).max(2048),
    processes: z.number().int().min(1).max(64),
    file_kb: z.number().int().min(0).max(65_536),
    output_bytes: z.number().int().min(1024).max(1 << 20),
  })
  .partial()
  .strict();

/** Fields of a `code` question (see question-bank/FORMAT.md, section code). */
export const codeFields = z
  .object({
    language: z.literal("python"),
    /** grader/types/code/checkers/<id>.ts: test-case generator, TensorFlow.js reference, known wrong variants */
    checker: z.string().refine((id) => id === PYTHON_CHECKER || checkerIds().includes(id), { message: `unknown checker (known: ${PYTHON_CHECKER}, ${checkerIds().join(", ")})` }),
    /** with `checker: python`: the functions, their arguments, cases, gradients, statistics and known mistakes */
    python: pythonChecker.optional(),
    /** names the submission must define (callables) */
    required_names: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/)).min(1),
    /** the function contract shown to the student (Markdown) */
    contract: z.string().min(1),
    /** code the editor starts with */
    starter: z.string().min(1),
    /** a correct solution: the reference answer, shown after grading and used by the bank's self-check */
    reference_solution: z.string().min(1),
    /** graded parts: each compares one output of the checker, weights sum to 1 */
    parts: z
      .array(z.object({ name: z.string().min(1), output: z.string().min(1), weight: z.number().positive(), label: z.string().optional() }))
      .min(1)
      .refine(weightsSumToOne, { message: "part weights must sum to 1" }),
    /** optional overrides of the sandbox limits (grader/sandbox/README.md) */
    limits: limitsSchema.optional(),
  })
  .superRefine((q, ctx) => {
    if (q.checker === PYTHON_CHECKER && !q.python) ctx.addIssue({ code: "custom", path: ["python"], message: "checker python needs a python: block (calls, inputs, ...)" });
    if (q.checker !== PYTHON_CHECKER && q.python) ctx.addIssue({ code: "custom", path: ["python"], message: `python: is only read with checker: ${PYTHON_CHECKER}` });
    const outputs = new Set(q.python && q.checker === PYTHON_CHECKER ? returnedNames(q.python) : outputsOf(q.checker));
    for (const [i, part] of q.parts.entries()) {
      if (!outputs.has(part.output)) {
        ctx.addIssue({ code: "custom", path: ["parts", i, "output"], message: `checker ${q.checker} has no output ${part.output} (has: ${[...outputs].join(", ")})` });
      }
    }
  });

function outputsOf(id: string): string[] {
  return checkerFor(id)?.outputs ?? [];
}

export type CodeFields = z.infer<typeof codeFields>;
