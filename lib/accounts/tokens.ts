import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { accountTokens, users } from "@/db/schema";
import { accountConfig } from "./config";

export type TokenPurpose = "invite" | "reset";

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** The address of the page where a token's holder sets a password. */
export function passwordLinkFor(token: string, baseUrl = accountConfig().NEXTAUTH_URL): string {
  return `${baseUrl.replace(/\/$/, "")}/account/password?token=${encodeURIComponent(token)}`;
}

/**
 * A new one-time link for this user: 32 random bytes, of which only the SHA-256 is stored. It replaces the
 * user's previous link (one row per user), so an older invitation stops working.
 */
export async function issueToken(db: Db, userId: string, purpose: TokenPurpose, now = new Date()): Promise<string> {
  const config = accountConfig();
  const token = randomBytes(32).toString("base64url");
  const hours = purpose === "invite" ? config.INVITE_TTL_HOURS : config.RESET_TTL_HOURS;
  const row = { tokenHash: hashToken(token), purpose, expiresAt: new Date(now.getTime() + hours * 3_600_000), createdAt: now };
  await db.insert(accountTokens).values({ userId, ...row }).onConflictDoUpdate({ target: accountTokens.userId, set: row });
  return token;
}

export interface TokenHolder {
  userId: string;
  email: string;
  name: string;
  purpose: TokenPurpose;
}

/** Who a still-valid token belongs to (the link's page shows it), or null when unknown, used or expired. */
export async function tokenHolder(db: Db, token: string, now = new Date()): Promise<TokenHolder | null> {
  if (!token || token.length > 200) return null;
  const [row] = await db
    .select({ userId: users.id, email: users.email, name: users.name, purpose: accountTokens.purpose })
    .from(accountTokens)
    .innerJoin(users, eq(users.id, accountTokens.userId))
    .where(and(eq(accountTokens.tokenHash, hashToken(token)), gt(accountTokens.expiresAt, now)));
  return row ?? null;
}

/**
 * Uses a token: deletes it (single use, even when two requests race: only one delete returns the row) and returns
 * its holder, or null when it is unknown, already used, replaced or expired.
 */
export async function consumeToken(db: Db, token: string, now = new Date(), holder?: TokenHolder | null): Promise<TokenHolder | null> {
  holder ??= await tokenHolder(db, token, now);
  if (!holder) return null;
  const deleted = await db
    .delete(accountTokens)
    .where(and(eq(accountTokens.tokenHash, hashToken(token)), gt(accountTokens.expiresAt, now)))
    .returning({ userId: accountTokens.userId });
  return deleted.length === 1 ? holder : null;
}
