import { sql } from "drizzle-orm";
import { getDatabase } from "@/db/client";
import { databaseHealth } from "@/db/outage";
import { OUTAGE_RETRY_AFTER_SECONDS } from "@/lib/http/outage";

export const dynamic = "force-dynamic";

/** 200 `ok` when the database answers; 503 `degraded` while it is away (the process is fine and heals by itself). */
export async function GET() {
  try {
    const database = await getDatabase();
    await database.db.execute(sql`select 1`);
    databaseHealth().succeeded("web health");
    return Response.json({ status: "ok", database: database.kind }, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    const away = databaseHealth().failed(error, "web health");
    const outage = databaseHealth().state;
    return Response.json(
      { status: away ? "degraded" : "unavailable", database: "unavailable", ...(outage.status === "degraded" ? { since: outage.since.toISOString() } : {}) },
      { status: 503, headers: { "Retry-After": String(OUTAGE_RETRY_AFTER_SECONDS), "cache-control": "no-store" } },
    );
  }
}
