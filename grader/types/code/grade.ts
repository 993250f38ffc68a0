import type { BaseQuestion, GradeResult, QuestionTexts, Variant } from "@/lib/questions/base";
import { Sandbox } from "@/grader/sandbox/pool";
import { DEFAULT_LIMITS, type CaseOutcome, type Float64Tensor, type SandboxLimits, type SandboxStatus } from "@/grader/sandbox/types";
import { preparedCases, type PreparedCase } from "./cases";
import { checkerFor } from "./checkers";
import type { CodeChecker, WrongVariant } from "./checkers/types";
import { compareTensor, matches, showNumber, showShape, type Comparison } from "./compare";
import { describeAbnormalEnd, describeStudentError, printedOutput } from "./feedback";
import type { CodeFields } from "./schema";

export type CodeQuestion = BaseQuestion & QuestionTexts & CodeFields;

export interface CodeGradeResult extends GradeResult {
  /** how the sandbox job ended */
  status: SandboxStatus;
  wallMs: number;
  cpuMs: number;
}

export interface GradeCodeOptions {
  /** the pool to run in (default: a shared pool sized to the machine's cores) */
  sandbox?: Sandbox;
}

let shared: Sandbox | null = null;

/** The process-wide pool used when no sandbox is passed (its concurrency: env FORJA_SANDBOX_CONCURRENCY or the core count). */
export function sharedSandbox(): Sandbox {
  const n = Number(process.env.FORJA_SANDBOX_CONCURRENCY);
  shared ??= new Sandbox(Number.isInteger(n) && n > 0 ? { concurrency: n } : {});
  return shared;
}

export function setSharedSandbox(sandbox: Sandbox | null): void {
  shared = sandbox;
}

export function variantSeed(variant: Variant): number {
  return variant.seed ?? 0;
}

export function checkerOf(question: CodeQuestion): CodeChecker {
  const checker = checkerFor(question.checker);
  if (!checker) throw new Error(`question ${question.id}: unknown checker ${question.checker}`);
  return checker;
}

type PartCase = { comparison: Comparison | null; problem: string | null; got: Float64Tensor | null };

/** What the student produced for one output in one case: a tensor, or why there is none. */
function studentValue(outcome: CaseOutcome | undefined, output: string): { got: Float64Tensor | null; problem: string | null } {
  if (!outcome) return { got: null, problem: "o caso não chegou a ser executado" };
  const v = outcome.values[output];
  if (v && "data" in v) return { got: v, problem: null };
  if (v && "error" in v && v.type === "NoneType") return { got: null, problem: `\`${output}\` é \`None\` (ainda não implementado?)` };
  if (v && "error" in v) return { got: null, problem: `\`${output}\` não é um array numérico (tipo \`${v.type}\`: ${v.error})` };
  if (outcome.error) return { got: null, problem: describeStudentError(outcome.error) };
  return { got: null, problem: `\`${output}\` não foi retornado` };
}

/** The first wrong variant whose output the student's matches where the reference does not. */
function recognise(cases: PreparedCase[], results: PartCase[], output: string, checker: CodeChecker): WrongVariant | null {
  for (const [i, r] of results.entries()) {
    if (!r.got || r.comparison?.ok !== false) continue;
    for (const v of cases[i].variants()) {
      const wrong = v.outputs[output];
      const scale = cases[i].scales[output];
      if (!wrong || matches(wrong, cases[i].expected[output], checker.tolerance, scale)) continue;
      if (matches(r.got, wrong, checker.tolerance, scale)) return v;
    }
  }
  return null;
}

function describeFailure(label: string, output: string, r: PartCase): string {
  if (r.problem) return `Caso ${label}: ${r.problem}`;
  const c = r.comparison;
  if (!c || c.ok) return "";
  if (c.kind === "shape") return `Caso ${label}: formato de \`${output}\` errado: esperado ${showShape(c.expected)}, obtido ${showShape(c.got)}.`;
  return `Caso ${label}: primeiro valor errado em \`${output}[${c.index.join(", ")}]\`: esperado ${showNumber(c.expected)}, obtido ${showNumber(c.got)}.`;
}

const NO_SOURCE = "Envie o seu código Python.";

/** The sandbox limits of a question: the defaults with its overrides. */
const limitsOf = (question: CodeQuestion): SandboxLimits => ({ ...DEFAULT_LIMITS, ...question.limits });

/**
 * A syntax error in the source, said as the grade would say it; null when it compiles. Only compiled in the sandbox,
 * never run. Null too when the sandbox cannot answer: the answer is then stored and its grading reports the problem.
 */
export async function codeSyntaxError(question: CodeQuestion, source: string, opts: GradeCodeOptions = {}): Promise<string | null> {
  if (!source.trim()) return NO_SOURCE;
  try {
    const result = await (opts.sandbox ?? sharedSandbox()).run({
      source,
      required: [],
      plan: [],
      outputs: [],
      cases: [],
      limits: limitsOf(question),
      compileOnly: true,
    });
    return result.status === "error" && result.error?.stage === "syntax" ? describeStudentError(result.error) : null;
  } catch {
    return null;
  }
}

/** Grade a submission: run it in the sandbox on the variant's cases and compare each part with the TensorFlow.js reference. */
export async function gradeCode(question: CodeQuestion, variant: Variant, source: string, opts: GradeCodeOptions = {}): Promise<CodeGradeResult> {
  const checker = checkerOf(question);
  if (!source.trim()) return { score: 0, feedback: NO_SOURCE, invalid: true, status: "error", wallMs: 0, cpuMs: 0 };
  const cases = preparedCases(checker, variantSeed(variant));
  const limits = limitsOf(question);
  const outputs = [...new Set(question.parts.map((p) => p.output))];
  const sandbox = opts.sandbox ?? sharedSandbox();
  const result = await sandbox.run({
    source,
    required: question.required_names,
    plan: checker.plan,
    outputs,
    cases: cases.map((c) => ({ arrays: c.input.arrays, scalars: c.input.scalars })),
    limits,
  });
  const base = { status: result.status, wallMs: result.wallMs, cpuMs: result.cpuMs };
  if (result.status === "internal") throw new Error(`sandbox: ${result.detail ?? "falha interna"}`);
  if (result.status === "error" && result.error) {
    const feedback = describeStudentError(result.error) + printedOutput(result);
    return { ...base, score: 0, feedback, invalid: result.error.stage === "syntax" };
  }
  const abnormal = describeAbnormalEnd(result, limits);
  if (abnormal) return { ...base, score: 0, feedback: `**Nota 0.** ${abnormal}${printedOutput(result)}`, misconception: undefined };

  const byIndex = new Map(result.cases.map((c) => [c.index, c]));
  let misconception: string | undefined;
  const parts = question.parts.map((part) => {
    const results: PartCase[] = cases.map((c, i) => {
      const { got, problem } = studentValue(byIndex.get(i), part.output);
      return { got, problem, comparison: got ? compareTensor(got, c.expected[part.output], checker.tolerance, c.scales[part.output]) : null };
    });
    const passed = results.filter((r) => r.comparison?.ok).length;
    const score = passed / cases.length;
    const name = part.label ?? part.name;
    if (passed === cases.length) return { name: part.name, score, weight: part.weight, feedback: `${name}: correto nos ${cases.length} casos.` };
    const firstBad = results.findIndex((r) => !r.comparison?.ok);
    const lines = [`${name}: correto em ${passed} de ${cases.length} casos.`, describeFailure(`${firstBad + 1} (${cases[firstBad].input.label})`, part.output, results[firstBad])];
    const known = recognise(cases, results, part.output, checker);
    const shapeSlip = results.find((r) => r.comparison && !r.comparison.ok && r.comparison.kind === "shape");
    if (known) {
      lines.push(`Provável causa: ${known.message}`);
      misconception ??= known.id;
    } else if (shapeSlip) {
      misconception ??= "wrong-shape";
    }
    return { name: part.name, score, weight: part.weight, feedback: lines.join(" ") };
  });
  const score = Math.round(parts.reduce((s, p) => s + p.weight * p.score, 0) * 10_000) / 10_000;
  const head = score === 1 ? "**Correto!** Todas as partes passaram em todos os casos de teste." : `**Nota ${score.toFixed(2)}.** Resultado por parte:`;
  const feedback = [head, ...parts.map((p) => `- ${p.feedback}`)].join("\n") + printedOutput(result);
  return { ...base, score, feedback, parts, ...(misconception ? { misconception } : {}) };
}
