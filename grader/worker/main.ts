import os from "node:os";
/**
 * `npm run grader`: a grading worker process for production mode. Run any number of them, on any machines that reach
 * the PostgreSQL server of DATABASE_URL. Environment: GRADER_CONCURRENCY (default: cores), GRADER_HEALTH_PORT
 * (GET /health), GRADER_MAX_ATTEMPTS, GRADER_RETRY_DELAY_SECONDS, GRADER_JOB_TIMEOUT_SECONDS,
 * GRADER_SHUTDOWN_GRACE_MS, LOG_LEVEL.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { openDatabase, type Database } from "@/db/client";
import { databaseHealth } from "@/db/outage";
import { defaultQueueSettings, openJobQueue } from "@/grader/jobs/pgboss";
import { createLogger } from "@/platform/observability/logger";
import { startConsumer } from "./consumer";
import { startHealthServer } from "./health";
import { assertStartable, type Config } from "@/platform/config";

/** A bad or impossible configuration ends the process here, with the message and no stack trace (exit 2). */
function startableOrExit(): Config {
  try {
    return assertStartable("grader");
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
}

const startable = startableOrExit();
// before any sandbox starts: its zygotes inherit the priority, and their cgroups weigh what it gives (cgroup.ts)
if (startable.grader.nice) os.setPriority(startable.grader.nice);
const log = createLogger("grader");
databaseHealth().useLogger(log);

/**
 * The last line of defence: a rejected promise nobody awaits (a library's background statement) must not end the
 * process while the database is merely away; it is part of the outage. Anything else is a bug: log it and exit, for
 * the supervisor to restart the process.
 */
process.on("unhandledRejection", (reason) => {
  if (databaseHealth().failed(reason, "unhandled rejection")) return;
  log.fatal({ err: reason }, "unhandled rejection");
  process.exit(1);
});

async function openWithRetries(url: string): Promise<Database> {
  for (let attempt = 1; ; attempt++) {
    try {
      const database = await openDatabase({ url });
      databaseHealth().succeeded("grader start");
      return database;
    } catch (error) {
      // a database still starting (or restarting) is waited for with a capped back-off; several workers starting
      // together on a new database race to migrate it: the losers try again
      const away = databaseHealth().failed(error, "grader start");
      if (!away && attempt >= 5) throw error;
      if (!away) log.warn({ err: error, attempt }, "database not ready, retrying");
      await sleep(Math.min(1000 * attempt, 10_000));
    }
  }
}

async function main(): Promise<void> {
  const url = startable.database.url!;
  const settings = defaultQueueSettings();
  const { concurrency } = startable.grader;
  const database = await openWithRetries(url);
  const boss = await openJobQueue(url, { role: "worker", settings, onError: (error) => log.error({ err: error }, "job queue error") });
  const stats = await startConsumer(boss, database.db, { concurrency, settings, log });
  const state = { stats, stopping: false };
  const { healthPort } = startable.grader;
  const health = healthPort ? await startHealthServer(healthPort, database.db, state) : null;
  log.info({ owner: stats.owner, concurrency, healthPort: healthPort || null, settings }, "grader started");

  const shutdown = async (signal: string) => {
    if (state.stopping) {
      log.warn({ signal }, "second signal: exiting now");
      process.exit(1);
    }
    state.stopping = true;
    const graceMs = startable.grader.shutdownGraceMs;
    log.info({ signal, active: stats.active, graceMs }, "shutting down: finishing running jobs");
    // running jobs finish within the grace time; the rest are given back to the queue (failed → retried elsewhere)
    await boss.stop({ graceful: true, wait: true, timeout: graceMs });
    health?.close();
    await database.close();
    log.info({ graded: stats.graded }, "grader stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  log.fatal({ err: error }, "grader failed to start");
  process.exit(1);
});
