import { eq, sql, type SQL } from "drizzle-orm";
import { currentLocale } from "@/lib/i18n/request-locale";
import { translate } from "@/domain/i18n/translate";
import { rowsOf, type Db } from "@/db/client";
import { rateLimits } from "@/db/schema";
import { config } from "@/platform/config";

/** At most `limit` events per key in any window of `windowMs` (a sliding window; `limit` 0 turns it off). */
export interface RateLimit {
  limit: number;
  windowMs: number;
}

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * The upsert that records one event for `key` if fewer than `limit` fall inside the window that starts at
 * `windowStart`; it returns one row (`taken`) when the event was recorded. The values may be placeholders (a prepared
 * statement); `onlyIf` is an extra condition for recording at all (e.g. "this answer is not a replay").
 */
export function rateLimitUpsert(key: unknown, at: unknown, windowStart: unknown, limit: unknown, onlyIf: SQL = sql`true`): SQL {
  return sql`
    insert into ${rateLimits} as r (key, hits) select ${key}::text, array[${at}::timestamptz] where ${onlyIf}
    on conflict (key) do update
       set hits = array(select h from unnest(r.hits) h where h > ${windowStart}::timestamptz order by h) || ${at}::timestamptz
     where (select count(*) from unnest(r.hits) h where h > ${windowStart}::timestamptz) < ${limit}::int
    returning 1 as taken`;
}

/**
 * Records one event for `key` if the limit allows it. The events live in the database, so every web process counts
 * the same ones. One statement: the upsert locks the key's row, so simultaneous requests of one student take turns
 * without a transaction holding a pooled connection across round trips (that slowed a loaded web server down).
 */
export async function takeRateLimited(db: Db, key: string, rule: RateLimit, now = new Date()): Promise<RateDecision> {
  if (rule.limit <= 0) return { ok: true };
  const result = await db.execute(rateLimitUpsert(key, now.toISOString(), windowStartOf(rule, now), rule.limit));
  if (rowsOf(result).length === 1) return { ok: true };
  return refusedRateLimit(db, key, rule, now);
}

export const windowStartOf = (rule: RateLimit, now: Date) => new Date(now.getTime() - rule.windowMs).toISOString();

/** After an upsert that took nothing: how long until one more event fits. */
export async function refusedRateLimit(db: Db, key: string, rule: RateLimit, now: Date): Promise<Extract<RateDecision, { ok: false }>> {
  const [row] = await db.select({ hits: rateLimits.hits }).from(rateLimits).where(eq(rateLimits.key, key));
  const recent = (row?.hits ?? []).map((h) => h.getTime()).filter((t) => t > now.getTime() - rule.windowMs).sort((a, b) => a - b);
  // the oldest event that must leave the window before one more fits
  const blocking = recent[recent.length - rule.limit] ?? now.getTime();
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((blocking + rule.windowMs - now.getTime()) / 1000)) };
}

/** Per-student limit on answer submissions and public test runs: SUBMISSION_RATE_PER_MINUTE (default 30; 0: off). */
export function submissionRateLimit(): RateLimit {
  return { limit: config().submissionRatePerMinute, windowMs: 60_000 };
}

export function rateLimitedResponse(retryAfterSeconds: number): Response {
  return Response.json(
    { error: translate(currentLocale(), "api.rateLimited", { seconds: retryAfterSeconds }), reason: "rate-limited" },
    { status: 429, headers: { "Retry-After": String(retryAfterSeconds) } },
  );
}

/** A code run refused by the sandbox's fair queue: 429 when the student's own queue is full, 503 when the server's is. */
export function sandboxBusyResponse(scope: "owner" | "server", retryAfterSeconds: number): Response {
  const key = scope === "owner" ? "api.sandboxBusyOwner" : "api.sandboxBusyServer";
  return Response.json(
    { error: translate(currentLocale(), key, { seconds: retryAfterSeconds }), reason: scope === "owner" ? "rate-limited" : "busy" },
    { status: scope === "owner" ? 429 : 503, headers: { "Retry-After": String(retryAfterSeconds) } },
  );
}

/**
 * A code run that no grader process answered in time (production mode): 503 with Retry-After. `kind` "authoring-check"
 * says that the question editor's check did not finish (and nothing was saved).
 */
export function codeRunnerTimeoutResponse(timeoutMs: number, kind: string = "public-test"): Response {
  const seconds = Math.max(1, Math.round(timeoutMs / 1000));
  const key = kind === "authoring-check" ? "api.authoringCheckTimeout" : "api.codeRunnerTimeout";
  return Response.json({ error: translate(currentLocale(), key, { seconds }), reason: "busy" }, { status: 503, headers: { "Retry-After": "5" } });
}
