/**
 * Cost of the revocable session check: the per-request lookup of the signed-in user as it was (id, email, name)
 * and as it is now (plus is_admin, session_version, deactivated_at and the version comparison). Both are one
 * query by primary key; the bench shows what the extra columns cost.
 *
 *   npm run bench -- session [--requests 5000] [--json]      (DATABASE_URL set: PostgreSQL, else PGlite in memory)
 */
import { eq } from "drizzle-orm";
import { openDatabase } from "@/db/client";
import { users } from "@/db/schema";

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  const v = i >= 0 ? Number(args[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

export async function main(args: string[]): Promise<void> {
  const requests = option(args, "requests", 5000);
  const database = await openDatabase(process.env.DATABASE_URL ? { url: process.env.DATABASE_URL } : { dataDir: "memory://" });
  const { db } = database;
  try {
    const people = await db
      .insert(users)
      .values(Array.from({ length: 1000 }, (_, i) => ({ email: `bench-session-${Date.now()}-${i}@forja.dev`, name: `Pessoa ${i}` })))
      .returning({ id: users.id });
    const ids = people.map((p) => p.id);
    const before = (id: string) => db.select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.id, id)).limit(1);
    const after = async (id: string) => {
      const [user] = await db
        .select({ id: users.id, email: users.email, name: users.name, isAdmin: users.isAdmin, sessionVersion: users.sessionVersion, deactivatedAt: users.deactivatedAt })
        .from(users)
        .where(eq(users.id, id))
        .limit(1);
      return user && !user.deactivatedAt && user.sessionVersion === 0 ? user : null;
    };
    const measure = async (run: (id: string) => Promise<unknown>) => {
      const times: number[] = [];
      for (let i = 0; i < requests; i++) {
        const t = performance.now();
        await run(ids[i % ids.length]!);
        times.push((performance.now() - t) * 1000);
      }
      times.sort((a, b) => a - b);
      return { meanUs: Math.round(times.reduce((a, b) => a + b, 0) / times.length), p50Us: Math.round(percentile(times, 50)), p99Us: Math.round(percentile(times, 99)) };
    };
    // warm-up, then alternate to share any drift
    await measure(before);
    const rows = { "user lookup (before)": await measure(before), "user lookup + session version (now)": await measure(after) };
    if (args.includes("--json")) {
      console.log(JSON.stringify({ database: database.kind, requests, rows }));
      return;
    }
    console.log(`session check, ${requests} sequential lookups on ${database.kind}`);
    console.log("| lookup | mean µs | p50 µs | p99 µs |\n| --- | --- | --- | --- |");
    for (const [name, r] of Object.entries(rows)) console.log(`| ${name} | ${r.meanUs} | ${r.p50Us} | ${r.p99Us} |`);
  } finally {
    await database.close();
  }
}
