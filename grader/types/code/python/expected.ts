import { createHash } from "node:crypto";
import type { Sandbox } from "@/grader/sandbox/pool";
import type { CallStep, Float64Tensor, SandboxLimits, SandboxResult } from "@/grader/sandbox/types";
import type { Tensors } from "../checkers/types";
import { describeAbnormalEnd, describeStudentError } from "../feedback";
import { drawCases, type DrawnCase } from "./draw";
import { summarize } from "./judge";
import { misconceptionSource } from "./self-check";
import { gradientOf, type PythonChecker } from "./spec";

/** The parts of a question the expected outputs depend on. */
export interface PythonQuestion {
  id: string;
  python: PythonChecker;
  reference_solution: string;
  parts: { output: string }[];
}

/**
 * How a gradient output was obtained in one case: central differences with step h (Richardson-extrapolated from h and
 * 2h), their rounding error, and a per-entry bound on the error of the expected value.
 */
export interface FiniteDifference {
  h: number;
  rounding: number;
  err: Float64Array;
}

export interface MisconceptionOutputs {
  id: string;
  label: string;
  message: string;
  credit: number;
  /** per case: its outputs (null where its code failed) */
  outputs: (Tensors | null)[];
}

export interface PreparedPython {
  cases: DrawnCase[];
  expected: Tensors[];
  /** per case, per gradient output */
  differences: Record<string, FiniteDifference>[];
  /** run (once) only when a submission fails somewhere */
  misconceptions(): Promise<MisconceptionOutputs[]>;
}

/** Thrown when the author's code (reference or a misconception) fails: a broken question, never the student's fault. */
export class AuthorCodeError extends Error {}

export function gradedOutputs(question: PythonQuestion): string[] {
  return [...new Set(question.parts.map((p) => p.output))];
}

/** What the student runs: every call in order. */
export function studentPlan(spec: PythonChecker): CallStep[] {
  return spec.calls.map((c) => ({ call: c.call, args: [...c.args], returns: [...c.returns] }));
}

const META = ["h", "rounding", "kinks", "err"] as const;

/**
 * What the reference runs: its calls, except those returning only gradient outputs, which are replaced by central
 * finite differences of the forward (a `vjp` step of harness.py) — the written backward is never trusted.
 */
export function referencePlan(spec: PythonChecker, outputs: string[]): { plan: Record<string, unknown>[]; required: string[]; outputs: string[] } {
  const gradients = new Set(outputs.filter((o) => gradientOf(spec, o)));
  const kept = spec.calls.filter((c) => !c.returns.every((r) => gradientOf(spec, r)));
  const plan: Record<string, unknown>[] = kept.map((c) => ({ call: c.call, args: [...c.args], returns: [...c.returns] }));
  for (const g of spec.gradients) {
    const wrt = Object.entries(g.wrt).filter(([out]) => gradients.has(out));
    if (!wrt.length) continue;
    const call = spec.calls.find((c) => c.call === g.of)!;
    plan.push({ vjp: g.of, args: [...call.args], index: call.returns.indexOf(g.output), n_returns: call.returns.length, upstream: g.upstream, wrt });
  }
  const meta = [...gradients].flatMap((o) => META.map((m) => `${o}@${m}`));
  return { plan, required: [...new Set(kept.map((c) => c.call).concat(spec.gradients.map((g) => g.of)))], outputs: [...outputs, ...meta] };
}

const sandboxCase = (c: DrawnCase) => ({ arrays: c.arrays, scalars: c.scalars });

function failure(who: string, result: SandboxResult, limits: SandboxLimits, caseLabel?: string): string {
  const where = caseLabel ? ` (caso ${caseLabel})` : "";
  if (result.status === "internal") return `sandbox: ${result.detail ?? "falha interna"}`;
  if (result.error) return `${who}${where}: ${describeStudentError(result.error)}`;
  return `${who}${where}: ${describeAbnormalEnd(result, limits) ?? result.status}`;
}

const isTensor = (v: unknown): v is Float64Tensor => typeof v === "object" && v !== null && "data" in v;

/** One case of the reference, in its own sandbox job (same sandbox, same limits as a student's). */
async function referenceCase(question: PythonQuestion, c: DrawnCase, sandbox: Sandbox, limits: SandboxLimits) {
  const { plan, required, outputs } = referencePlan(question.python, gradedOutputs(question));
  const result = await sandbox.run({ source: question.reference_solution, required, plan: plan as unknown as CallStep[], outputs, cases: [sandboxCase(c)], limits });
  if (result.status === "internal") throw new Error(failure("", result, limits));
  if (result.status !== "ok") throw new AuthorCodeError(failure("a solução de referência", result, limits, c.label));
  const outcome = result.cases[0];
  if (outcome?.error) throw new AuthorCodeError(`a solução de referência (caso ${c.label}): ${describeStudentError(outcome.error)}`);
  const expected: Tensors = {};
  const differences: Record<string, FiniteDifference> = {};
  for (const name of gradedOutputs(question)) {
    const v = outcome?.values[name];
    if (!isTensor(v)) throw new AuthorCodeError(`a solução de referência (caso ${c.label}) não produziu \`${name}\` como array numérico`);
    expected[name] = question.python.statistics[name] ? summarize(v) : v;
    const g = gradientOf(question.python, name);
    if (!g) continue;
    const meta = (m: string) => (outcome.values[`${name}@${m}`] as Float64Tensor).data[0]!;
    if (meta("kinks") > 0) {
      throw new AuthorCodeError(
        `caso ${c.label}: \`${g.of}\` não é diferenciável no ponto sorteado em ${meta("kinks")} entradas de \`${g.arg}\` (empates num máximo?): ` +
          "as diferenças finitas não valem ali; use `dist: distinct` nessa entrada",
      );
    }
    differences[name] = { h: meta("h"), rounding: meta("rounding"), err: (outcome.values[`${name}@err`] as Float64Tensor).data };
  }
  return { expected, differences };
}

async function misconceptionOutputs(question: PythonQuestion, cases: DrawnCase[], sandbox: Sandbox, limits: SandboxLimits, strict: boolean): Promise<MisconceptionOutputs[]> {
  const outputs = gradedOutputs(question);
  return Promise.all(
    question.python.misconceptions.map(async (m) => {
      const source = misconceptionSource(question.reference_solution, m);
      const result = await sandbox.run({ source, required: question.python.calls.map((c) => c.call), plan: studentPlan(question.python), outputs, cases: cases.map(sandboxCase), limits });
      if (strict && result.status !== "ok") throw new AuthorCodeError(failure(`a implementação errada ${m.id}`, result, limits));
      const byIndex = new Map(result.cases.map((c) => [c.index, c]));
      const perCase = cases.map((_, i) => {
        const values = byIndex.get(i)?.values ?? {};
        const tensors = Object.fromEntries(
          Object.entries(values).filter(([, v]) => isTensor(v)).map(([k, v]) => [k, question.python.statistics[k] ? summarize(v as Float64Tensor) : v]),
        ) as Tensors;
        return Object.keys(tensors).length ? tensors : null;
      });
      return { id: m.id, label: m.label, message: m.message, credit: m.credit, outputs: perCase };
    }),
  );
}

/** Key of a (question version, seed): everything the expected outputs depend on. */
export function expectedKey(question: PythonQuestion, seed: number, limits: SandboxLimits): string {
  const hash = createHash("sha256")
    .update(JSON.stringify([question.id, question.python, question.reference_solution, gradedOutputs(question), limits]))
    .digest("hex");
  return `${hash}:${seed}`;
}

const MAX_ENTRIES = 256;
const cache = new Map<string, Promise<PreparedPython>>();

/** For tests and the bench: forget every cached expected output. */
export function clearExpectedCache(): void {
  cache.clear();
}

export function expectedCacheSize(): number {
  return cache.size;
}

/**
 * Cases and expected outputs of a (question version, seed): the reference runs in the sandbox, one job per case, and
 * the result is kept in an LRU map (a failed computation is not kept). Call it ahead of a submission (when a variant
 * is shown) to take it off the grading path; the student's job only ever receives the inputs.
 */
export function preparePython(question: PythonQuestion, seed: number, sandbox: Sandbox, limits: SandboxLimits): Promise<PreparedPython> {
  const key = expectedKey(question, seed, limits);
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const promise = (async (): Promise<PreparedPython> => {
    const cases = drawCases(question.python, question.id, seed);
    const refs = await Promise.all(cases.map((c) => referenceCase(question, c, sandbox, limits)));
    let wrong: Promise<MisconceptionOutputs[]> | null = null;
    return {
      cases,
      expected: refs.map((r) => r.expected),
      differences: refs.map((r) => r.differences),
      misconceptions: () => (wrong ??= misconceptionOutputs(question, cases, sandbox, limits, false).catch(() => [])),
    };
  })();
  cache.set(key, promise);
  promise.catch(() => cache.get(key) === promise && cache.delete(key));
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  return promise;
}

/** The misconceptions' outputs, failing loudly when one of them does not run (the editor's and the bank's check). */
export function strictMisconceptions(question: PythonQuestion, prepared: PreparedPython, sandbox: Sandbox, limits: SandboxLimits): Promise<MisconceptionOutputs[]> {
  return misconceptionOutputs(question, prepared.cases, sandbox, limits, true);
}
