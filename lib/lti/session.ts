import { encodeSessionToken, sessionCookieName } from "@/lib/auth/session-token";
import { ltiConfig } from "./config";

/** next-auth's session lifetime (lib/auth/options.ts) */
const SESSION_SECONDS = 12 * 60 * 60;

/**
 * A next-auth session cookie for a user an LTI launch signed in: the same encrypted JWT (uid + session version) that
 * the credentials sign-in issues, so lib/auth/session.ts checks it (and a revocation ends it) like any other.
 */
export async function sessionCookieFor(user: { id: string; email: string; name: string; sessionVersion: number }): Promise<string> {
  const { sessionSecret, publicUrl } = ltiConfig();
  if (!sessionSecret) throw new Error("NEXTAUTH_SECRET is not set");
  const secure = publicUrl?.startsWith("https://") ?? false;
  const token = await encodeSessionToken({
    secret: sessionSecret,
    maxAge: SESSION_SECONDS,
    token: { sub: user.id, name: user.name, email: user.email, uid: user.id, sv: user.sessionVersion },
  });
  return `${sessionCookieName(secure)}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${SESSION_SECONDS}${secure ? "; Secure" : ""}`;
}
