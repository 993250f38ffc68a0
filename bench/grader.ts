/**
 * Code-grader benchmark: correct batch-norm submissions graded end to end (gradeCode: sandbox job + comparison) in
 * three modes — warm pool with cached seeds, warm pool with a never-graded seed per job (references prepared when the
 * variant is assigned, as the app does), cold start (one new bwrap + python per job) — and the physical limit of the
 * machine measured in the same run (bench/fork-limit.py).
 *
 *   npm run bench -- grader [--seconds 10] [--cold-jobs 40] [--concurrency N] [--json]
 *
 * --json prints exactly one line:
 *   {"warm_cached":{"jobs_per_s","p50_ms","p99_ms"},"warm_new_seed":{…},"cold":{…},"fork_limit_jobs_per_s":…}
 *   npm run bench -- grader --python [--seconds 10] [--concurrency N]
 *
 * --python: questions whose checker is declared in Python (the batch norm of bench/fixtures/batchnorm-python.yaml and
 * the bank's convolution), a new seed per job, so every job also runs the reference's own sandbox jobs (one per case,
 * gradients by finite differences) before the submission's; then the same with the seeds' expected outputs cached.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "yaml";
import { Sandbox } from "@/grader/sandbox/pool";
import { config } from "@/platform/config";
import { execFileSync } from "node:child_process";
import { preparedCases } from "@/grader/types/code/cases";
import { checkerOf, gradeCode, type CodeQuestion } from "@/grader/types/code/grade";
import { codeFields } from "@/grader/types/code/schema";
import { baseQuestionSchema } from "@/domain/questions/base";

const QUESTION_DIR = path.resolve(import.meta.dirname, "../question-bank/000-lista/xi-batchnorm-codigo");
const CONV_DIR = path.resolve(import.meta.dirname, "../question-bank/001-slides-inf721/inf721-convolucao-codigo");
const PYTHON_BATCHNORM = path.resolve(import.meta.dirname, "fixtures/batchnorm-python.yaml");
const SEEDS = [0, 1, 2, 3, 4, 5, 6, 7];

function loadQuestion(dir = QUESTION_DIR, override: Record<string, unknown> = {}): CodeQuestion {
  const raw = { ...parse(fs.readFileSync(path.join(dir, "question.yaml"), "utf8")), ...override };
  const read = (f: string) => fs.readFileSync(path.join(dir, f), "utf8");
  return { ...codeFields.parse(raw), ...baseQuestionSchema.parse(raw), prompt: read("prompt.md"), solution: read("solution.md") } as CodeQuestion;
}

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  const v = i >= 0 ? Number(args[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

interface Run {
  mode: string;
  jobs: number;
  seconds: number;
  latencies: number[];
  wrong: number;
}

/** Keep `inFlight` jobs running until the deadline or `maxJobs`. */
async function drive(mode: string, sandbox: Sandbox, question: CodeQuestion, inFlight: number, until: { ms?: number; jobs?: number }, seedOf: (n: number) => number = (n) => SEEDS[n % SEEDS.length]!): Promise<Run> {
  const latencies: number[] = [];
  let wrong = 0;
  let started = 0;
  const t0 = performance.now();
  const more = () => (until.jobs === undefined || started < until.jobs) && (until.ms === undefined || performance.now() - t0 < until.ms);
  const worker = async () => {
    while (more()) {
      const seed = seedOf(started++);
      const t = performance.now();
      const r = await gradeCode(question, { seed, params: {} }, question.reference_solution, { sandbox });
      latencies.push(performance.now() - t);
      if (r.score !== 1) wrong++;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return { mode, jobs: latencies.length, seconds: (performance.now() - t0) / 1000, latencies: latencies.sort((a, b) => a - b), wrong };
}

function row(r: Run): string[] {
  const f = (v: number) => v.toFixed(1);
  return [r.mode, String(r.jobs), f(r.jobs / r.seconds), f(percentile(r.latencies, 50)), f(percentile(r.latencies, 95)), f(percentile(r.latencies, 99)), f(r.latencies.at(-1) ?? NaN), String(r.wrong)];
}

function table(rows: string[][]): string {
  const head = ["modo", "jobs", "jobs/s", "p50 ms", "p95 ms", "p99 ms", "máx ms", "nota≠1"];
  const all = [head, ...rows];
  const widths = head.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r: string[]) => "| " + r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ") + " |";
  return [line(head), "|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|", ...rows.map(line)].join("\n");
}

/** Python-declared questions: a new seed per job (the reference's jobs on the grading path), then cached seeds. */
async function mainPython(args: string[]): Promise<void> {
  const seconds = option(args, "seconds", 10);
  const concurrency = option(args, "concurrency", config().sandbox.concurrency);
  const questions: [string, CodeQuestion][] = [
    ["batch norm em Python", loadQuestion(QUESTION_DIR, parse(fs.readFileSync(PYTHON_BATCHNORM, "utf8")))],
    ["convolução em Python", loadQuestion(CONV_DIR)],
  ];
  const sandbox = new Sandbox({ concurrency });
  await sandbox.start();
  console.log(`python ${sandbox.python?.version} (numpy ${sandbox.python?.numpy}); ${concurrency} zygotes; ${os.cpus().length} núcleos`);
  const rows: Run[] = [];
  let fresh = 1_000_000;
  for (const [name, question] of questions) {
    const cases = (question.python?.fixed_cases.length ?? 0) + (question.python?.random_cases ?? 0);
    await drive("warm-up", sandbox, question, concurrency, { jobs: concurrency * 2 }, () => fresh++);
    rows.push(await drive(`${name}, seed novo por job (${cases} casos de referência + 1 job)`, sandbox, question, concurrency, { ms: seconds * 1000 }, () => fresh++));
    await drive("warm-up", sandbox, question, concurrency, { jobs: SEEDS.length });
    rows.push(await drive(`${name}, seeds com referência em cache`, sandbox, question, concurrency, { ms: seconds * 1000 }));
  }
  await sandbox.close();
  console.log(`\nSubmissões corretas de questões declaradas em Python, ${concurrency} jobs simultâneos:\n`);
  console.log(table(rows.map(row)));
  if (args.includes("--json")) console.log(JSON.stringify(rows.map((r) => ({ mode: r.mode, jobs: r.jobs, jobsPerSecond: r.jobs / r.seconds, p50: percentile(r.latencies, 50), p95: percentile(r.latencies, 95), p99: percentile(r.latencies, 99), wrong: r.wrong }))));
  if (rows.some((r) => r.wrong)) {
    console.error("ERRO: alguma submissão correta não recebeu nota 1");
    process.exitCode = 1;
  }
}

interface ModeFigures {
  jobs_per_s: number;
  p50_ms: number;
  p99_ms: number;
}

const figures = (r: Run): ModeFigures => ({
  jobs_per_s: round(r.jobs / r.seconds),
  p50_ms: round(percentile(r.latencies, 50)),
  p99_ms: round(percentile(r.latencies, 99)),
});
const round = (v: number) => Math.round(v * 10) / 10;

function merge(mode: string, runs: Run[]): Run {
  return {
    mode,
    jobs: runs.reduce((n, r) => n + r.jobs, 0),
    seconds: runs.reduce((n, r) => n + r.seconds, 0),
    latencies: runs.flatMap((r) => r.latencies).sort((a, b) => a - b),
    wrong: runs.reduce((n, r) => n + r.wrong, 0),
  };
}

/**
 * The physical limit (bench/fork-limit.py): fork of a warm numpy + batch-norm + pipe + wait, one loop per core (its
 * best: more loops than cores only lower it), whatever the sandbox's concurrency.
 */
function forkLimit(python: string, workers: number, seconds: number): number {
  const out = execFileSync(python, [path.join(import.meta.dirname, "fork-limit.py"), "--workers", String(workers), "--seconds", String(seconds)], { encoding: "utf8" });
  return round(JSON.parse(out.trim()).jobs_per_s);
}

/** Seeds graded per batch in the new-seed mode: their references are prepared first (as at variant assignment). */
const NEW_SEED_BATCH = 256;

export async function main(args: string[]): Promise<void> {
  if (args.includes("--python")) return mainPython(args);
  const json = args.includes("--json");
  const log = json ? () => {} : (...a: unknown[]) => console.log(...a);
  const seconds = option(args, "seconds", 10);
  const coldJobs = option(args, "cold-jobs", 40);
  const concurrency = option(args, "concurrency", config().sandbox.concurrency);
  const question = loadQuestion();
  const checker = checkerOf(question);
  const load = () => os.loadavg()[0].toFixed(1);
  const loadBefore = load();

  const warm = new Sandbox({ concurrency });
  await warm.start();
  log(`python ${warm.python?.version} (numpy ${warm.python?.numpy}) em ${warm.python?.executable}; ${concurrency} zygotes; ${os.cpus().length} núcleos; carga ${loadBefore}`);
  const t = performance.now();
  for (const seed of SEEDS) preparedCases(checker, seed);
  await drive("warm-up", warm, question, concurrency, { jobs: SEEDS.length * 2 });
  log(`aquecimento (referências tfjs de ${SEEDS.length} seeds + primeiros jobs): ${(performance.now() - t).toFixed(0)} ms`);
  const cached = await drive("quente, seeds em cache", warm, question, concurrency, { ms: seconds * 1000 });

  // a never-graded seed per job; its references are prepared when the variant is assigned (codeType.prepare),
  // in batches outside the timed window — that cost is reported separately
  const batches: Run[] = [];
  let fresh = 10_000_000;
  let assignMs = 0;
  let assigned = 0;
  const deadline = performance.now() + seconds * 1000;
  while (performance.now() < deadline) {
    const first = fresh;
    const ta = performance.now();
    for (let i = 0; i < NEW_SEED_BATCH; i++) preparedCases(checker, first + i);
    assignMs += performance.now() - ta;
    assigned += NEW_SEED_BATCH;
    fresh += NEW_SEED_BATCH;
    batches.push(await drive("", warm, question, concurrency, { jobs: NEW_SEED_BATCH, ms: deadline - performance.now() }, (n) => first + n));
  }
  const newSeed = merge("quente, seed novo por job", batches);
  await warm.close();

  const cold = new Sandbox({ concurrency, coldStart: true });
  const coldRun = await drive("cold start (bwrap+python por job)", cold, question, concurrency, { jobs: coldJobs });
  await cold.close();

  const forkLoops = os.availableParallelism();
  const limit = forkLimit(warm.python!.executable, forkLoops, Math.min(5, seconds / 2));
  const result = { warm_cached: figures(cached), warm_new_seed: figures(newSeed), cold: figures(coldRun), fork_limit_jobs_per_s: limit };
  const failed = cached.wrong || newSeed.wrong || coldRun.wrong;
  if (json) {
    console.log(JSON.stringify(result));
  } else {
    log(`\nSubmissões corretas de batch norm (7 casos cada), ${concurrency} jobs simultâneos; carga antes ${loadBefore}, depois ${load()}:\n`);
    log(table([row(cached), row(newSeed), row(coldRun)]));
    log(`\nreferências na atribuição da variante: ${(assignMs / assigned).toFixed(2)} ms por seed (${assigned} seeds)`);
    log(`limite físico (fork de numpy quente + batch norm + pipe + wait, ${forkLoops} em paralelo, um por núcleo): ${limit} jobs/s`);
    const ok = (b: boolean) => (b ? "ok" : "NÃO ATINGIDA");
    const r = result;
    log(
      `metas: seed novo ≥ 0,9× cache: ${ok(r.warm_new_seed.jobs_per_s >= 0.9 * r.warm_cached.jobs_per_s)}; ` +
        `seed novo ≥ 1/3 do limite: ${ok(r.warm_new_seed.jobs_per_s >= limit / 3)}; p99 ≤ 50 ms: ${ok(r.warm_new_seed.p99_ms <= 50 && r.warm_cached.p99_ms <= 50)}`,
    );
  }
  if (failed) {
    console.error("ERRO: alguma submissão correta não recebeu nota 1");
    process.exitCode = 1;
  }
}
