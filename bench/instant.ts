/**
 * Unloaded instant answers through HTTP, production mode: the production build (`next start`) on the embedded
 * database (PGlite) and on PostgreSQL. N students are enrolled in a published exam of instant questions and signed
 * in through next-auth's credentials endpoint beforehand; then the answers are sent one at a time, each one a
 * student's first answer to an item (their own variant, a new idempotency key, about a quarter wrong), consecutive
 * requests from different students. Only the answer POST is timed.
 *
 *   npm run bench -- instant [--students 200] [--db both|pglite|postgres] [--warmup 40] [--no-build] [--port 3500] [--cpu-prof DIR] [--json]
 *
 * Target (issue #17): p50 ≤ 5 ms per database. In the same run, for scale: GET /api/health (one `select 1`) as many
 * times, the floor of a request through Next.js on this machine, and the web process's CPU per request of each kind.
 * --cpu-prof DIR runs the server under `node --cpu-prof` (its profile is written to DIR when it stops; the profiler
 * slows it down, so those latencies are not the figures).
 */
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "@/db/client";
import { run } from "./command";
import { processTime, TICKS_PER_SECOND } from "./cpu-accounting";
import { CookieJar, cpuProfDirOf, freshBenchDatabase, nearestRank, nextStartArgs, OUT_DIR, PASSWORD, percentiles, pool, ROOT, seedCourse, service, signal, waitFor } from "./exam";

/** the instant types of the exam bench: architecture count, multiple choice, symbolic, matrix */
export const INSTANT = [
  { question: "lista-i-d-lenet5-parametros", code: false },
  { question: "lista-i-e-lenet5-onde-estao-parametros", code: false },
  { question: "lista-xi-batchnorm-derivada-f3", code: false },
  { question: "cnn-en-max-pooling-4x4", code: false },
] as const;

const TARGET_P50_MS = 5;

type Kind = "pglite" | "postgres";

interface Options {
  students: number;
  warmup: number;
  databases: Kind[];
  build: boolean;
  port: number;
  /** a folder for the web server's V8 CPU profile (node --cpu-prof), or null */
  cpuProfDir: string | null;
  json: boolean;
}

function parseOptions(args: string[]): Options {
  const value = (name: string, fallback: number) => {
    const i = args.indexOf(`--${name}`);
    const v = i >= 0 ? Number(args[i + 1]) : NaN;
    return Number.isFinite(v) && v >= 0 ? v : fallback;
  };
  const dbAt = args.indexOf("--db");
  const db = dbAt >= 0 ? args[dbAt + 1] : "both";
  return {
    students: Math.max(1, Math.floor(value("students", 200))),
    warmup: Math.floor(value("warmup", 40)),
    databases: db === "pglite" ? ["pglite"] : db === "postgres" ? ["postgres"] : ["pglite", "postgres"],
    build: !args.includes("--no-build"),
    port: value("port", 3500),
    cpuProfDir: cpuProfDirOf(args),
    json: args.includes("--json"),
  };
}

/** what a browser sends with its fetch from our pages (proxy.ts skips such API requests) */
const SAME_ORIGIN = { "sec-fetch-site": "same-origin" };

async function signIn(base: string, email: string): Promise<CookieJar> {
  const jar = new CookieJar();
  const csrf = await fetch(`${base}/api/auth/csrf`, { headers: SAME_ORIGIN });
  jar.store(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const signin = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { ...SAME_ORIGIN, "content-type": "application/x-www-form-urlencoded", cookie: jar.header() },
    body: new URLSearchParams({ csrfToken, email, password: PASSWORD, callbackUrl: base, json: "true" }),
  });
  jar.store(signin);
  await signin.arrayBuffer();
  if (!jar.has("next-auth.session-token")) throw new Error(`sign-in of ${email} failed (${signin.status})`);
  return jar;
}

interface Run {
  database: Kind;
  requests: number;
  statuses: Record<string, number>;
  latencyMs: { p50: number | null; p95: number | null; p99: number | null; max: number | null; mean: number };
  /** the question page (server-rendered HTML), one view per student before answering */
  questionPageMs: { n: number; p50: number | null; p95: number | null };
  /** GET /api/health (one `select 1`) as many times as there were answers, after them: Next's own floor on this machine in this run */
  healthMs: { p50: number | null; p95: number | null };
  /** the web process's CPU (user + system) per request of each kind, from /proc: what each costs the server */
  serverCpuMsPerRequest: { signIn: number; questionPage: number; answer: number; health: number };
  targetP50Ms: number;
  met: boolean;
}

/** The q-th percentile to 0.01 ms, or null without values. */
function precise(values: number[], q: number): number | null {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? Number(nearestRank(sorted, q)!.toFixed(2)) : null;
}

/** Seeds, starts `next start` on it, signs everyone in, then times the answers one by one. */
async function benchOne(kind: Kind, options: Options, env: NodeJS.ProcessEnv, say: (t: string) => void): Promise<Run> {
  const base = `http://127.0.0.1:${options.port}`;
  const total = options.students + options.warmup;
  let serverEnv: NodeJS.ProcessEnv;
  let seeded: Awaited<ReturnType<typeof seedCourse>>;
  if (kind === "pglite") {
    // PGlite is one process's: seed it, close it, then the server opens the same directory
    const dataDir = path.join(OUT_DIR, "instant-pglite");
    rmSync(dataDir, { recursive: true, force: true });
    const database = await openDatabase({ dataDir });
    seeded = await seedCourse(database.db, total, INSTANT);
    await database.close();
    serverEnv = { ...env, PGLITE_DIR: dataDir, DATABASE_URL: "" };
  } else {
    const url = await freshBenchDatabase(await run("bash", ["scripts/postgres.sh"]));
    const database = await openDatabase({ url });
    seeded = await seedCourse(database.db, total, INSTANT);
    await database.close();
    serverEnv = { ...env, DATABASE_URL: url, GRADER_IN_PROCESS: "0" };
  }
  say(`${kind}: seeded ${total} students; next start on ${base}`);
  const web = service(`instant-${kind}`, process.execPath, nextStartArgs(options.port, options.cpuProfDir ? path.join(options.cpuProfDir, kind) : null), { ...serverEnv, NEXTAUTH_URL: base });
  try {
    await waitFor(`${base}/api/health`, 90_000);
    const cpuMs = () => ((processTime(web.pid!)?.own ?? NaN) * 1000) / TICKS_PER_SECOND;
    const perRequest = (startMs: number, n: number) => Number(((cpuMs() - startMs) / Math.max(1, n)).toFixed(2));
    let cpuAt = cpuMs();
    const jars = await pool(seeded.students, 2, (s) => signIn(base, s.email));
    const signInCpu = perRequest(cpuAt, seeded.students.length);
    cpuAt = cpuMs();
    // the question page of the first item, once per student (the warm-up students' views not counted)
    const pageTimes: number[] = [];
    for (const [i, s] of seeded.students.entries()) {
      const started = performance.now();
      const page = await fetch(`${base}/courses/${seeded.courseId}/assessments/${seeded.assessmentId}/questions/${s.answers[0]!.itemId}`, { headers: { cookie: jars[i]!.header() } });
      await page.arrayBuffer();
      if (i >= options.warmup && page.status === 200) pageTimes.push(performance.now() - started);
    }
    const pageCpu = perRequest(cpuAt, seeded.students.length);
    // item-major order: consecutive answers come from different students
    const sends = INSTANT.flatMap((_, k) => seeded.students.map((s, i) => ({ jar: jars[i]!, answer: s.answers[k]!, warm: i < options.warmup })));
    const times: number[] = [];
    const statuses: Record<string, number> = {};
    cpuAt = cpuMs();
    for (const send of sends) {
      const body = JSON.stringify({ answer: send.answer.answer, idempotencyKey: randomUUID() });
      const started = performance.now();
      const response = await fetch(`${base}/api/courses/${seeded.courseId}/items/${send.answer.itemId}/submissions`, {
        method: "POST",
        headers: { ...SAME_ORIGIN, "content-type": "application/json", cookie: send.jar.header() },
        body,
      });
      await response.arrayBuffer();
      const ms = performance.now() - started;
      if (send.warm) continue;
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      if (response.status === 201) times.push(ms);
    }
    const answerCpu = perRequest(cpuAt, sends.length);
    const healthTimes: number[] = [];
    cpuAt = cpuMs();
    for (let i = 0; i < sends.length; i++) {
      const started = performance.now();
      const health = await fetch(`${base}/api/health`, { headers: SAME_ORIGIN });
      await health.arrayBuffer();
      healthTimes.push(performance.now() - started);
    }
    const healthCpu = perRequest(cpuAt, sends.length);
    const p = percentiles(times);
    const mean = times.length ? Number((times.reduce((a, b) => a + b, 0) / times.length).toFixed(2)) : 0;
    const latencyMs = { p50: precise(times, 50), p95: precise(times, 95), p99: precise(times, 99), max: p.max, mean };
    const page = percentiles(pageTimes);
    return {
      database: kind,
      requests: times.length,
      statuses,
      latencyMs,
      questionPageMs: { n: page.n, p50: page.p50, p95: page.p95 },
      healthMs: { p50: precise(healthTimes, 50), p95: precise(healthTimes, 95) },
      serverCpuMsPerRequest: { signIn: signInCpu, questionPage: pageCpu, answer: answerCpu, health: healthCpu },
      targetP50Ms: TARGET_P50_MS,
      met: latencyMs.p50 !== null && latencyMs.p50 <= TARGET_P50_MS && Object.keys(statuses).every((s) => s === "201"),
    };
  } finally {
    signal(web, "SIGTERM");
    // the profiler writes its file as the process exits
    await new Promise((r) => setTimeout(r, options.cpuProfDir ? 5000 : 1000));
    signal(web, "SIGKILL");
  }
}

export async function main(args: string[]): Promise<void> {
  const options = parseOptions(args);
  mkdirSync(OUT_DIR, { recursive: true });
  const say = (text: string) => {
    if (!options.json) console.log(`[instant] ${text}`);
  };
  if (options.build) {
    say("production build (flock /tmp/next-build.lock npx next build)");
    await run("flock", ["/tmp/next-build.lock", "npx", "next", "build"], { env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  }
  const secretFile = path.join(ROOT, ".data", "auth-secret");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? (existsSync(secretFile) ? readFileSync(secretFile, "utf8") : randomUUID()),
    LOG_LEVEL: "warn",
  };
  const runs: Run[] = [];
  for (const kind of options.databases) runs.push(await benchOne(kind, options, env, say));
  const report = { when: new Date().toISOString(), options, machine: { cores: os.availableParallelism(), node: process.version, loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))) }, runs };
  if (options.json) {
    console.log(JSON.stringify(report));
    return;
  }
  console.log(`\nunloaded instant answers through HTTP (next start), ${options.students} students × ${INSTANT.length} questions, sequential; load average ${report.machine.loadAverage.join(" ")}`);
  console.log("| database | answers | statuses | p50 ms | p95 ms | p99 ms | max ms | target p50 ≤ 5 ms | question page p50/p95 ms | GET /api/health p50/p95 ms (the floor) |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const r of runs) {
    const statuses = Object.entries(r.statuses).map(([s, n]) => `${s}×${n}`).join(" ");
    console.log(`| ${r.database} | ${r.requests} | ${statuses} | ${r.latencyMs.p50} | ${r.latencyMs.p95} | ${r.latencyMs.p99} | ${r.latencyMs.max} | ${r.met ? "met" : "not met"} | ${r.questionPageMs.p50} / ${r.questionPageMs.p95} | ${r.healthMs.p50} / ${r.healthMs.p95} |`);
  }
  console.log("\nthe web process's CPU per request (ms, user + system, from /proc):\n| database | sign-in (csrf + credentials) | question page | answer | GET /api/health |\n| --- | --- | --- | --- | --- |");
  for (const r of runs) console.log(`| ${r.database} | ${r.serverCpuMsPerRequest.signIn} | ${r.serverCpuMsPerRequest.questionPage} | ${r.serverCpuMsPerRequest.answer} | ${r.serverCpuMsPerRequest.health} |`);
}
