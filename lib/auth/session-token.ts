import { hkdf } from "node:crypto";
import { EncryptJWT, jwtDecrypt } from "jose";
import type { JWT, JWTDecodeParams, JWTEncodeParams } from "next-auth/jwt";
import { processWide } from "@/platform/process-wide";

/**
 * next-auth's session token (an encrypted JWT: "dir" + A256GCM, the key derived from NEXTAUTH_SECRET with HKDF), in
 * the very format of next-auth's own `encode`/`decode` (next-auth/jwt), with one difference: the key is derived once
 * per secret and kept, not derived again for every request (HKDF was 1.2 s of the web process's CPU in a 500-student
 * exam rush). Tokens issued by either side are read by the other (tests/unit/auth/session-token.test.ts).
 */
const DEFAULT_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

/** Derived keys by secret and salt: a process has one or two secrets, so this stays tiny. */
const keys = () => processWide("session-token-keys", () => new Map<string, Promise<Uint8Array>>());

function derivedKey(secret: string | Buffer, salt: string): Promise<Uint8Array> {
  const id = `${salt}\u0000${typeof secret === "string" ? secret : secret.toString("base64")}`;
  let key = keys().get(id);
  if (!key) {
    const info = `NextAuth.js Generated Encryption Key${salt ? ` (${salt})` : ""}`;
    key = new Promise<Uint8Array>((resolve, reject) => hkdf("sha256", secret, salt, info, 32, (error, bytes) => (error ? reject(error) : resolve(new Uint8Array(bytes)))));
    keys().set(id, key);
    key.catch(() => keys().delete(id));
  }
  return key;
}

const nowSeconds = () => (Date.now() / 1000) | 0;

export async function encodeSessionToken({ token = {}, secret, maxAge = DEFAULT_MAX_AGE_SECONDS, salt = "" }: JWTEncodeParams): Promise<string> {
  return new EncryptJWT(token)
    .setProtectedHeader({ alg: "dir", enc: "A256GCM" })
    .setIssuedAt()
    .setExpirationTime(nowSeconds() + maxAge)
    .setJti(crypto.randomUUID())
    .encrypt(await derivedKey(secret, salt));
}

export async function decodeSessionToken({ token, secret, salt = "" }: JWTDecodeParams): Promise<JWT | null> {
  if (!token) return null;
  const { payload } = await jwtDecrypt(token, await derivedKey(secret, salt), { clockTolerance: 15 });
  return payload as JWT;
}

/** next-auth's session cookie name (lib/auth/options.ts leaves its cookie settings at their defaults). */
export const sessionCookieName = (secure: boolean) => `${secure ? "__Secure-" : ""}next-auth.session-token`;

/**
 * The session token in a request's cookies, as next-auth's SessionStore reads it: the cookie itself, or its chunks
 * (`name.0`, `name.1`, … when the token outgrew one cookie) joined in order.
 */
export function sessionTokenOf(cookies: readonly { name: string; value: string }[], secure: boolean): string | null {
  const name = sessionCookieName(secure);
  const parts = cookies.filter((c) => c.name === name || (c.name.startsWith(`${name}.`) && /^\d+$/.test(c.name.slice(name.length + 1))));
  if (parts.length === 0) return null;
  const suffix = (c: { name: string }) => (c.name === name ? 0 : Number(c.name.slice(name.length + 1)));
  return [...parts].sort((a, b) => suffix(a) - suffix(b)).map((c) => c.value).join("");
}
