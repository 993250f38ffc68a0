import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { rateLimits, signInAttempts, users } from "@/db/schema";
import { rateLimitUpsert, windowStartOf } from "@/lib/http/rate-limit";
import { config } from "@/platform/config";

export const signInLimits = config().signIn;

/** Gives back one reserved event of each key (the one recorded at `at`), as if it never happened. */
function releaseStatement(keys: string[], at: Date): SQL {
  const stamp = sql`${at.toISOString()}::timestamptz`;
  return sql`
    update ${rateLimits} set hits = hits[1:array_position(hits, ${stamp}) - 1] || hits[array_position(hits, ${stamp}) + 1:]
     where key in (${sql.join(keys.map((k) => sql`${k}`), sql`, `)}) and array_position(hits, ${stamp}) is not null`;
}

/** The account an email names, as the password check needs it. */
export interface SignInAccount {
  id: string;
  email: string;
  name: string;
  passwordHash: string | null;
  sessionVersion: number;
  deactivatedAt: Date | string | null;
}

export type SignInReservation =
  | { ok: true; account: SignInAccount | null; settle(succeeded: boolean): Promise<void> }
  | { ok: false };

/**
 * Every password check first reserves a failure for its email and its address, with the same atomic upsert as the
 * submission limit (lib/http/rate-limit.ts): 20 simultaneous sign-ins for one email test at most the limit's
 * passwords, however they interleave. The address is reserved only if the email was, and the account is read, in
 * the same statement. `settle` records the attempt and, for a successful one, gives the reservations back: one
 * statement too.
 */
export async function reserveSignIn(db: Db, email: string, ip: string, now = new Date()): Promise<SignInReservation> {
  // both limits are at least 1 (platform/config.ts), so both upserts always apply
  const windowStart = windowStartOf({ limit: signInLimits.maxFailuresPerEmail, windowMs: signInLimits.windowMinutes * 60_000 }, now);
  const at = now.toISOString();
  const emailKey = `signin-email:${email}`;
  const ipKey = `signin-ip:${ip}`;
  const [row] = rowsOf<SignInAccount & { id: string | null; emailTaken: boolean; addressTaken: boolean }>(
    await db.execute(sql`
      with by_email as (${rateLimitUpsert(emailKey, at, windowStart, signInLimits.maxFailuresPerEmail)}),
           by_address as (${rateLimitUpsert(ipKey, at, windowStart, signInLimits.maxFailuresPerIp, sql`exists (select 1 from by_email)`)})
      select exists (select 1 from by_email) as "emailTaken", exists (select 1 from by_address) as "addressTaken",
             u.id, u.email, u.name, u.password_hash as "passwordHash", u.session_version as "sessionVersion", u.deactivated_at as "deactivatedAt"
        from (select 1) as one left join ${users} as u on u.email = ${email}`),
  );
  if (!row?.emailTaken) return { ok: false };
  if (!row.addressTaken) {
    await db.execute(releaseStatement([emailKey], now));
    return { ok: false };
  }
  const { emailTaken: _e, addressTaken: _a, ...account } = row;
  return {
    ok: true,
    account: account.id ? account : null,
    settle: async (succeeded) => {
      const attempt = sql`insert into ${signInAttempts} (email, ip, succeeded) values (${email}, ${ip}, ${succeeded})`;
      await db.execute(succeeded ? sql`with attempt as (${attempt}) ${releaseStatement([emailKey, ipKey], now)}` : attempt);
    },
  };
}
