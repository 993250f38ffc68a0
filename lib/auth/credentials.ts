import { z } from "zod";
import type { Db } from "@/db/client";
import { verifyAgainstDummy, verifyPassword } from "./password";
import { reserveSignIn } from "./rate-limit";

export const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(1024),
});

export type AuthenticationResult =
  /** `sessionVersion`: read with the password, for the session token (lib/auth/options.ts) */
  | { ok: true; user: { id: string; email: string; name: string; sessionVersion: number } }
  | { ok: false; reason: "invalid" | "rate_limited" };

/**
 * Checks an email/password pair, with rate limiting per email and per client address. An unknown email (or an
 * account without a password) costs one Argon2 verification too, so the answer's timing does not tell them apart.
 */
export async function authenticate(db: Db, input: unknown, ip: string): Promise<AuthenticationResult> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const { email, password } = parsed.data;
  const reservation = await reserveSignIn(db, email, ip);
  if (!reservation.ok) return { ok: false, reason: "rate_limited" };
  const user = reservation.account;
  const hash = user && !user.deactivatedAt ? user.passwordHash : null;
  const valid = hash ? await verifyPassword(hash, password) : await verifyAgainstDummy(password);
  await reservation.settle(valid);
  if (!user || !valid) return { ok: false, reason: "invalid" };
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion } };
}
