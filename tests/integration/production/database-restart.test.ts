import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, execFile, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { inArray } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { OUTAGE_FLAP_MS } from "@/db/outage";
import { submissions } from "@/db/schema";
import { enqueueGrading, openJobQueue, type QueueSettings } from "@/grader/jobs/pgboss";
import { makeFixture, queueSubmission, type Fixture } from "../assessments/fixture";
import { testDatabaseUrl, urlOfTestDatabase } from "../test-database";

const onPostgres = Boolean(testDatabaseUrl());
const title = onPostgres
  ? "a PostgreSQL restart under a running grader process"
  : "a PostgreSQL restart under a running grader process — skipped: TEST_DATABASE_URL is not set (scripts/test.sh sets it in its PostgreSQL stage)";
if (!onPostgres) console.warn(`skipped: ${title}`);

const ROOT = path.resolve(import.meta.dirname, "../../..");
const postgres = (command: "restart" | "stop" | "start") => promisify(execFile)("bash", [path.join(ROOT, "scripts/postgres.sh"), command], { cwd: ROOT });
const settings: QueueSettings = { maxAttempts: 3, retryDelaySeconds: 1, expireInSeconds: 10 };

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!onPostgres)(title, () => {
  let f: Fixture;
  let producer: PgBoss;
  let grader: ChildProcess;
  let healthUrl: string;
  const lines: Record<string, unknown>[] = [];
  let exited: string | null = null;

  beforeAll(async () => {
    f = await makeFixture();
    const url = urlOfTestDatabase(f.database)!;
    producer = await openJobQueue(url, { role: "producer", settings });
    const port = await freePort();
    healthUrl = `http://127.0.0.1:${port}/health`;
    grader = spawn(process.execPath, ["--import", "tsx", "grader/worker/main.ts"], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: url,
        GRADER_HEALTH_PORT: String(port),
        GRADER_CONCURRENCY: "2",
        GRADER_JOB_TIMEOUT_SECONDS: String(settings.expireInSeconds),
        GRADER_RETRY_DELAY_SECONDS: String(settings.retryDelaySeconds),
        GRADER_MAINTENANCE_SECONDS: "1",
        LOG_LEVEL: "info",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let buffered = "";
    grader.stdout!.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const complete = buffered.split("\n");
      buffered = complete.pop()!;
      for (const line of complete) if (line.startsWith("{")) lines.push(JSON.parse(line) as Record<string, unknown>);
    });
    grader.stderr!.on("data", (chunk: Buffer) => process.stderr.write(chunk));
    grader.on("exit", (code, signal) => (exited = `exit ${code ?? signal}`));
    await until("the grader's health", async () => ((await fetch(healthUrl)).ok ? true : undefined), 60_000);
  });
  afterAll(async () => {
    if (grader && grader.exitCode === null) {
      grader.kill("SIGTERM");
      await new Promise((resolve) => grader.once("exit", resolve));
    }
    await producer?.stop({ graceful: false, wait: true });
    await f?.database.close();
  });

  const health = async () => {
    const response = await fetch(healthUrl);
    return { code: response.status, ...((await response.json()) as { status: string }) };
  };
  const unsettled = async (ids: string[]) =>
    (await f.database.db.select({ id: submissions.id, status: submissions.status }).from(submissions).where(inArray(submissions.id, ids))).filter(
      (r) => r.status === "queued" || r.status === "running",
    ).length;
  const gradeWrites = (id: string) => lines.filter((l) => l.msg === "grading finished" && l.outcome === "graded" && l.submissionId === id).length;

  it("a fast restart while it grades: the process lives on, every job taken before it is graded once, and it grades after", { timeout: 150_000 }, async () => {
    const before: string[] = [];
    for (let i = 0; i < 120; i++) before.push(await queueSubmission(f, (reference) => (i % 3 ? reference : "7")));
    for (const id of before) await enqueueGrading(producer, { submissionId: id });
    // restart as soon as grading is under way, so that jobs are taken, running and completing when the server goes
    await until("the first grade", async () => ((await unsettled(before)) < before.length ? true : undefined), 30_000);
    await postgres("restart");
    expect(await unsettled(before)).toBeGreaterThan(0);

    await until("every job taken before the restart to be graded", async () => ((await unsettled(before)) === 0 ? true : undefined), 60_000);
    expect(exited).toBeNull();
    await new Promise((r) => setTimeout(r, 500)); // the last log lines
    expect(before.filter((id) => gradeWrites(id) !== 1)).toEqual([]);

    const after = await queueSubmission(f, (reference) => reference);
    await enqueueGrading(producer, { submissionId: after });
    await until("a job sent after the restart to be graded", async () => ((await unsettled([after])) === 0 ? true : undefined), 30_000);
    await until("its log line", async () => (gradeWrites(after) > 0 ? true : undefined), 5_000);
    expect(gradeWrites(after)).toBe(1);
    expect(exited).toBeNull();
    expect((await health()).status).toBe("ok");
  });

  it("while the server is stopped its health says degraded, the outage is logged once, and it heals by itself", { timeout: 90_000 }, async () => {
    const outageLines = () => lines.filter((l) => l.msg === "database unavailable: retrying until it is back").length;
    // the previous test's restart ended just now: a failure within OUTAGE_FLAP_MS would continue that outage
    await new Promise((r) => setTimeout(r, OUTAGE_FLAP_MS));
    const logged = outageLines();
    await postgres("stop");
    try {
      const degraded = await until("a degraded health", async () => {
        const h = await health();
        return h.status === "degraded" ? h : undefined;
      }, 15_000);
      expect(degraded.code).toBe(503);
      await new Promise((r) => setTimeout(r, 2_000));
      expect(exited).toBeNull();
    } finally {
      await postgres("start");
    }
    await until("an ok health", async () => ((await health()).status === "ok" ? true : undefined), 30_000);
    expect(outageLines() - logged).toBe(1);
    const after = await queueSubmission(f, (reference) => reference);
    await enqueueGrading(producer, { submissionId: after });
    await until("a job sent after the outage to be graded", async () => ((await unsettled([after])) === 0 ? true : undefined), 30_000);
    expect(exited).toBeNull();
  });
});
