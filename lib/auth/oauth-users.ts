import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";

export async function findUserIdByEmail(db: Db, email: string): Promise<string | undefined> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.email, email.toLowerCase())).limit(1);
  return row?.id;
}

/**
 * An OAuth sign-in creates a password-less account, with no enrolment (an instructor enrols it by e-mail, or the
 * student joins with a course's code). A user removed from the platform gets null: no sign-in.
 */
export async function findOrCreateOAuthUser(db: Db, email: string, name: string): Promise<string | null> {
  const normalized = email.toLowerCase();
  await db.insert(users).values({ email: normalized, name }).onConflictDoNothing({ target: users.email });
  const [row] = await db.select({ id: users.id, deactivatedAt: users.deactivatedAt }).from(users).where(eq(users.email, normalized));
  if (!row) throw new Error(`user ${normalized} vanished after insert`);
  return row.deactivatedAt ? null : row.id;
}

export async function sessionVersionOf(db: Db, userId: string): Promise<number> {
  const [row] = await db.select({ sv: users.sessionVersion }).from(users).where(eq(users.id, userId));
  return row?.sv ?? 0;
}
