import os from "node:os";
import { z } from "zod";
import { parseRange } from "@/platform/client-address";

/**
 * Every environment variable Forja reads, parsed and validated in this one module (the README's "Configuration"
 * table lists the same names; tests/unit/config.test.ts checks both ways). Nothing else reads `process.env` (an ESLint
 * rule enforces it). `config()` throws a ConfigError naming each bad variable; `assertStartable()` is called first
 * thing by the web server and by `npm run grader`, so an impossible combination stops the process at start with a
 * clear message instead of, say, code answers left `queued` forever.
 */

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v));
const int = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);
const positive = (fallback: number) => z.coerce.number().positive().default(fallback);
const flag = (fallback: "0" | "1") => z.enum(["0", "1"]).default(fallback);
const url = z.string().url().optional().or(z.literal("").transform(() => undefined));

const schema = z.object({
  // runtime
  NODE_ENV: optionalText,
  FORJA_ENV: optionalText,
  FORJA_SERVICE: z.string().default("web"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  // database
  DATABASE_URL: optionalText,
  DATABASE_POOL_SIZE: int(10, 1),
  PGLITE_DIR: optionalText,
  FORJA_MIGRATIONS_DIR: optionalText,
  // web and accounts
  NEXTAUTH_URL: url,
  NEXTAUTH_SECRET: optionalText,
  SMTP_URL: url,
  MAIL_FROM: z.string().min(3).default("Forja <no-reply@forja.local>"),
  INVITE_TTL_HOURS: positive(7 * 24),
  RESET_TTL_HOURS: positive(2),
  DEMO_PASSWORD: z.string().min(1).default("forja-demo"),
  AUTH_GITHUB_ID: optionalText,
  AUTH_GITHUB_SECRET: optionalText,
  AUTH_GOOGLE_ID: optionalText,
  AUTH_GOOGLE_SECRET: optionalText,
  SIGNIN_MAX_FAILURES_PER_EMAIL: int(5, 1),
  SIGNIN_MAX_FAILURES_PER_IP: int(30, 1),
  SIGNIN_WINDOW_MINUTES: positive(15),
  SUBMISSION_RATE_PER_MINUTE: int(30),
  TRUSTED_PROXIES: z.string().default(""),
  FORJA_TEST_CLOCK_FILE: optionalText,
  // grading
  GRADER_IN_PROCESS: flag("1"),
  GRADER_CONCURRENCY: int(0),
  GRADER_NICE: int(0).refine((n) => n <= 19, "must be a nice value from 0 to 19"),
  GRADER_LEASE_MS: int(60_000, 1),
  GRADER_IDLE_MS: int(1_000, 1),
  GRADER_MAX_ATTEMPTS: int(3, 1),
  GRADER_RETRY_DELAY_SECONDS: int(5),
  GRADER_JOB_TIMEOUT_SECONDS: int(120, 1),
  GRADER_MAINTENANCE_SECONDS: int(15, 1),
  GRADER_SHUTDOWN_GRACE_MS: int(25_000),
  GRADER_HEALTH_PORT: int(0).refine((p) => p <= 65_535, "must be a TCP port"),
  GRADER_HEALTH_HOST: z.string().default("127.0.0.1"),
  FORJA_SANDBOX_CONCURRENCY: int(0),
  FORJA_SANDBOX_CGROUPS: flag("1"),
  FORJA_PYTHON: optionalText,
  ALLOW_UNSANDBOXED_DEV: flag("0"),
  // LTI
  LTI_STATE_TTL_SECONDS: int(600, 1),
  LTI_CLOCK_SKEW_SECONDS: int(60),
  LTI_SCORES: flag("1"),
  LTI_SCORE_TICK_SECONDS: positive(10),
  LTI_SCORE_MAX_ATTEMPTS: int(8, 1),
  LTI_SCORE_RETRY_SECONDS: positive(30),
  // the question bank and the course material
  FORJA_ROOT: optionalText,
  FORJA_BANK_DIR: optionalText,
  FORJA_SEEDS_DIR: optionalText,
  FORJA_DATA_DIR: optionalText,
});

export type RawConfig = z.infer<typeof schema>;
/** The names of every variable read (the README's Configuration table must list each one). */
export const CONFIG_VARIABLES = Object.keys(schema.shape) as (keyof RawConfig)[];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`configuração inválida / invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

/** Combinations that cannot work, each said as what to change. */
function impossible(c: RawConfig): string[] {
  const problems: string[] = [];
  const production = c.FORJA_ENV === "production";
  if (c.GRADER_IN_PROCESS === "0" && !c.DATABASE_URL) {
    problems.push(
      "GRADER_IN_PROCESS=0 needs DATABASE_URL: separate grader processes (`npm run grader`) share jobs through PostgreSQL; " +
        "without it code answers would stay queued forever. Set DATABASE_URL or unset GRADER_IN_PROCESS.",
    );
  }
  if (production && c.FORJA_TEST_CLOCK_FILE) problems.push("FORJA_TEST_CLOCK_FILE is for end-to-end tests only, not with FORJA_ENV=production");
  if (production && c.ALLOW_UNSANDBOXED_DEV === "1") problems.push("ALLOW_UNSANDBOXED_DEV=1 runs students' code without a sandbox: never with FORJA_ENV=production");
  for (const [id, secret, name] of [
    [c.AUTH_GITHUB_ID, c.AUTH_GITHUB_SECRET, "AUTH_GITHUB"],
    [c.AUTH_GOOGLE_ID, c.AUTH_GOOGLE_SECRET, "AUTH_GOOGLE"],
  ] as const) {
    if (Boolean(id) !== Boolean(secret)) problems.push(`${name}_ID and ${name}_SECRET go together: set both or neither`);
  }
  for (const range of c.TRUSTED_PROXIES.split(",").map((s) => s.trim()).filter(Boolean)) {
    try {
      parseRange(range);
    } catch {
      problems.push(`TRUSTED_PROXIES: "${range}" is not an IP address or CIDR range`);
    }
  }
  return problems;
}

export interface Config {
  raw: RawConfig;
  production: boolean;
  database: { url: string | undefined; poolSize: number; pgliteDir: string | undefined; migrationsDir: string | undefined };
  /** "embedded": the web process grades code itself; "pg-boss": separate grader processes on PostgreSQL */
  queue: "embedded" | "pg-boss";
  grader: {
    concurrency: number;
    /** the grader process's CPU priority (nice), inherited by its sandboxes, whose cgroups weigh the same */
    nice: number;
    leaseMs: number;
    idleMs: number;
    maxAttempts: number;
    retryDelaySeconds: number;
    jobTimeoutSeconds: number;
    maintenanceSeconds: number;
    shutdownGraceMs: number;
    healthPort: number;
    healthHost: string;
  };
  sandbox: { concurrency: number; cgroups: boolean; python: string | undefined; allowUnsandboxed: boolean };
  signIn: { windowMinutes: number; maxFailuresPerEmail: number; maxFailuresPerIp: number };
  submissionRatePerMinute: number;
  oauth: { github?: { clientId: string; clientSecret: string }; google?: { clientId: string; clientSecret: string } };
}

/**
 * Code jobs run at once per core by default. Half of a job's time is hand-offs (supervisor, zygote, job process,
 * pipes, this process), so one job per core left the cores idle a third of the time: `npm run bench -- grader` did
 * ~240 jobs/s with 2 jobs on 2 cores and ~300 with 4, at p99 under 30 ms.
 */
export const CODE_JOBS_PER_CORE = 2;

function build(raw: RawConfig): Config {
  const cores = os.availableParallelism();
  const codeJobs = cores * CODE_JOBS_PER_CORE;
  return {
    raw,
    production: raw.FORJA_ENV === "production",
    database: { url: raw.DATABASE_URL, poolSize: raw.DATABASE_POOL_SIZE, pgliteDir: raw.PGLITE_DIR, migrationsDir: raw.FORJA_MIGRATIONS_DIR },
    queue: raw.GRADER_IN_PROCESS === "0" && raw.DATABASE_URL ? "pg-boss" : "embedded",
    grader: {
      concurrency: raw.GRADER_CONCURRENCY || codeJobs,
      nice: raw.GRADER_NICE,
      leaseMs: raw.GRADER_LEASE_MS,
      idleMs: raw.GRADER_IDLE_MS,
      maxAttempts: raw.GRADER_MAX_ATTEMPTS,
      retryDelaySeconds: raw.GRADER_RETRY_DELAY_SECONDS,
      jobTimeoutSeconds: raw.GRADER_JOB_TIMEOUT_SECONDS,
      maintenanceSeconds: raw.GRADER_MAINTENANCE_SECONDS,
      shutdownGraceMs: raw.GRADER_SHUTDOWN_GRACE_MS,
      healthPort: raw.GRADER_HEALTH_PORT,
      healthHost: raw.GRADER_HEALTH_HOST,
    },
    sandbox: {
      concurrency: raw.FORJA_SANDBOX_CONCURRENCY || codeJobs,
      cgroups: raw.FORJA_SANDBOX_CGROUPS === "1",
      python: raw.FORJA_PYTHON,
      allowUnsandboxed: raw.ALLOW_UNSANDBOXED_DEV === "1",
    },
    signIn: { windowMinutes: raw.SIGNIN_WINDOW_MINUTES, maxFailuresPerEmail: raw.SIGNIN_MAX_FAILURES_PER_EMAIL, maxFailuresPerIp: raw.SIGNIN_MAX_FAILURES_PER_IP },
    submissionRatePerMinute: raw.SUBMISSION_RATE_PER_MINUTE,
    oauth: {
      ...(raw.AUTH_GITHUB_ID && raw.AUTH_GITHUB_SECRET ? { github: { clientId: raw.AUTH_GITHUB_ID, clientSecret: raw.AUTH_GITHUB_SECRET } } : {}),
      ...(raw.AUTH_GOOGLE_ID && raw.AUTH_GOOGLE_SECRET ? { google: { clientId: raw.AUTH_GOOGLE_ID, clientSecret: raw.AUTH_GOOGLE_SECRET } } : {}),
    },
  };
}

/** Only the variables of the schema: a parse per distinct set of values (tests change process.env between calls). */
function fingerprint(env: NodeJS.ProcessEnv): string {
  return CONFIG_VARIABLES.map((k) => env[k] ?? "\u0000").join("\u0001");
}

const cache = new Map<string, Config>();

/** The parsed configuration of `env` (default: the process's). Throws ConfigError for a bad value or combination. */
export function config(env: NodeJS.ProcessEnv = process.env): Config {
  const key = fingerprint(env);
  const hit = cache.get(key);
  if (hit) return hit;
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message} (got ${JSON.stringify(env[String(i.path[0])] ?? null)})`));
  const problems = impossible(parsed.data);
  if (problems.length) throw new ConfigError(problems);
  const built = build(parsed.data);
  if (cache.size > 32) cache.clear();
  cache.set(key, built);
  return built;
}

/**
 * Called first by every long-running process (the web server's instrumentation, `npm run grader`): a bad value or an
 * impossible combination ends it at start with the message, before it serves anything. `role` adds what that
 * process needs (a grader process needs PostgreSQL).
 */
export function assertStartable(role: "web" | "grader", env: NodeJS.ProcessEnv = process.env): Config {
  const c = config(env);
  if (role === "grader" && !c.database.url) {
    throw new ConfigError(["DATABASE_URL is not set: grader processes (`npm run grader`) need PostgreSQL (start a local one with `npm run db:postgres`)"]);
  }
  return c;
}

/** The operating system's search path for programs (bwrap, python3): not Forja's configuration, read here all the same. */
export function systemPath(): string | undefined {
  return process.env.PATH;
}

/** Settings of the web edge (client addresses, clocks). */
export interface EdgeConfig {
  trustedProxies: ReturnType<typeof parseRange>[];
  testClockFile: string | null;
}

export function edgeConfig(env: NodeJS.ProcessEnv = process.env): EdgeConfig {
  const { raw } = config(env);
  return {
    trustedProxies: raw.TRUSTED_PROXIES.split(",").map((s) => s.trim()).filter(Boolean).map(parseRange),
    testClockFile: raw.FORJA_TEST_CLOCK_FILE ?? null,
  };
}
