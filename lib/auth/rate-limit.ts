import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rateLimits, signInAttempts } from "@/db/schema";
import { takeRateLimited } from "@/lib/http/rate-limit";
import { config } from "@/platform/config";

export const signInLimits = config().signIn;

/** Gives back one reserved event of each key (the one recorded at `at`), as if it never happened: one statement. */
async function release(db: Db, keys: string[], at: Date): Promise<void> {
  await db.execute(sql`
    update ${rateLimits} set hits = hits[1:array_position(hits, ${at.toISOString()}::timestamptz) - 1]
                                 || hits[array_position(hits, ${at.toISOString()}::timestamptz) + 1:]
     where key in (${sql.join(keys.map((k) => sql`${k}`), sql`, `)}) and array_position(hits, ${at.toISOString()}::timestamptz) is not null`);
}

export type SignInReservation = { ok: true; succeeded(): Promise<void> } | { ok: false };

/**
 * Every password check first reserves a failure for its email and its address, in the same atomic upsert as the
 * submission limit (lib/http/rate-limit.ts): 20 simultaneous sign-ins for one email test at most the limit's
 * passwords, however they interleave. A successful sign-in gives its reservations back.
 */
export async function reserveSignIn(db: Db, email: string, ip: string, now = new Date()): Promise<SignInReservation> {
  const windowMs = signInLimits.windowMinutes * 60_000;
  const emailKey = `signin-email:${email}`;
  const ipKey = `signin-ip:${ip}`;
  if (!(await takeRateLimited(db, emailKey, { limit: signInLimits.maxFailuresPerEmail, windowMs }, now)).ok) return { ok: false };
  if (!(await takeRateLimited(db, ipKey, { limit: signInLimits.maxFailuresPerIp, windowMs }, now)).ok) {
    await release(db, [emailKey], now);
    return { ok: false };
  }
  return {
    ok: true,
    succeeded: () => release(db, [emailKey, ipKey], now),
  };
}

/** The audit trail of sign-ins (who tried from where, and whether it worked). */
export async function recordSignInAttempt(db: Db, email: string, ip: string, succeeded: boolean): Promise<void> {
  await db.insert(signInAttempts).values({ email, ip, succeeded });
}
