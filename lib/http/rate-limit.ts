import { and, asc, eq, lte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rateLimitEvents } from "@/db/schema";

/** At most `limit` events per key in any window of `windowMs` (a sliding window; `limit` 0 turns it off). */
export interface RateLimit {
  limit: number;
  windowMs: number;
}

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * Records one event for `key` if the limit allows it. The events live in the database, so every web process counts
 * the same ones; a per-key advisory lock makes concurrent requests of one student take their turn.
 */
export async function takeRateLimited(db: Db, key: string, rule: RateLimit, now = new Date()): Promise<RateDecision> {
  if (rule.limit <= 0) return { ok: true };
  const windowStart = new Date(now.getTime() - rule.windowMs);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
    await tx.delete(rateLimitEvents).where(and(eq(rateLimitEvents.key, key), lte(rateLimitEvents.at, windowStart)));
    const recent = await tx
      .select({ at: rateLimitEvents.at })
      .from(rateLimitEvents)
      .where(eq(rateLimitEvents.key, key))
      .orderBy(asc(rateLimitEvents.at));
    if (recent.length >= rule.limit) {
      // the oldest event that must leave the window before one more fits
      const blocking = recent[recent.length - rule.limit]!.at.getTime();
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((blocking + rule.windowMs - now.getTime()) / 1000)) };
    }
    await tx.insert(rateLimitEvents).values({ key, at: now });
    return { ok: true };
  });
}

/** Per-student limit on answer submissions and public test runs: SUBMISSION_RATE_PER_MINUTE (default 30; 0: off). */
export function submissionRateLimit(): RateLimit {
  const configured = Number(process.env.SUBMISSION_RATE_PER_MINUTE ?? 30);
  return { limit: Number.isFinite(configured) ? configured : 30, windowMs: 60_000 };
}

export function rateLimitedResponse(retryAfterSeconds: number): Response {
  return Response.json(
    { error: `Muitas submissões em pouco tempo. Aguarde ${retryAfterSeconds} s e tente de novo.`, reason: "rate-limited" },
    { status: 429, headers: { "Retry-After": String(retryAfterSeconds) } },
  );
}
