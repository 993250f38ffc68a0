import { afterAll, beforeAll, vi } from "vitest";
import pino from "pino";
import type PgBoss from "pg-boss";
import { openJobQueue, type QueueSettings } from "@/grader/jobs/pgboss";
import { closeGradingQueue } from "@/grader/jobs/queue";
import { Sandbox } from "@/grader/sandbox/pool";
import { setSharedSandbox } from "@/grader/types/code/grade";
import { startConsumer } from "@/grader/worker/consumer";
import { makeFixture, type Fixture } from "../assessments/fixture";
import { urlOfTestDatabase } from "../test-database";

export const TEST_QUEUE_SETTINGS: QueueSettings = { maxAttempts: 2, retryDelaySeconds: 1, expireInSeconds: 10 };

/**
 * Production mode in one test process: a grader's consumer (with its own sandbox) on the test database, and the web
 * side's settings (DATABASE_URL, GRADER_IN_PROCESS=0) so that its producer queue sends to it. Set up before the file's
 * tests, closed after; `fixture()` and `boss()` are valid inside tests.
 */
export function graderInProcess(): { fixture: () => Fixture; boss: () => PgBoss } {
  let f: Fixture | undefined;
  let boss: PgBoss | undefined;
  const sandbox = new Sandbox({ concurrency: 2 });
  beforeAll(async () => {
    f = await makeFixture();
    const url = urlOfTestDatabase(f.database)!;
    boss = await openJobQueue(url, { role: "worker", settings: TEST_QUEUE_SETTINGS, maintenanceIntervalSeconds: 1 });
    await sandbox.start();
    setSharedSandbox(sandbox);
    await startConsumer(boss, f.database.db, { concurrency: 1, settings: TEST_QUEUE_SETTINGS, log: pino({ level: "silent" }) });
    vi.stubEnv("DATABASE_URL", url);
    vi.stubEnv("GRADER_IN_PROCESS", "0");
  });
  afterAll(async () => {
    await closeGradingQueue();
    vi.unstubAllEnvs();
    setSharedSandbox(null);
    await boss?.stop({ graceful: false, wait: true });
    await sandbox.close();
    await f?.database.close();
  });
  return { fixture: () => f!, boss: () => boss! };
}
