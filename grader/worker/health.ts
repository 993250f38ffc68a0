import { createServer, type Server } from "node:http";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { databaseHealth } from "@/db/outage";
import type { ConsumerStats } from "./consumer";
import { config } from "@/platform/config";

/** Asks the database for `select 1` within 2 s, reporting the answer to the process's outage state. */
export async function probeDatabase(db: Db, source: string): Promise<{ ok: true } | { ok: false; error: string }> {
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("database timeout")), 2000).unref());
  try {
    await Promise.race([db.execute(sql`select 1`), timeout]);
    databaseHealth().succeeded(source);
    return { ok: true };
  } catch (error) {
    // a timeout is an outage too (a server that does not answer)
    databaseHealth().failed((error as Error).message === "database timeout" ? Object.assign(error as Error, { code: "ETIMEDOUT" }) : error, source);
    return { ok: false, error: (error as Error).message };
  }
}

/**
 * GET /health: 200 `ok` with this worker's counters when the database answers; 503 `degraded` while it does not (the
 * process is alive and will resume by itself: a supervisor must not restart it for that), 503 `stopping` on shutdown.
 */
export function startHealthServer(port: number, db: Db, state: { stats: ConsumerStats; stopping: boolean }): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.method !== "GET" || request.url?.split("?")[0] !== "/health") {
      response.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "not found" }));
      return;
    }
    const reply = (status: number, body: object) =>
      response.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify({ ...body, ...state.stats, uptimeSeconds: Math.round(process.uptime()) }));
    if (state.stopping) return reply(503, { status: "stopping" });
    void probeDatabase(db, "grader health").then((probe) => {
      if (probe.ok) return reply(200, { status: "ok", database: "ok" });
      const outage = databaseHealth().state;
      reply(503, { status: "degraded", database: "unavailable", error: probe.error, ...(outage.status === "degraded" ? { since: outage.since.toISOString() } : {}) });
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, config().grader.healthHost, () => resolve(server));
  });
}
