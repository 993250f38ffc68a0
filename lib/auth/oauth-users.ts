import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";

export async function findUserIdByEmail(db: Db, email: string): Promise<string | undefined> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.email, email.toLowerCase())).limit(1);
  return row?.id;
}

/** An OAuth sign-in creates a password-less account, with no enrolment (an instructor enrols it). */
export async function findOrCreateOAuthUser(db: Db, email: string, name: string): Promise<string> {
  const normalized = email.toLowerCase();
  await db.insert(users).values({ email: normalized, name }).onConflictDoNothing({ target: users.email });
  const id = await findUserIdByEmail(db, normalized);
  if (!id) throw new Error(`user ${normalized} vanished after insert`);
  return id;
}
