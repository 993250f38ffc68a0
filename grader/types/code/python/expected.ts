import { createHash } from "node:crypto";
import { defaultLocale, type Locale } from "@/domain/i18n/config";
import { translate, translateAll } from "@/domain/i18n/translate";
import { runAsPlatform } from "@/grader/sandbox/owner";
import type { Sandbox } from "@/grader/sandbox/pool";
import type { CallStep, Float64Tensor, SandboxLimits, SandboxResult } from "@/grader/sandbox/types";
import type { Tensors } from "../checkers/types";
import { describeAbnormalEnd, describeStudentError } from "../feedback";
import { drawCases, type DrawnCase } from "./draw";
import { decodeReferences, encodeReferences, expectedStore } from "./expected-store";
import { summarize } from "./judge";
import { misconceptionSource } from "./self-check";
import { gradientOf, type PythonChecker } from "./spec";
import { LRUCache } from "lru-cache";

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
/**
 * The author's code failed (a question's fault, not a student's). `message` is pt-BR (bank check, logs); the editor
 * shows `textIn(locale)`.
 */
export class AuthorCodeError extends Error {
  constructor(private readonly said: (locale: Locale) => string) {
    super(said(defaultLocale));
  }

  textIn(locale: Locale): string {
    return this.said(locale);
  }
}

type Who = { key: "grader.author.reference" } | { key: "grader.author.misconception"; values: { id: string } };
const REFERENCE: Who = { key: "grader.author.reference" };

export function gradedOutputs(question: PythonQuestion): string[] {
  return [...new Set(question.parts.map((p) => p.output))];
}

/** What the student runs: every call in order. */
export function studentPlan(spec: PythonChecker): CallStep[] {
  return spec.calls.map((c) => ({ call: c.call, args: [...c.args], returns: [...c.returns] }));
}

const META = ["h", "rounding", "kinks", "err"] as const;
/** Entries of one argument per finite-difference job: each job stays far inside a student job's limits. */
export const FD_CHUNK = 48;

type Plan = { plan: Record<string, unknown>[]; required: string[]; outputs: string[] };

/**
 * What the reference runs: its calls, except those returning only gradient outputs, which are replaced by central
 * finite differences of the forward (a `vjp` step of harness.py) — the written backward is never trusted. The first
 * plan computes the other outputs; each gradient output then gets one plan per chunk of `FD_CHUNK` entries of the
 * argument it differentiates (`sizes`: the number of entries of each input array).
 */
export function referencePlans(spec: PythonChecker, outputs: string[], sizes: Record<string, number>): { forward: Plan; gradients: (Plan & { output: string; range: [number, number] })[] } {
  const kept = spec.calls.filter((c) => !c.returns.every((r) => gradientOf(spec, r)));
  const calls = kept.map((c) => ({ call: c.call, args: [...c.args], returns: [...c.returns] }));
  const keptNames = kept.map((c) => c.call);
  const forward = { plan: calls, required: keptNames, outputs: outputs.filter((o) => !gradientOf(spec, o)) };
  const gradients = outputs.flatMap((output) => {
    const g = gradientOf(spec, output);
    if (!g) return [];
    const call = spec.calls.find((c) => c.call === g.of)!;
    const size = sizes[g.arg] ?? 0;
    return Array.from({ length: Math.max(1, Math.ceil(size / FD_CHUNK)) }, (_, k) => {
      const range: [number, number] = [k * FD_CHUNK, Math.min(size, (k + 1) * FD_CHUNK)];
      const vjp = { vjp: g.of, args: [...call.args], index: call.returns.indexOf(g.output), n_returns: call.returns.length, upstream: g.upstream, wrt: [[output, g.arg]], range };
      // the forward's own arguments may be returns of earlier calls: those run first
      const before = calls.slice(0, Math.max(0, kept.findIndex((c) => c.call === g.of)));
      return { output, range, plan: [...before, vjp], required: [...new Set([...before.map((c) => c.call), g.of])], outputs: [output, ...META.map((m) => `${output}@${m}`)] };
    });
  });
  return { forward, gradients };
}

/**
 * The author's code (reference, wrong implementations) runs with the question's limits except wall time, which is at
 * least 5 s per CPU second allowed: a loaded machine stretches wall time, not CPU time, and a reference ending past
 * the student's wall limit under load broke the question for everyone (a platform failure) though it did nothing
 * wrong. The CPU, memory and process limits still hold it.
 */
export function authorLimits(limits: SandboxLimits): SandboxLimits {
  return { ...limits, wall_ms: Math.max(limits.wall_ms, 5 * Math.max(1, Math.ceil(limits.cpu_ms / 1000)) * 1000) };
}

const sandboxCase = (c: DrawnCase) => ({ arrays: c.arrays, scalars: c.scalars });

function failure(who: Who, result: SandboxResult, limits: SandboxLimits, caseLabel?: string): (locale: Locale) => string {
  return (locale) => {
    if (result.status === "internal") return translate(locale, "grader.author.internal", { detail: result.detail ?? translate(locale, "grader.author.internalUnknown") });
    const said = result.error ? describeStudentError(result.error) : describeAbnormalEnd(result, limits);
    const problem = said ? translateAll(locale, said.message) : result.status;
    const values = { who: translate(locale, who.key, "values" in who ? who.values : undefined), problem };
    return caseLabel ? translate(locale, "grader.author.failedCase", { ...values, case: caseLabel }) : translate(locale, "grader.author.failed", values);
  };
}

const isTensor = (v: unknown): v is Float64Tensor => typeof v === "object" && v !== null && "data" in v;

/** One case of the reference, in its own sandbox jobs (same sandbox, same limits as a student's). */
async function referenceCase(question: PythonQuestion, c: DrawnCase, sandbox: Sandbox, limits: SandboxLimits) {
  const sizes = Object.fromEntries(Object.entries(c.arrays).map(([k, t]) => [k, t.data.length]));
  const { forward, gradients } = referencePlans(question.python, gradedOutputs(question), sizes);
  const run = async (p: Plan) => {
    const result = await sandbox.run({ source: question.reference_solution, required: p.required, plan: p.plan as unknown as CallStep[], outputs: p.outputs, cases: [sandboxCase(c)], limits });
    if (result.status === "internal") throw new Error(failure(REFERENCE, result, limits)(defaultLocale));
    if (result.status !== "ok") throw new AuthorCodeError(failure(REFERENCE, result, limits, c.label));
    const outcome = result.cases[0];
    if (outcome?.error) throw new AuthorCodeError(failure(REFERENCE, { ...result, error: outcome.error }, limits, c.label));
    const value = (name: string) => {
      const v = outcome?.values[name];
      if (!isTensor(v)) throw new AuthorCodeError((locale) => translate(locale, "grader.author.notArray", { case: c.label, name }));
      return v;
    };
    return value;
  };
  const [forwardValues, ...chunks] = await Promise.all([forward.outputs.length ? run(forward) : null, ...gradients.map(run)]);
  const expected: Tensors = {};
  for (const name of forward.outputs) expected[name] = question.python.statistics[name] ? summarize(forwardValues!(name)) : forwardValues!(name);
  const differences: Record<string, FiniteDifference> = {};
  gradients.forEach((g, k) => {
    const value = chunks[k]!;
    const arg = gradientOf(question.python, g.output)!;
    const shape = c.arrays[arg.arg]!.shape;
    const size = sizes[arg.arg]!;
    const meta = (m: string) => value(`${g.output}@${m}`).data[0]!;
    if (meta("kinks") > 0) {
      const values = { case: c.label, of: arg.of, n: meta("kinks"), arg: arg.arg };
      throw new AuthorCodeError((locale) => translate(locale, "grader.author.kinks", values));
    }
    expected[g.output] ??= { shape, data: new Float64Array(size) };
    differences[g.output] ??= { h: meta("h"), rounding: 0, err: new Float64Array(size) };
    expected[g.output]!.data.set(value(g.output).data, g.range[0]);
    differences[g.output]!.err.set(value(`${g.output}@err`).data, g.range[0]);
    differences[g.output]!.rounding = Math.max(differences[g.output]!.rounding, meta("rounding"));
  });
  return { expected, differences };
}

async function misconceptionOutputs(question: PythonQuestion, cases: DrawnCase[], sandbox: Sandbox, limits: SandboxLimits, strict: boolean): Promise<MisconceptionOutputs[]> {
  const outputs = gradedOutputs(question);
  return Promise.all(
    question.python.misconceptions.map(async (m) => {
      const source = misconceptionSource(question.reference_solution, m);
      const result = await sandbox.run({ source, required: question.python.calls.map((c) => c.call), plan: studentPlan(question.python), outputs, cases: cases.map(sandboxCase), limits });
      if (strict && result.status !== "ok") throw new AuthorCodeError(failure({ key: "grader.author.misconception", values: { id: m.id } }, result, limits));
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

const cache = new LRUCache<string, Promise<PreparedPython>>({ max: 256 });

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
  if (hit) return hit;
  // the platform's work whoever triggered it (a student's public-test run included): its own round-robin slot
  const promise = runAsPlatform("reference", async (): Promise<PreparedPython> => {
    const cases = drawCases(question.python, question.id, seed);
    const shared = expectedStore();
    const stored = shared ? decodeReferences(await shared.get(key).catch(() => null), cases.length) : null;
    const refs = stored ?? (await Promise.all(cases.map((c) => referenceCase(question, c, sandbox, authorLimits(limits)))));
    if (shared && !stored) await shared.put(key, encodeReferences(refs)).catch(() => undefined);
    let wrong: Promise<MisconceptionOutputs[]> | null = null;
    return {
      cases,
      expected: refs.map((r) => r.expected),
      differences: refs.map((r) => r.differences),
      misconceptions: () => (wrong ??= runAsPlatform("reference", () => misconceptionOutputs(question, cases, sandbox, authorLimits(limits), false)).catch(() => [])),
    };
  });
  cache.set(key, promise);
  promise.catch(() => cache.peek(key) === promise && cache.delete(key));
  return promise;
}

/** The misconceptions' outputs, failing loudly when one of them does not run (the editor's and the bank's check). */
export function strictMisconceptions(question: PythonQuestion, prepared: PreparedPython, sandbox: Sandbox, limits: SandboxLimits): Promise<MisconceptionOutputs[]> {
  return misconceptionOutputs(question, prepared.cases, sandbox, authorLimits(limits), true);
}
