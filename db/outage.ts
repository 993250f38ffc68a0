import type { Logger } from "pino";
import { getLogger } from "@/platform/observability/logger";
import { processWide } from "@/platform/process-wide";

/**
 * A database that went away (restart, failover, network) is a state of the process, not a reason to exit: calls fail
 * with one of these errors until it is back. Everything else (a bug, bad data, a constraint) is not transient.
 */
const unavailableCodes = new Set([
  "57P01", // admin_shutdown: terminating connection due to administrator command (pg_ctl restart -m fast)
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now: the database system is starting up / shutting down
  "08000", // connection_exception
  "08001",
  "08003",
  "08004",
  "08006",
  "53300", // too_many_connections (a restart's reconnect storm)
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "EAI_AGAIN",
]);
const unavailableMessages =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (starting up|shutting down|not yet accepting connections|in recovery mode)|terminating connection due to administrator command|Query read timeout/i;

/** True when `error` (or what it wraps: drizzle's DrizzleQueryError, an AggregateError of connect attempts) says the database is away for now. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 5) return false;
  const { code, message, cause, errors } = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === "string" && unavailableCodes.has(code)) return true;
  if (typeof message === "string" && unavailableMessages.test(message)) return true;
  if (Array.isArray(errors) && errors.some((e) => isDatabaseUnavailable(e, depth + 1))) return true;
  return isDatabaseUnavailable(cause, depth + 1);
}

const codeOf = (error: unknown): string => {
  for (let e: unknown = error, i = 0; e && typeof e === "object" && i < 5; e = (e as { cause?: unknown }).cause, i++) {
    const { code } = e as { code?: unknown };
    if (typeof code === "string") return code;
  }
  return (error as Error)?.message ?? String(error);
};

export type DatabaseState = { status: "ok" } | { status: "degraded"; since: Date; failures: number };

/**
 * A failure this soon after the database came back continues the outage it ended: while a server shuts down or starts,
 * a new connection can get through between failures, and that is one outage, not several.
 */
export const OUTAGE_FLAP_MS = 1_000;

/**
 * The process's view of the database: `ok`, or `degraded` since the first failure of an outage. An outage is logged
 * when it starts and when it ends (with its duration), never once per failed query.
 */
export class DatabaseHealth {
  private downSince: number | null = null;
  private failures = 0;
  private lastOutage: { since: number; failures: number; endedAt: number } | null = null;
  private log: Logger | null = null;

  constructor(private readonly now: () => number = Date.now) {}

  /** The logger for the outage lines (default: the process-wide one). */
  useLogger(log: Logger): void {
    this.log = log;
  }

  private logger(): Logger {
    return (this.log ??= getLogger());
  }

  get state(): DatabaseState {
    return this.downSince === null ? { status: "ok" } : { status: "degraded", since: new Date(this.downSince), failures: this.failures };
  }

  /** Reports a failed database call from `source`; true when it is an outage (then counted, and logged only if it starts one). */
  failed(error: unknown, source: string): boolean {
    if (!isDatabaseUnavailable(error)) return false;
    this.failures++;
    if (this.downSince === null) {
      const resumed = this.lastOutage && this.now() - this.lastOutage.endedAt < OUTAGE_FLAP_MS ? this.lastOutage : null;
      if (resumed) {
        this.downSince = resumed.since;
        this.failures += resumed.failures;
      } else {
        this.downSince = this.now();
        this.logger().warn({ source, code: codeOf(error) }, "database unavailable: retrying until it is back");
      }
    }
    return true;
  }

  /** Reports a database call that worked: ends the outage, if there was one. */
  succeeded(source: string): void {
    if (this.downSince === null) return;
    const outageMs = this.now() - this.downSince;
    this.logger().info({ source, outageMs, failedCalls: this.failures }, "database available again");
    this.lastOutage = { since: this.downSince, failures: this.failures, endedAt: this.now() };
    this.downSince = null;
    this.failures = 0;
  }
}

/** The process-wide database state (pools, job queue, background loops and health endpoints share it). */
export function databaseHealth(): DatabaseHealth {
  return processWide("database-health", () => new DatabaseHealth());
}

export interface RetryOptions {
  /** give up (throw the last error) after this long without the database; default 60 s */
  budgetMs?: number;
  /** first pause; doubles up to `maxDelayMs` */
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** who is retrying, for the outage log */
  source: string;
  health?: DatabaseHealth;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt`, and while it fails because the database is away runs it again after a capped exponential back-off
 * (with jitter), within `budgetMs`. Any other error is thrown at once. `attempt` learns whether it is a retry (a
 * statement whose answer was lost may have been applied already).
 */
export async function retryWhileUnavailable<T>(attempt: (retry: boolean) => Promise<T>, options: RetryOptions): Promise<T> {
  const health = options.health ?? databaseHealth();
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const budget = options.budgetMs ?? 60_000;
  const maxDelay = options.maxDelayMs ?? 5_000;
  const started = now();
  let delay = options.firstDelayMs ?? 200;
  for (let tries = 0; ; tries++) {
    try {
      const result = await attempt(tries > 0);
      health.succeeded(options.source);
      return result;
    } catch (error) {
      if (!health.failed(error, options.source) || now() - started >= budget) throw error;
      await sleep(Math.min(delay, maxDelay) * (0.75 + Math.random() * 0.5));
      delay = Math.min(delay * 2, maxDelay);
    }
  }
}
