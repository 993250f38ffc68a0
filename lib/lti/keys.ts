import { randomUUID } from "node:crypto";
import { desc } from "drizzle-orm";
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK, type JWTPayload, type KeyLike } from "jose";
import type { Db } from "@/db/client";
import { ltiToolKeys } from "@/db/schema";

/** Forja's RS256 key: created on first use and stored (lti_tool_keys); its public half is served at /api/lti/jwks. */
export async function toolSigningKey(db: Db): Promise<{ kid: string; key: KeyLike | Uint8Array }> {
  let [row] = await db.select().from(ltiToolKeys).orderBy(desc(ltiToolKeys.createdAt)).limit(1);
  if (!row) {
    const kid = randomUUID();
    const { privateKey, publicKey } = await generateKeyPair("RS256", { modulusLength: 2048, extractable: true });
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" };
    await db.insert(ltiToolKeys).values({ kid, privateJwk: { ...(await exportJWK(privateKey)), kid, alg: "RS256" }, publicJwk }).onConflictDoNothing();
    [row] = await db.select().from(ltiToolKeys).orderBy(desc(ltiToolKeys.createdAt)).limit(1);
  }
  return { kid: row!.kid, key: await importJWK(row!.privateJwk as JWK, "RS256") };
}

export async function toolJwks(db: Db): Promise<{ keys: JWK[] }> {
  await toolSigningKey(db);
  const rows = await db.select({ publicJwk: ltiToolKeys.publicJwk }).from(ltiToolKeys).orderBy(desc(ltiToolKeys.createdAt));
  return { keys: rows.map((r) => r.publicJwk as JWK) };
}

/** A JWT signed by Forja (client assertion, deep-linking response). */
export async function signAsTool(db: Db, payload: JWTPayload, options: { issuer: string; audience: string; now: Date; ttlSeconds?: number }): Promise<string> {
  const { kid, key } = await toolSigningKey(db);
  const iat = Math.floor(options.now.getTime() / 1000);
  return new SignJWT(payload)
    .setProtectedHeader({ alg: "RS256", kid, typ: "JWT" })
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + (options.ttlSeconds ?? 300))
    .setJti(randomUUID())
    .sign(key);
}
