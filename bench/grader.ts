/**
 * Code-grader benchmark: correct batch-norm submissions graded end to end (gradeCode: sandbox job + comparison),
 * warm pool at full concurrency vs a cold start (one new bwrap + python per job).
 *
 *   npm run bench -- grader [--seconds 10] [--cold-jobs 40] [--concurrency N]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "yaml";
import { Sandbox } from "@/grader/sandbox/pool";
import { gradeCode, type CodeQuestion } from "@/grader/types/code/grade";
import { codeFields } from "@/grader/types/code/schema";
import { baseQuestionSchema } from "@/lib/questions/base";

const QUESTION_DIR = path.resolve(import.meta.dirname, "../question-bank/000-lista/xi-batchnorm-codigo");
const SEEDS = [0, 1, 2, 3, 4, 5, 6, 7];
const TARGETS = { jobsPerSecond: 100, p50: 25, p99: 100 };

function loadQuestion(): CodeQuestion {
  const raw = parse(fs.readFileSync(path.join(QUESTION_DIR, "question.yaml"), "utf8"));
  const read = (f: string) => fs.readFileSync(path.join(QUESTION_DIR, f), "utf8");
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
async function drive(mode: string, sandbox: Sandbox, question: CodeQuestion, inFlight: number, until: { ms?: number; jobs?: number }): Promise<Run> {
  const latencies: number[] = [];
  let wrong = 0;
  let started = 0;
  const t0 = performance.now();
  const more = () => (until.jobs === undefined || started < until.jobs) && (until.ms === undefined || performance.now() - t0 < until.ms);
  const worker = async () => {
    while (more()) {
      const seed = SEEDS[started++ % SEEDS.length];
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

export async function main(args: string[]): Promise<void> {
  const seconds = option(args, "seconds", 10);
  const coldJobs = option(args, "cold-jobs", 40);
  const concurrency = option(args, "concurrency", os.availableParallelism());
  const question = loadQuestion();

  const warm = new Sandbox({ concurrency });
  await warm.start();
  console.log(`python ${warm.python?.version} (numpy ${warm.python?.numpy}) em ${warm.python?.executable}; ${concurrency} zygotes; ${os.cpus().length} núcleos`);
  // warm-up: tfjs references for every seed computed once and cached; zygotes warm
  const t = performance.now();
  await drive("warm-up", warm, question, concurrency, { jobs: SEEDS.length * 2 });
  console.log(`aquecimento (referências tfjs de ${SEEDS.length} seeds + primeiros jobs): ${(performance.now() - t).toFixed(0)} ms`);

  const sustained = await drive("pool quente", warm, question, concurrency, { ms: seconds * 1000 });
  await warm.close();

  const cold = new Sandbox({ concurrency, coldStart: true });
  const coldRun = await drive("cold start (bwrap+python por job)", cold, question, concurrency, { jobs: coldJobs });
  await cold.close();

  console.log(`\nSubmissões corretas de batch norm (7 casos cada), ${concurrency} jobs simultâneos:\n`);
  console.log(table([row(sustained), row(coldRun)]));
  const rate = sustained.jobs / sustained.seconds;
  const p50 = percentile(sustained.latencies, 50);
  const p99 = percentile(sustained.latencies, 99);
  const ok = (b: boolean) => (b ? "ok" : "NÃO ATINGIDA");
  console.log(
    `\nmetas: ≥ ${TARGETS.jobsPerSecond} jobs/s: ${ok(rate >= TARGETS.jobsPerSecond)}; p50 ≤ ${TARGETS.p50} ms: ${ok(p50 <= TARGETS.p50)}; p99 ≤ ${TARGETS.p99} ms: ${ok(p99 <= TARGETS.p99)}` +
      `; speed-up sobre cold start: ${(rate / (coldRun.jobs / coldRun.seconds)).toFixed(1)}×`,
  );
  if (sustained.wrong || coldRun.wrong) {
    console.error("ERRO: alguma submissão correta não recebeu nota 1");
    process.exitCode = 1;
  }
}
