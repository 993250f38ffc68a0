import { createServer, type Server } from "node:http";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { ConsumerStats } from "./consumer";

/** GET /health: 200 with this worker's counters when the database answers, 503 while stopping or when it does not. */
export function startHealthServer(port: number, db: Db, state: { stats: ConsumerStats; stopping: boolean }): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.method !== "GET" || request.url?.split("?")[0] !== "/health") {
      response.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "not found" }));
      return;
    }
    const reply = (status: number, body: object) =>
      response.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify({ ...body, ...state.stats, uptimeSeconds: Math.round(process.uptime()) }));
    if (state.stopping) return reply(503, { status: "stopping" });
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("database timeout")), 2000).unref());
    Promise.race([db.execute(sql`select 1`), timeout]).then(
      () => reply(200, { status: "ok" }),
      (error: Error) => reply(503, { status: "database unavailable", error: error.message }),
    );
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, process.env.GRADER_HEALTH_HOST ?? "127.0.0.1", () => resolve(server));
  });
}
