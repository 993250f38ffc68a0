/**
 * Exam rush on loopback, production mode: the production build (`next start`) on PostgreSQL with separate grader
 * processes. N students sign in through next-auth's credentials endpoint and, within about a minute, answer an exam
 * of instant questions and code questions. Then an audit: every accepted submission has exactly one stored grade.
 *
 *   npm run bench -- exam [--students 500] [--graders 2] [--grader-concurrency 1] [--grader-nice 10] [--ramp 15] [--kill-grader] [--restart-db [--restart-at 10]] [--no-build] [--port 3200] [--web 2] [--peer REV | --no-peer] [--cpu-prof DIR] [--json]
 *
 * --peer REV (default 71c189f, the code issue #17 measured as "today's"): first the same rush (students, graders,
 * ramp, --kill-grader) by REV's own exam bench in a worktree of it (bench/peer.ts); the requests-per-second target is
 * twice the peer's from this run. --no-peer: the target is twice the README's 83.2 from another machine and day.
 *
 * --web N (N > 1): the rush runs twice, each on a fresh database: once on one web process, once on N web processes
 * (ports --port+1 …) behind Debian's nginx on --port (started with its own configuration in a temporary folder), all
 * on the one PostgreSQL; a closing table marks the issue #17 targets met or not. Grader health ports: --port+11 ….
 *
 * --kill-grader: SIGKILL one grader process while it grades; its jobs come back after their expiry (20 s here).
 * --restart-db: a fast restart of the PostgreSQL server (`pg_ctl restart -m fast`) --restart-at seconds into the rush.
 * The simulated students behave like the answer form: a 502/503/504 or a lost connection is sent again with the same
 * idempotency key (lib/http/retry-fetch.ts). The audit also checks: no 500, every stored submission accepted by some
 * answer, every idempotency key's answers naming the submission stored under it, graders alive at the end, and the
 * longest stop of grading within GRADING_STOP_BOUND_SECONDS.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { chmodSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { and, eq, sql } from "drizzle-orm";
import pg from "pg";
import { openDatabase, rowsOf, type Db } from "@/db/client";
import { syncBank } from "@/lib/questions/bank-sync";
import { assessmentItemQuestions, assessmentItems, assessments, courses, enrolments, submissions, users } from "@/db/schema";
import { makeVariant, referenceAnswer } from "@/grader/grade";
import { fetchRetrying } from "@/lib/http/retry-fetch";
import { loadItemContext } from "@/lib/assessments/context";
import { hashPassword } from "@/lib/auth/password";
import { loadBank } from "@/question-bank/load";
import { cpuSecondsByGroup, cpuSnapshot } from "./cpu-accounting";
import { run } from "./command";
import { send as sendHttp } from "./http-client";
import { ISSUE_17_BASELINE, peerRush, rushTargets } from "./peer";

export const ROOT = path.resolve(import.meta.dirname, "..");
export const OUT_DIR = path.join(ROOT, ".data", "bench");
export const PASSWORD = "bench-exam-password";
const BENCH_DB = "forja_bench";
/** the exam: instant types first, then the code questions */
const EXAM = [
  { question: "lista-i-d-lenet5-parametros", code: false },
  { question: "lista-i-e-lenet5-onde-estao-parametros", code: false },
  { question: "lista-xi-batchnorm-derivada-f3", code: false },
  { question: "cnn-en-max-pooling-4x4", code: false },
  { question: "inf721-max-pooling-codigo", code: true },
  { question: "xi-batchnorm-codigo", code: true },
];

interface Options {
  students: number;
  graders: number;
  rampSeconds: number;
  killGrader: boolean;
  restartDb: boolean;
  restartAtSeconds: number;
  build: boolean;
  port: number;
  /** web processes: with more than 1 the bench runs the rush twice, on 1 web process and on N behind nginx */
  web: number;
  /** code jobs at once per grader process (GRADER_CONCURRENCY and FORJA_SANDBOX_CONCURRENCY) */
  graderConcurrency: number;
  /** the graders' GRADER_NICE */
  graderNice: number;
  /** a folder for the web and grader processes' V8 CPU profiles (node --cpu-prof), or null */
  cpuProfDir: string | null;
  /** the commit whose own rush runs first for the ratio target, or null (--no-peer) */
  peer: string | null;
  json: boolean;
}

function parseOptions(args: string[]): Options {
  const value = (name: string, fallback: number) => {
    const i = args.indexOf(`--${name}`);
    const v = i >= 0 ? Number(args[i + 1]) : NaN;
    return Number.isFinite(v) && v > 0 ? v : fallback;
  };
  return {
    students: Math.floor(value("students", 500)),
    graders: Math.floor(value("graders", 2)),
    rampSeconds: value("ramp", 15),
    killGrader: args.includes("--kill-grader"),
    restartDb: args.includes("--restart-db"),
    restartAtSeconds: value("restart-at", 10),
    build: !args.includes("--no-build"),
    port: value("port", 3200),
    web: Math.floor(value("web", 1)),
    graderConcurrency: Math.floor(value("grader-concurrency", GRADERS_ON_THE_WEB_MACHINE.concurrency)),
    graderNice: args.includes("--grader-nice") ? Math.max(0, Math.min(19, Math.floor(Number(args[args.indexOf("--grader-nice") + 1]) || 0))) : GRADERS_ON_THE_WEB_MACHINE.nice,
    cpuProfDir: cpuProfDirOf(args),
    peer: args.includes("--no-peer") ? null : args.includes("--peer") ? (args[args.indexOf("--peer") + 1] ?? ISSUE_17_BASELINE) : ISSUE_17_BASELINE,
    json: args.includes("--json"),
  };
}

// ---------- processes ----------

/** `--cpu-prof DIR`: the folder for V8 CPU profiles, or null. */
export const cpuProfDirOf = (args: string[]): string | null => (args.includes("--cpu-prof") ? path.resolve(args[args.indexOf("--cpu-prof") + 1] ?? ".data/bench/cpu-prof") : null);

/** node running `next start` itself (not through npx, which a profiler would profile instead), under --cpu-prof into `profileDir` if given. */
export function nextStartArgs(port: number, profileDir: string | null): string[] {
  const profiled = profileDir ? ["--cpu-prof", "--cpu-prof-dir", profileDir] : [];
  return [...profiled, path.join(ROOT, "node_modules", "next", "dist", "bin", "next"), "start", "-H", "127.0.0.1", "-p", String(port)];
}


/** A long-running service, its output in a log file; its own process group so that it can be killed whole. */
export function service(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const log = createWriteStream(path.join(OUT_DIR, `${name}.log`));
  const child = spawn(command, args, { cwd: ROOT, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  return child;
}

export function signal(child: ChildProcess, sig: NodeJS.Signals) {
  if (child.pid && child.exitCode === null) {
    try {
      process.kill(-child.pid, sig);
    } catch {
      /* already gone */
    }
  }
}

export async function waitFor(url: string, timeoutMs: number, accept = (r: Response) => r.ok): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (accept(await fetch(url))) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`${url} did not come up`);
    await sleep(250);
  }
}

// ---------- database ----------

export async function freshBenchDatabase(serverUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(`drop database if exists ${BENCH_DB} with (force)`);
  await client.query(`create database ${BENCH_DB}`);
  await client.end();
  const url = new URL(serverUrl);
  url.pathname = `/${BENCH_DB}`;
  return url.toString();
}

export interface Student {
  email: string;
  userId: string;
  /** per exam item: the item id, the answer this student will send */
  answers: { itemId: string; code: boolean; answer: string }[];
}

export const pool = async <T, R>(items: T[], size: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> => {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i]!, i);
      }
    }),
  );
  return results;
};

/** A wrong answer that still reads (a mistake graded 0, not a 422): code that fails when it runs, another number; other types stay right. */
function wrong(answer: string, code: boolean): string {
  if (code) return `${answer}\nraise RuntimeError("esqueci de terminar")\n`;
  const n = Number(answer);
  return Number.isFinite(n) ? String(n + 3) : answer;
}

/** The bench course: N students enrolled in a published exam of EXAM, their variants drawn (as when they open it). */
export async function seedCourse(db: Db, n: number, questions: readonly { question: string; code: boolean }[] = EXAM, who = "aluno"): Promise<{ courseId: string; assessmentId: string; students: Student[] }> {
  const bank = loadBank().questions;
  await syncBank(db, bank);
  const known = new Set(bank.map((q) => q.id));
  const exam = questions.filter((e) => known.has(e.question));
  const [course] = await db.insert(courses).values({ slug: `bench-${Date.now()}`, title: "Bench: prova" }).returning();
  const now = Date.now();
  const [assessment] = await db
    .insert(assessments)
    .values({ courseId: course!.id, slug: "prova", title: "Prova (bench)", kind: "exam", opensAt: new Date(now - 3_600_000), closesAt: new Date(now + 86_400_000), attemptsAllowed: 3, published: true })
    .returning();
  const itemIds: string[] = [];
  for (const [index, item] of exam.entries()) {
    const [row] = await db.insert(assessmentItems).values({ assessmentId: assessment!.id, position: index + 1 }).returning();
    await db.insert(assessmentItemQuestions).values({ itemId: row!.id, questionId: item.question });
    itemIds.push(row!.id);
  }
  const passwordHash = await hashPassword(PASSWORD);
  const people = await db
    .insert(users)
    .values(Array.from({ length: n }, (_, i) => ({ email: `${who}-${String(i + 1).padStart(4, "0")}@bench.forja.dev`, name: `${who} ${i + 1}`, passwordHash })))
    .returning({ id: users.id, email: users.email });
  await db.insert(enrolments).values(people.map((p) => ({ courseId: course!.id, userId: p.id, role: "student" as const })));
  const students = await pool(people, 8, async (person, i) => {
    const answers = [];
    for (const [k, item] of exam.entries()) {
      const context = (await loadItemContext(db, course!.id, itemIds[k]!, person.id))!;
      const right = await referenceAnswer(context.question, makeVariant(context.question, context.variant.seed));
      // about a quarter of the answers are wrong, deterministically per student and item
      const answer = (i * 7 + k * 3) % 4 === 0 ? wrong(right, item.code) : right;
      answers.push({ itemId: itemIds[k]!, code: item.code, answer });
    }
    return { email: person.email, userId: person.id, answers };
  });
  return { courseId: course!.id, assessmentId: assessment!.id, students };
}

// ---------- the simulated students ----------

export class CookieJar {
  private cookies = new Map<string, string>();
  store(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair!.indexOf("=");
      this.cookies.set(pair!.slice(0, at).trim(), pair!.slice(at + 1).trim());
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  has(name: string) {
    return this.cookies.has(name);
  }
}

/**
 * How the bench runs its graders, which share the machine with the web processes, PostgreSQL and the load
 * generator: one code job at a time each (the configuration's default, 2 per core, is for a grading machine of its
 * own) and at nice 10 (GRADER_NICE), so that the answers get the CPU first and the grades follow a little later.
 */
const GRADERS_ON_THE_WEB_MACHINE = { concurrency: 1, nice: 10 };

/** Students of another course who take the exam before the rush, so that the web and grader processes are warm. */
const WARM_UP_STUDENTS = 20;

/** Grading may stop (a killed grader's jobs wait for their expiry, a database restart) for at most this long. */
const GRADING_STOP_BOUND_SECONDS = 30;

interface Sample {
  kind: "csrf" | "signin" | "instant" | "code";
  ms: number;
  status: number;
  submissionId?: string;
  /** a resend of the same request (after a 503 or a lost connection) */
  retry?: boolean;
}

/** What the students saw: accepted submission ids (→ code?) and, per idempotency key, the ids its answers named. */
interface Seen {
  accepted: Map<string, boolean>;
  keys: Map<string, { userId: string; ids: Set<string> }>;
}

/** One request as the answer form sends it: each send is a sample; a 502/503/504 or a lost connection is sent again. */
async function sentLikeTheForm(kind: Sample["kind"], samples: Sample[], request: () => Promise<Response>): Promise<{ response: Response | null; last: Sample }> {
  let sends = 0;
  let last: Sample = { kind, ms: 0, status: 0 };
  const response = await fetchRetrying(async () => {
    const started = performance.now();
    last = { kind, ms: 0, status: 0, retry: sends++ > 0 };
    samples.push(last);
    try {
      const answer = await request();
      last.status = answer.status;
      return answer;
    } finally {
      last.ms = performance.now() - started;
    }
  }).catch(() => null);
  return { response, last };
}

async function student(base: string, courseId: string, who: Student, thinkMs: number[], samples: Sample[], seen: Seen): Promise<void> {
  const jar = new CookieJar();
  const { response: csrf } = await sentLikeTheForm("csrf", samples, () => sendHttp(`${base}/api/auth/csrf`));
  if (!csrf?.ok) return;
  jar.store(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  // a sign-in that met the restart (no session cookie) is tried again, as a person would, a few times
  for (let tries = 1; !jar.has("next-auth.session-token"); tries++) {
    const { response: signin, last } = await sentLikeTheForm("signin", samples, () =>
      sendHttp(`${base}/api/auth/callback/credentials`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header() },
        body: new URLSearchParams({ csrfToken, email: who.email, password: PASSWORD, callbackUrl: base, json: "true" }).toString(),
      }),
    );
    if (tries > 1) last.retry = true;
    if (signin) {
      jar.store(signin);
      await signin.arrayBuffer();
    }
    if (jar.has("next-auth.session-token")) break;
    last.status = 401;
    if (tries >= 5) return;
    await sleep(2_000);
  }
  for (const [k, item] of who.answers.entries()) {
    await sleep(thinkMs[k]!); // reading the question
    const key = randomUUID();
    const sent = { userId: who.userId, ids: new Set<string>() };
    seen.keys.set(key, sent);
    const send = async () => {
      const { response, last } = await sentLikeTheForm(item.code ? "code" : "instant", samples, () =>
        sendHttp(`${base}/api/courses/${courseId}/items/${item.itemId}/submissions`, {
          method: "POST",
          headers: { "content-type": "application/json", cookie: jar.header(), "x-request-id": `bench-${key}` },
          body: JSON.stringify({ answer: item.answer, idempotencyKey: key }),
        }),
      );
      const body = (await response?.json().catch(() => ({}))) as { id?: string } | undefined;
      if (response && (response.status === 201 || response.status === 200) && body?.id) {
        last.submissionId = body.id;
        seen.accepted.set(body.id, item.code);
        sent.ids.add(body.id);
      }
    };
    await send();
    // a double click now and then: the same idempotency key must give the same submission back
    if (k === 0 && who.email.endsWith("0@bench.forja.dev")) await send();
  }
}

/**
 * When each student arrives (evenly over the ramp) and how long they read each question (0.3–1.5 s), drawn before
 * the rush so that the bench can say what load it offers at most: every request it will send (CSRF, sign-in, one
 * per answer, the double clicks) over the time the last student would take with a server that answers at once.
 */
function offeredLoad(students: Student[], rampSeconds: number) {
  const startMs = students.map((_, i) => (i / students.length) * rampSeconds * 1000);
  const thinkMs = students.map((who) => who.answers.map(() => 300 + Math.random() * 1200));
  const requests = students.reduce((sum, who) => sum + 2 + who.answers.length + (who.email.endsWith("0@bench.forja.dev") ? 1 : 0), 0);
  const minimumMs = Math.max(...students.map((_, i) => startMs[i]! + thinkMs[i]!.reduce((a, b) => a + b, 0)));
  return { startMs, thinkMs, requests, minimumSeconds: Number((minimumMs / 1000).toFixed(1)), ceilingRequestsPerSecond: Number((requests / (minimumMs / 1000)).toFixed(1)) };
}

// ---------- figures ----------

const PASS = "PASS: every accepted submission stored once and graded once, no 500, graders alive, grading resumed in time";

/** The nearest-rank p-th percentile of values sorted in ascending order (undefined without values). */
export const nearestRank = (sorted: number[], p: number): number | undefined => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

export function percentiles(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => (sorted.length ? Math.round(nearestRank(sorted, p)!) : null);
  return { n: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: sorted.length ? Math.round(sorted.at(-1)!) : null };
}

async function settle(db: Db, courseId: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await db.execute(sql`
      select count(*)::int as n from ${submissions} s join ${assessmentItems} i on i.id = s.item_id join ${assessments} a on a.id = i.assessment_id
       where a.course_id = ${courseId} and s.status in ('queued', 'running')`).then((r) => rowsOf<{ n: number }>(r));
    if (row!.n === 0 || Date.now() > deadline) return row!.n;
    await sleep(500);
  }
}

/** Per submission id, how many times a grader stored a result (from the graders' JSON logs). */
function gradeWritesFromLogs(graders: number): Map<string, number> {
  const writes = new Map<string, number>();
  for (let g = 1; g <= graders; g++) {
    const file = path.join(OUT_DIR, `grader-${g}.log`);
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, "utf8").split("\n")) {
      if (!line.startsWith("{")) continue;
      const entry = JSON.parse(line) as { msg?: string; outcome?: string; submissionId?: string };
      if (entry.msg === "grading finished" && entry.outcome === "graded" && entry.submissionId) writes.set(entry.submissionId, (writes.get(entry.submissionId) ?? 0) + 1);
    }
  }
  return writes;
}

/** One rush on a fresh database with `web` web processes (more than one: behind nginx on --port, webs on the next ports). */
async function rushOnce(options: Options, web: number, say: (text: string) => void) {
  const base = `http://127.0.0.1:${options.port}`;
  const healthPort = (g: number) => options.port + 10 + g;

  say("PostgreSQL (scripts/postgres.sh)");
  const serverUrl = await run("bash", ["scripts/postgres.sh"]);
  const url = await freshBenchDatabase(serverUrl);
  const database = await openDatabase({ url });
  const { db } = database;
  const seedStarted = Date.now();
  const { courseId, students } = await seedCourse(db, options.students);
  const warmUp = await seedCourse(db, WARM_UP_STUDENTS, EXAM, "aquecimento");
  const codeItems = students[0]?.answers.filter((a) => a.code).length ?? 0;
  say(`seeded ${students.length} students, ${students[0]?.answers.length ?? 0} questions (${codeItems} code) in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s`);

  const secretFile = path.join(ROOT, ".data", "auth-secret");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: url,
    GRADER_IN_PROCESS: "0",
    NEXTAUTH_URL: base,
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? (existsSync(secretFile) ? readFileSync(secretFile, "utf8") : randomUUID()),
    LOG_LEVEL: "info",
    GRADER_JOB_TIMEOUT_SECONDS: "20",
    GRADER_MAINTENANCE_SECONDS: "5",
    // every simulated student signs in from 127.0.0.1: the per-address sign-in throttle (30 password checks in
    // flight or failed per 15 min) would refuse the class as it would a class behind one NAT address
    SIGNIN_MAX_FAILURES_PER_IP: "100000",
  };
  // the graders share the web's machine: one code job at a time each, at a lower CPU priority (README)
  const graderEnv: Record<string, string> = { GRADER_CONCURRENCY: String(options.graderConcurrency), FORJA_SANDBOX_CONCURRENCY: String(options.graderConcurrency), GRADER_NICE: String(options.graderNice) };
  const children: ChildProcess[] = [];
  const graders: ChildProcess[] = [];
  /** for the CPU accounting: each service's process group */
  const groupOfChild = new Map<ChildProcess, string>();
  try {
    const webPorts = web > 1 ? Array.from({ length: web }, (_, w) => options.port + 1 + w) : [options.port];
    say(`${web} next start on ${webPorts.join(", ")}${web > 1 ? ` behind nginx on ${options.port}` : ""}, ${options.graders} grader processes`);
    const profileDir = (name: string) => (options.cpuProfDir ? path.join(options.cpuProfDir, name) : null);
    for (const [w, port] of webPorts.entries()) {
      const name = web > 1 ? `web-${w + 1}` : "web";
      children.push(service(name, process.execPath, nextStartArgs(port, profileDir(name)), env));
      groupOfChild.set(children.at(-1)!, "web");
    }
    if (web > 1) {
      children.push(startNginx(options.port, webPorts));
      groupOfChild.set(children.at(-1)!, "nginx");
    }
    for (const port of webPorts) await waitFor(`http://127.0.0.1:${port}/api/health`, 90_000);
    await waitFor(`${base}/api/health`, 30_000);
    for (let g = 1; g <= options.graders; g++) {
      const grader = service(`grader-${g}`, process.execPath, [...(options.cpuProfDir ? ["--cpu-prof", "--cpu-prof-dir", profileDir(`grader-${g}`)!] : []), "--import", "tsx", "grader/worker/main.ts"], { ...env, ...graderEnv, FORJA_SERVICE: "grader", GRADER_HEALTH_PORT: String(healthPort(g)) });
      graders.push(grader);
      children.push(grader);
      groupOfChild.set(grader, "graders and their sandboxes");
    }
    for (let g = 1; g <= options.graders; g++) await waitFor(`http://127.0.0.1:${healthPort(g)}/health`, 60_000);

    // a server that has been up: other students of another course take the same exam first (not counted)
    const warmStarted = performance.now();
    await pool(warmUp.students, 10, (who) => student(base, warmUp.courseId, who, who.answers.map(() => 0), [], { accepted: new Map(), keys: new Map() }));
    await settle(db, warmUp.courseId, 60_000);
    say(`warm-up: ${WARM_UP_STUDENTS} students of another course took the exam in ${((performance.now() - warmStarted) / 1000).toFixed(1)} s (not counted)`);

    const samples: Sample[] = [];
    const seen: Seen = { accepted: new Map(), keys: new Map() };
    const accepted = seen.accepted;
    let killedAt: number | null = null;
    let restartedAt: number | null = null;
    let restartMs: number | null = null;
    const rushStarted = performance.now();
    const cpuBefore = cpuSnapshot();
    const killer = options.killGrader
      ? (async () => {
          // kill grader 1 while it is grading: from the middle of the ramp, as soon as it has a job (20 s later at the latest)
          await sleep((options.rampSeconds / 2) * 1000);
          const deadline = Date.now() + 20_000;
          while (Date.now() < deadline) {
            const health = (await fetch(`http://127.0.0.1:${healthPort(1)}/health`).then((r) => r.json()).catch(() => null)) as { active?: number } | null;
            if ((health?.active ?? 0) > 0) break;
            await sleep(10);
          }
          signal(graders[0]!, "SIGKILL");
          killedAt = (performance.now() - rushStarted) / 1000;
          say(`SIGKILL grader-1 at ${killedAt.toFixed(1)} s`);
        })()
      : Promise.resolve();
    const restarter = options.restartDb
      ? (async () => {
          await sleep(options.restartAtSeconds * 1000);
          restartedAt = (performance.now() - rushStarted) / 1000;
          const started = performance.now();
          await run("bash", ["scripts/postgres.sh", "restart"]);
          restartMs = Math.round(performance.now() - started);
          say(`PostgreSQL fast restart at ${restartedAt.toFixed(1)} s (pg_ctl restart -m fast: ${restartMs} ms)`);
        })()
      : Promise.resolve();
    const plan = offeredLoad(students, options.rampSeconds);
    say(`the students can offer at most ${plan.ceilingRequestsPerSecond} req/s (${plan.requests} requests in ${plan.minimumSeconds} s with a server that answers at once)`);
    await Promise.all(
      students.map(async (who, i) => {
        await sleep(plan.startMs[i]!);
        await student(base, courseId, who, plan.thinkMs[i]!, samples, seen);
      }),
    );
    const rushSeconds = (performance.now() - rushStarted) / 1000;
    const cpuAfter = cpuSnapshot();
    const roots = new Map<number, string>([[process.pid, "load generator"]]);
    for (const [child, group] of groupOfChild) if (child.pid) roots.set(child.pid, group);
    const cpuSeconds = cpuSecondsByGroup(cpuBefore, cpuAfter, roots, (name) => (name === "postgres" ? "PostgreSQL" : null), new Set([process.pid]));
    await killer;
    await restarter;
    say(`rush over in ${rushSeconds.toFixed(1)} s; waiting for the graders`);
    const unsettled = await settle(db, courseId, 180_000);

    // ---------- audit ----------
    const rows = await db
      .select({ id: submissions.id, status: submissions.status, score: submissions.score, feedback: submissions.feedback, submittedAt: submissions.submittedAt, gradedAt: submissions.gradedAt, jobAttempts: submissions.jobAttempts })
      .from(submissions)
      .innerJoin(assessmentItems, eq(assessmentItems.id, submissions.itemId))
      .innerJoin(assessments, and(eq(assessments.id, assessmentItems.assessmentId), eq(assessments.courseId, courseId)));
    const byId = new Map(rows.map((r) => [r.id, r]));
    const acceptedIds = [...accepted.keys()];
    const storedByKey = new Map(
      rowsOf<{ key: string; id: string; user_id: string }>(
        await db.execute(sql`select s.idempotency_key as key, s.id, s.user_id from ${submissions} s join ${assessmentItems} i on i.id = s.item_id join ${assessments} a on a.id = i.assessment_id where a.course_id = ${courseId}`),
      ).map((r) => [`${r.user_id}:${r.key}`, r.id]),
    );
    const gradersAlive = await Promise.all(
      graders.map(async (child, g) => ({
        grader: g + 1,
        alive: child.exitCode === null && child.signalCode === null,
        health: ((await fetch(`http://127.0.0.1:${healthPort(g + 1)}/health`).then((r) => r.json()).catch(() => null)) as { status?: string } | null)?.status ?? null,
      })),
    );
    const writes = gradeWritesFromLogs(options.graders);
    const codeIds = acceptedIds.filter((id) => accepted.get(id));
    const jobs = await db.execute(sql`select state, count(*)::int as n, sum(case when retry_count > 0 then 1 else 0 end)::int as retried from pgboss.job where name = 'grade-submission' group by state`);
    const audit = {
      accepted: acceptedIds.length,
      stored: rows.length,
      missing: acceptedIds.filter((id) => !byId.has(id)).length,
      notAccepted: rows.filter((r) => !accepted.has(r.id)).length,
      stillQueuedOrRunning: unsettled,
      withoutGrade: rows.filter((r) => !(r.status === "graded" || r.status === "pending_manual")).length,
      deadLettered: rows.filter((r) => r.status === "error").length,
      codeSubmissions: codeIds.length,
      codeGradeWrites: codeIds.reduce((sum, id) => sum + (writes.get(id) ?? 0), 0),
      codeWithoutWrite: codeIds.filter((id) => (writes.get(id) ?? 0) === 0).length,
      codeWithSeveralWrites: codeIds.filter((id) => (writes.get(id) ?? 0) > 1).length,
      codeRetried: codeIds.filter((id) => (byId.get(id)?.jobAttempts ?? 0) > 1).length,
      // every id an answer named for a key is the submission stored under that key
      idempotencyMismatches: [...seen.keys].filter(([key, sent]) => [...sent.ids].some((id) => storedByKey.get(`${sent.userId}:${key}`) !== id)).length,
      gradersAlive,
      jobs: rowsOf(jobs),
    };
    const statuses: Record<string, number> = {};
    for (const s of samples) statuses[`${s.kind}:${s.status}`] = (statuses[`${s.kind}:${s.status}`] ?? 0) + 1;
    const ok = (s: Sample) => s.status >= 200 && s.status < 300;
    const codeResult = codeIds.map((id) => byId.get(id)!).filter((r) => r?.gradedAt).map((r) => r.gradedAt!.getTime() - r.submittedAt.getTime());
    // how long grading stopped: the longest time in which code submissions waited and none was graded
    const gradedTimes = rows.filter((r) => r.gradedAt && accepted.get(r.id)).map((r) => r.gradedAt!.getTime()).sort((a, b) => a - b);
    const waiting = (from: number, to: number) => rows.some((r) => accepted.get(r.id) && r.submittedAt.getTime() < from && (r.gradedAt?.getTime() ?? Infinity) > to);
    let gradingStoppedMs = 0;
    for (let i = 1; i < gradedTimes.length; i++) {
      const gap = gradedTimes[i]! - gradedTimes[i - 1]!;
      if (gap > gradingStoppedMs && waiting(gradedTimes[i - 1]!, gradedTimes[i]!)) gradingStoppedMs = gap;
    }
    const count = (test: (s: Sample) => boolean) => samples.filter(test).length;
    const report = {
      when: new Date().toISOString(),
      options,
      web,
      machine: { cores: os.availableParallelism(), node: process.version, loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))) },
      rushSeconds: Number(rushSeconds.toFixed(1)),
      /** CPU seconds per group of processes during the rush, and what the machine's cores could give in that time */
      cpu: { seconds: cpuSeconds, total: Number(Object.values(cpuSeconds).reduce((a, b) => a + b, 0).toFixed(1)), capacity: Number((os.availableParallelism() * rushSeconds).toFixed(1)) },
      requests: samples.length,
      requestsPerSecond: Number((samples.length / rushSeconds).toFixed(1)),
      /** what the load generator could offer at most (a server answering in no time): above the target, or the target cannot be met */
      offeredCeilingRequestsPerSecond: plan.ceilingRequestsPerSecond,
      errors: samples.filter((s) => !ok(s)).length,
      statuses,
      latencyMs: {
        csrf: percentiles(samples.filter((s) => s.kind === "csrf" && ok(s)).map((s) => s.ms)),
        signIn: percentiles(samples.filter((s) => s.kind === "signin" && ok(s)).map((s) => s.ms)),
        instantSubmission: percentiles(samples.filter((s) => s.kind === "instant" && ok(s)).map((s) => s.ms)),
        codeSubmissionHttp: percentiles(samples.filter((s) => s.kind === "code" && ok(s)).map((s) => s.ms)),
        codeResultSubmitToGraded: percentiles(codeResult),
      },
      killedGraderAtSeconds: killedAt,
      restartedDatabaseAtSeconds: restartedAt,
      restartCommandMs: restartMs,
      responses500: count((s) => s.status >= 500 && s.status !== 502 && s.status !== 503 && s.status !== 504),
      responses503: count((s) => s.status === 503),
      connectionFailures: count((s) => s.status === 0),
      retriedRequests: count((s) => Boolean(s.retry)),
      gradingStoppedSeconds: Number((gradingStoppedMs / 1000).toFixed(1)),
      gradingStopBoundSeconds: GRADING_STOP_BOUND_SECONDS,
      audit,
      verdict: "",
    };
    const gradersOk = gradersAlive.every((g) => (options.killGrader && g.grader === 1) || (g.alive && g.health === "ok"));
    report.verdict =
      audit.missing === 0 &&
      audit.notAccepted === 0 &&
      audit.stillQueuedOrRunning === 0 &&
      audit.withoutGrade === 0 &&
      audit.codeWithoutWrite === 0 &&
      audit.codeWithSeveralWrites === 0 &&
      audit.idempotencyMismatches === 0 &&
      report.responses500 === 0 &&
      gradersOk &&
      report.gradingStoppedSeconds <= GRADING_STOP_BOUND_SECONDS
        ? PASS
        : "FAIL";
    const mode = `${web > 1 ? `web${web}-` : ""}${options.killGrader ? "kill-" : options.restartDb ? "restart-db-" : ""}`;
    const file = path.join(OUT_DIR, `exam-${mode}${report.when.replace(/[:.]/g, "-")}.json`);
    writeFileSync(file, JSON.stringify(report, null, 2));
    say(`report: ${path.relative(ROOT, file)}; logs: ${path.relative(ROOT, OUT_DIR)}/{web*,grader-N,nginx}.log`);
    return report;
  } finally {
    for (const child of children) signal(child, "SIGTERM");
    // the profiler writes its file as the process exits
    await sleep(options.cpuProfDir ? 5000 : 1500);
    for (const child of children) signal(child, "SIGKILL");
    await database.close();
  }
}

/** nginx from Debian with its own configuration in a temporary folder (no system service): round robin, keep-alive. */
function startNginx(port: number, webPorts: number[]): ChildProcess {
  const dir = mkdtempSync(path.join(os.tmpdir(), "forja-nginx-"));
  chmodSync(dir, 0o755);
  const conf = `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream forja { ${webPorts.map((p) => `server 127.0.0.1:${p};`).join(" ")} keepalive 64; }
  server {
    listen 127.0.0.1:${port};
    client_max_body_size 1m;
    location / {
      proxy_pass http://forja;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_read_timeout 60s;
      proxy_next_upstream off;
    }
  }
}
`;
  writeFileSync(path.join(dir, "nginx.conf"), conf);
  return service("nginx", "nginx", ["-p", dir, "-c", path.join(dir, "nginx.conf"), "-g", "daemon off;"], process.env);
}

type Report = Awaited<ReturnType<typeof rushOnce>>;

export async function main(args: string[]): Promise<void> {
  const options = parseOptions(args);
  mkdirSync(OUT_DIR, { recursive: true });
  const say = (text: string) => (options.json ? console.error(`[exam] ${text}`) : console.log(`[exam] ${text}`));
  if (options.build) {
    say("production build (flock /tmp/next-build.lock npx next build)");
    await run("flock", ["/tmp/next-build.lock", "npx", "next", "build"], { env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  }
  const peer = options.peer ? await peerRush(ROOT, options.peer, options, say) : null;
  if (peer) say(`peer ${peer.commit.slice(0, 7)}: ${peer.requestsPerSecond} req/s, instant p95 ${peer.instantSubmission.p95} ms, ${peer.verdict.slice(0, 4)}`);
  const targets = rushTargets(peer);
  const reports: Report[] = [];
  for (const web of options.web > 1 ? [1, options.web] : [1]) reports.push(await rushOnce(options, web, say));
  const rows = reports.map((r) => ({
    web: r.web,
    requestsPerSecond: r.requestsPerSecond,
    instantP95Ms: r.latencyMs.instantSubmission.p95,
    verdict: r.verdict,
    met: {
      requestsPerSecond: r.requestsPerSecond >= targets.requestsPerSecond,
      instantP95: (r.latencyMs.instantSubmission.p95 ?? Infinity) <= targets.instantP95Ms,
      audit: r.verdict === PASS,
    },
  }));
  if (options.json) console.log(JSON.stringify({ targets, peer, rows, reports }));
  else {
    for (const r of reports) console.log(JSON.stringify(r, null, 2));
    const mark = (ok: boolean) => (ok ? "met" : "not met");
    console.log(`\nexam rush, ${options.students} students, ${options.graders} graders, ramp ${options.rampSeconds} s; load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
    console.log(`| web processes | req/s (target ≥ ${targets.requestsPerSecond}: ${targets.basis}) | offered at most, req/s | instant p50/p95/p99 ms (target p95 ≤ 1,000) | audit (zero lost/duplicated) |\n| --- | --- | --- | --- | --- |`);
    if (peer) {
      const l = peer.instantSubmission;
      console.log(`| the peer, ${peer.commit.slice(0, 7)} (1) | ${peer.requestsPerSecond} | | ${l.p50} / ${l.p95} / ${l.p99} | ${peer.verdict.slice(0, 4)} |`);
    }
    for (const [i, row] of rows.entries()) {
      const l = reports[i]!.latencyMs.instantSubmission;
      console.log(`| ${row.web}${row.web > 1 ? " (nginx)" : ""} | ${row.requestsPerSecond}: ${mark(row.met.requestsPerSecond)} | ${reports[i]!.offeredCeilingRequestsPerSecond} | ${l.p50} / ${l.p95} / ${l.p99}: ${mark(row.met.instantP95)} | ${row.verdict === PASS ? "PASS" : "FAIL"}: ${mark(row.met.audit)} |`);
    }
    console.log("\nwhere the cores went during the rush (CPU seconds, from /proc):");
    for (const r of reports) console.log(`- ${r.web} web: ${Object.entries(r.cpu.seconds).map(([group, s]) => `${group} ${s}`).join(", ")}; total ${r.cpu.total} of ${r.cpu.capacity} (cores × rush seconds)`);
  }
  if (reports.some((r) => r.verdict !== PASS)) process.exitCode = 1;
}
