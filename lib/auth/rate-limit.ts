import { and, count, eq, gt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { signInAttempts } from "@/db/schema";

export const signInLimits = {
  windowMinutes: Number(process.env.SIGNIN_WINDOW_MINUTES ?? 15),
  maxFailuresPerEmail: Number(process.env.SIGNIN_MAX_FAILURES_PER_EMAIL ?? 5),
  maxFailuresPerIp: Number(process.env.SIGNIN_MAX_FAILURES_PER_IP ?? 30),
};

/** True when recent failed attempts for this email or this address exceed the limits. */
export async function isSignInBlocked(db: Db, email: string, ip: string, now = new Date()): Promise<boolean> {
  const since = new Date(now.getTime() - signInLimits.windowMinutes * 60_000);
  const failures = (column: typeof signInAttempts.email | typeof signInAttempts.ip, value: string) =>
    db
      .select({ n: count() })
      .from(signInAttempts)
      .where(and(eq(column, value), eq(signInAttempts.succeeded, false), gt(signInAttempts.createdAt, since)))
      .then((rows) => rows[0]?.n ?? 0);
  const [byEmail, byIp] = await Promise.all([failures(signInAttempts.email, email), failures(signInAttempts.ip, ip)]);
  return byEmail >= signInLimits.maxFailuresPerEmail || byIp >= signInLimits.maxFailuresPerIp;
}

export async function recordSignInAttempt(db: Db, email: string, ip: string, succeeded: boolean): Promise<void> {
  await db.insert(signInAttempts).values({ email, ip, succeeded });
}
