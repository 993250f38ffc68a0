import type { BaseQuestion, GradeResult, QuestionTexts, Variant } from "@/domain/questions/base";
import { translate, type Message } from "@/domain/i18n/translate";
import { defaultLocale } from "@/domain/i18n/config";
import { runAsPlatform } from "@/grader/sandbox/owner";
import { say, sayAll, type Said } from "@/domain/questions/feedback";
import { Sandbox } from "@/grader/sandbox/pool";
import { DEFAULT_LIMITS, type Float64Tensor, type SandboxJob, type SandboxLimits, type SandboxResult, type SandboxStatus } from "@/grader/sandbox/types";
import { preparedCases, type PreparedCase } from "./cases";
import { checkerFor } from "./checkers";
import type { CodeChecker, WrongVariant } from "./checkers/types";
import { compareTensor, matches, type Comparison } from "./compare";
import { caseFailure, comparisonFailure, describeAbnormalEnd, describeStudentError, studentValue, withOutput } from "./feedback";
import { gradedOutputs, preparePython, strictMisconceptions, studentPlan, type PreparedPython } from "./python/expected";
import { misconceptionSource, NON_ANSWER_KINDS, nonAnswer, REFERENCE_LABEL_KEY, rowOk, type SelfCheckRow } from "./python/self-check";
import { judgePart } from "./python/judge";
import type { PythonChecker } from "./python/spec";
import { PYTHON_CHECKER, type CodeFields } from "./schema";
import { config } from "@/platform/config";

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

/** The process-wide pool used when no sandbox is passed (its concurrency: FORJA_SANDBOX_CONCURRENCY or the core count). */
export function sharedSandbox(): Sandbox {
  shared ??= new Sandbox({ concurrency: config().sandbox.concurrency });
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

type PartCase = { comparison: Comparison | null; problem: Said | null; got: Float64Tensor | null };

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

function describeFailure(number: number, name: Message, output: string, r: PartCase): Said {
  const c = r.comparison;
  return caseFailure(number, name, r.problem ?? (c && !c.ok ? comparisonFailure(c, output) : null));
}

const noSource = () => say("code.noSource");

/** The sandbox limits of a question: the defaults with its overrides. */
const limitsOf = (question: CodeQuestion): SandboxLimits => ({ ...DEFAULT_LIMITS, ...question.limits });

/** An answer with no code at all, said as the grade would say it; null otherwise (nothing is compiled or run). */
export function emptySource(source: string): Said | null {
  return source.trim() ? null : noSource();
}

/** The expected outputs of a Python-declared question's variant, computed now if not cached (see python/expected.ts). */
export function preparePythonVariant(question: CodeQuestion, variant: Variant, opts: GradeCodeOptions = {}): Promise<PreparedPython> {
  if (!question.python) throw new Error(`question ${question.id}: checker ${question.checker} is not declared in Python`);
  return preparePython({ ...question, python: question.python }, variantSeed(variant), opts.sandbox ?? sharedSandbox(), limitsOf(question));
}

/** Run the submission; a result to return at once when it did not run to the end (error, limit), else the cases. */
async function runSubmission(sandbox: Sandbox, job: SandboxJob, limits: SandboxLimits): Promise<{ done: CodeGradeResult } | { result: SandboxResult; base: Pick<CodeGradeResult, "status" | "wallMs" | "cpuMs"> }> {
  const result = await sandbox.run({ ...job, limits });
  const base = { status: result.status, wallMs: result.wallMs, cpuMs: result.cpuMs };
  if (result.status === "internal") throw new Error(`sandbox: ${result.detail ?? "internal failure"}`);
  if (result.status === "error" && result.error) {
    const { feedback, message } = withOutput(describeStudentError(result.error), result);
    return { done: { ...base, score: 0, feedback, message, invalid: result.error.stage === "syntax" } };
  }
  const abnormal = describeAbnormalEnd(result, limits);
  if (abnormal) {
    const { feedback, message } = withOutput(say("code.zero", { reason: abnormal.message[0]! }), result);
    return { done: { ...base, score: 0, feedback, message, misconception: undefined } };
  }
  return { result, base };
}

type PartResult = { name: string; score: number; weight: number; said: Said };
type StoredPart = NonNullable<GradeResult["parts"]>[number];

function summary(parts: PartResult[], result: SandboxResult): Pick<GradeResult, "score" | "feedback" | "message" | "parts"> {
  const score = Math.round(parts.reduce((s, p) => s + p.weight * p.score, 0) * 10_000) / 10_000;
  const head = score === 1 ? say("code.allPassed") : say("code.score", { score });
  const { feedback, message } = withOutput(sayAll([head, ...parts.map((p) => sayAll(["- ", p.said], ""))], "\n"), result);
  const stored = parts.map(({ name, score, weight, said }): StoredPart => ({ name, score, weight, feedback: said.feedback, message: said.message }));
  return { score, feedback, message, parts: stored };
}

/** A Python-declared question: expected outputs from the reference's own sandbox jobs, gradients by finite differences. */
async function gradePython(question: CodeQuestion & { python: PythonChecker }, variant: Variant, source: string, opts: GradeCodeOptions): Promise<CodeGradeResult> {
  const sandbox = opts.sandbox ?? sharedSandbox();
  const limits = limitsOf(question);
  const prepared = await preparePythonVariant(question, variant, { sandbox });
  const run = await runSubmission(sandbox, {
    source,
    required: question.required_names,
    plan: studentPlan(question.python),
    outputs: gradedOutputs(question),
    cases: prepared.cases.map((c) => ({ arrays: c.arrays, scalars: c.scalars })),
  }, limits);
  if ("done" in run) return run.done;
  const outcomes = new Map(run.result.cases.map((c) => [c.index, c]));
  let misconception: string | undefined;
  const parts: PartResult[] = [];
  for (const part of question.parts) {
    const judged = await judgePart(question.python, part, prepared, outcomes);
    misconception ??= judged.misconception;
    parts.push({ name: part.name, score: judged.score, weight: part.weight, said: judged.feedback });
  }
  return { ...run.base, ...summary(parts, run.result), ...(misconception ? { misconception } : {}) };
}

/** Grade a submission: run it in the sandbox on the variant's cases and compare each part with the reference. */
export async function gradeCode(question: CodeQuestion, variant: Variant, source: string, opts: GradeCodeOptions = {}): Promise<CodeGradeResult> {
  if (!source.trim()) return { ...noSource(), score: 0, invalid: true, status: "error", wallMs: 0, cpuMs: 0 };
  if (question.checker === PYTHON_CHECKER && question.python) return gradePython({ ...question, python: question.python }, variant, source, opts);
  const checker = checkerOf(question);
  const cases = preparedCases(checker, variantSeed(variant));
  const limits = limitsOf(question);
  const outputs = [...new Set(question.parts.map((p) => p.output))];
  const run = await runSubmission(opts.sandbox ?? sharedSandbox(), {
    source,
    required: question.required_names,
    plan: checker.plan,
    outputs,
    cases: cases.map((c) => ({ arrays: c.input.arrays, scalars: c.input.scalars })),
  }, limits);
  if ("done" in run) return run.done;
  const byIndex = new Map(run.result.cases.map((c) => [c.index, c]));
  let misconception: string | undefined;
  const parts = question.parts.map((part): PartResult => {
    const results: PartCase[] = cases.map((c, i) => {
      const { got, problem } = studentValue(byIndex.get(i), part.output);
      return { got, problem, comparison: got ? compareTensor(got, c.expected[part.output], checker.tolerance, c.scales[part.output]) : null };
    });
    const passed = results.filter((r) => r.comparison?.ok).length;
    const score = passed / cases.length;
    const name = part.label ?? part.name;
    if (passed === cases.length) return { name: part.name, score, weight: part.weight, said: say("code.partCorrect", { name, cases: cases.length }) };
    const firstBad = results.findIndex((r) => !r.comparison?.ok);
    const lines = [say("code.partSome", { name, passed, cases: cases.length }), describeFailure(firstBad + 1, cases[firstBad].input.name, part.output, results[firstBad])];
    const known = recognise(cases, results, part.output, checker);
    const shapeSlip = results.find((r) => r.comparison && !r.comparison.ok && r.comparison.kind === "shape");
    if (known) {
      lines.push(say("code.likelyCause", { cause: known.message }));
      misconception ??= known.id;
    } else if (shapeSlip) {
      misconception ??= "wrong-shape";
    }
    return { name: part.name, score, weight: part.weight, said: sayAll(lines, " ") };
  });
  return { ...run.base, ...summary(parts, run.result), ...(misconception ? { misconception } : {}) };
}

/**
 * What the editor's preview and `bank check` prove of a Python-declared question on its default variant: the reference
 * scores 1, each wrong implementation is recognised as its own misconception, zeros / the input / a constant score 0.
 * Empty for the TypeScript checkers. Throws AuthorCodeError when the reference or a wrong implementation does not run.
 */
export async function selfCheckCode(question: CodeQuestion, opts: GradeCodeOptions = {}): Promise<SelfCheckRow[]> {
  if (question.checker !== PYTHON_CHECKER || !question.python) return [];
  // an editor's live preview runs dozens of jobs: in their own round-robin slot, so students' gradings alternate with them
  return runAsPlatform("authoring", () => selfCheckPython(question, opts));
}

async function selfCheckPython(question: CodeQuestion, opts: GradeCodeOptions): Promise<SelfCheckRow[]> {
  if (!question.python) return [];
  const python = question.python;
  const sandbox = opts.sandbox ?? sharedSandbox();
  const variant: Variant = { seed: null, params: {} };
  const prepared = await preparePythonVariant(question, variant, { sandbox });
  await strictMisconceptions({ ...question, python }, prepared, sandbox, limitsOf(question));
  const trials: { kind: SelfCheckRow["kind"]; label: string; labelKey?: string; expected: string; source: string }[] = [
    { kind: "reference", label: translate(defaultLocale, REFERENCE_LABEL_KEY), labelKey: REFERENCE_LABEL_KEY, expected: "1", source: question.reference_solution },
    ...python.misconceptions.map((m) => ({ kind: "misconception" as const, label: m.label, expected: m.id, source: misconceptionSource(question.reference_solution, m) })),
    ...NON_ANSWER_KINDS.map((k) => ({ kind: "non-answer" as const, expected: "0", ...nonAnswer(python, k) })),
  ];
  return Promise.all(
    trials.map(async (t) => {
      const r = await gradeCode(question, variant, t.source, { sandbox });
      const misconception = r.misconception ?? null;
      return { kind: t.kind, label: t.label, ...(t.labelKey ? { labelKey: t.labelKey } : {}), expected: t.expected, score: r.score, misconception, ok: rowOk(t.kind, t.expected, r.score, misconception) };
    }),
  );
}
