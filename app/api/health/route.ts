import { sql } from "drizzle-orm";
import { getDatabase } from "@/db/client";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    const database = await getDatabase();
    await database.db.execute(sql`select 1`);
    return Response.json({ status: "ok", database: database.kind });
  } catch {
    return Response.json({ status: "unavailable" }, { status: 503 });
  }
}
