import { desc, eq, ilike, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { accountTokens, users } from "@/db/schema";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { containsPattern } from "@/lib/courses/courses";
import { passwordProblem, type PasswordProblem } from "./password-rules";
import { consumeToken, issueToken, tokenHolder, type TokenPurpose } from "./tokens";

export const emailSchema = z.string().trim().toLowerCase().email().max(254);
export const nameSchema = z.string().trim().min(1).max(200);

export type AccountRefusal =
  | { ok: false; reason: "invalid_email" | "invalid_name" | "email_taken" | "not_found" | "invalid_token" | "wrong_password" }
  | { ok: false; reason: PasswordProblem };

export interface NewUser {
  email: string;
  name: string;
  isAdmin?: boolean;
  /** absent: the account waits for its invitation link */
  password?: string;
}

/** Creates an account; without a password it gets an invitation token (returned once, never stored in clear). */
export async function addUser(db: Db, input: NewUser, now = new Date()): Promise<{ ok: true; id: string; email: string; inviteToken?: string } | AccountRefusal> {
  const email = emailSchema.safeParse(input.email);
  if (!email.success) return { ok: false, reason: "invalid_email" };
  const name = nameSchema.safeParse(input.name);
  if (!name.success) return { ok: false, reason: "invalid_name" };
  if (input.password !== undefined) {
    const problem = passwordProblem(input.password, email.data);
    if (problem) return { ok: false, reason: problem };
  }
  const passwordHash = input.password !== undefined ? await hashPassword(input.password) : null;
  const [row] = await db
    .insert(users)
    .values({ email: email.data, name: name.data, isAdmin: input.isAdmin ?? false, passwordHash })
    .onConflictDoNothing({ target: users.email })
    .returning({ id: users.id });
  if (!row) return { ok: false, reason: "email_taken" };
  if (passwordHash) return { ok: true, id: row.id, email: email.data };
  return { ok: true, id: row.id, email: email.data, inviteToken: await issueToken(db, row.id, "invite", now) };
}

export async function findUserByEmail(db: Db, email: string) {
  const [row] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase())).limit(1);
  return row ?? null;
}

/** A new one-time link for an existing account (the previous link stops working). */
export async function inviteAgain(db: Db, email: string, purpose: TokenPurpose = "invite", now = new Date()): Promise<{ ok: true; userId: string; token: string } | AccountRefusal> {
  const user = await findUserByEmail(db, email);
  if (!user || user.deactivatedAt) return { ok: false, reason: "not_found" };
  return { ok: true, userId: user.id, token: await issueToken(db, user.id, purpose, now) };
}

/** Ends every existing session of the user (their signed cookies carry an older version). */
export async function revokeSessions(db: Db, userId: string): Promise<void> {
  await db.update(users).set({ sessionVersion: sql`${users.sessionVersion} + 1` }).where(eq(users.id, userId));
}

/** The invitation / reset page: sets the password, uses the link up, and ends any older session. */
export async function setPasswordWithToken(db: Db, token: string, password: string, now = new Date()): Promise<{ ok: true; email: string } | AccountRefusal> {
  const holder = await tokenHolder(db, token, now);
  if (!holder) return { ok: false, reason: "invalid_token" };
  const problem = passwordProblem(password, holder.email);
  if (problem) return { ok: false, reason: problem };
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    if (!(await consumeToken(tx as unknown as Db, token, now, holder))) return { ok: false, reason: "invalid_token" } as const;
    await tx
      .update(users)
      .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, holder.userId));
    return { ok: true, email: holder.email } as const;
  });
}

/** The account page: the current password is required; every session (this one included) ends. */
export async function changePassword(db: Db, userId: string, current: string, next: string): Promise<{ ok: true } | AccountRefusal> {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) return { ok: false, reason: "not_found" };
  if (!user.passwordHash || !(await verifyPassword(user.passwordHash, current))) return { ok: false, reason: "wrong_password" };
  const problem = passwordProblem(next, user.email);
  if (problem) return { ok: false, reason: problem };
  await db
    .update(users)
    .set({ passwordHash: await hashPassword(next), sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId));
  return { ok: true };
}

export async function changeName(db: Db, userId: string, name: string): Promise<{ ok: true } | AccountRefusal> {
  const parsed = nameSchema.safeParse(name);
  if (!parsed.success) return { ok: false, reason: "invalid_name" };
  await db.update(users).set({ name: parsed.data }).where(eq(users.id, userId));
  return { ok: true };
}

/** Removal from the platform: no more sign-in, sessions end, submissions and grades stay. */
export async function deactivateUser(db: Db, userId: string, now = new Date()): Promise<boolean> {
  const done = await db
    .update(users)
    .set({ deactivatedAt: now, passwordHash: null, sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId))
    .returning({ id: users.id });
  await db.delete(accountTokens).where(eq(accountTokens.userId, userId));
  return done.length === 1;
}

/** The administrator's list of accounts (newest first), optionally filtered by name or e-mail. */
export async function listAccounts(db: Db, search = "", limit = 200) {
  const like = containsPattern(search);
  return db
    .select({ id: users.id, name: users.name, email: users.email, isAdmin: users.isAdmin, deactivatedAt: users.deactivatedAt, hasPassword: sql<boolean>`${users.passwordHash} is not null` })
    .from(users)
    .where(or(ilike(users.name, like), ilike(users.email, like)))
    .orderBy(desc(users.createdAt))
    .limit(limit);
}
