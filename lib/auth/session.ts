import "server-only";
import { eq, sql } from "drizzle-orm";
import { getServerSession } from "next-auth";
import { cookies, headers } from "next/headers";
import { forbidden, notFound, redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { prepared } from "@/db/prepared";
import { users } from "@/db/schema";
import { sessionUserColumns, userWithStanding, type CourseStanding } from "@/lib/courses/membership";
import { REQUEST_PATH_HEADER } from "@/lib/http/client-facts-header";
import { signInPathFor } from "@/lib/http/return-path";
import { authOptions } from "./options";
import { decodeSessionToken, sessionTokenOf } from "./session-token";
import { config } from "@/platform/config";
import { can, canOnPlatform, type CourseAction, type CourseRole, type PlatformAction } from "./policy";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
}

/**
 * Who the session token names (its encryption and expiry checked), before the database has a say. With
 * NEXTAUTH_SECRET set the cookie is decoded here: getServerSession runs next-auth's whole session handler (options,
 * a CSRF token, the callbacks) and encrypts a renewed token that a page or route handler cannot send anyway. Without
 * a secret (development), next-auth's own derivation of one applies, so getServerSession is asked.
 */
async function sessionClaims(): Promise<{ id: string; sv: number } | null> {
  const { NEXTAUTH_SECRET: secret, NEXTAUTH_URL } = config().raw;
  const claims = secret ? await decodedClaims(secret, NEXTAUTH_URL?.startsWith("https://") ?? false) : await nextAuthClaims();
  if (!claims?.id || !uuidPattern.test(claims.id)) return null;
  return claims;
}

async function decodedClaims(secret: string, secure: boolean): Promise<{ id: string; sv: number } | null> {
  const token = sessionTokenOf((await cookies()).getAll(), secure);
  if (!token) return null;
  const payload = await decodeSessionToken({ token, secret }).catch(() => null);
  // A token from before session versions existed counts as version 0.
  return typeof payload?.uid === "string" ? { id: payload.uid, sv: typeof payload.sv === "number" ? payload.sv : 0 } : null;
}

async function nextAuthClaims(): Promise<{ id: string; sv: number } | null> {
  const session = await getServerSession(authOptions);
  const id = session?.user?.id;
  return id ? { id, sv: session.user.sv ?? 0 } : null;
}

/** A token for a deleted or deactivated user, or one issued before the user's sessions were revoked, names nobody. */
function signedInUser(row: { id: string; email: string; name: string; isAdmin: boolean; sessionVersion: number; deactivatedAt: Date | null } | undefined, claims: { sv: number }): SessionUser | null {
  if (!row || row.deactivatedAt || row.sessionVersion !== claims.sv) return null;
  return { id: row.id, email: row.email, name: row.name, isAdmin: row.isAdmin };
}

/**
 * The signed-in user, checked against the database on every request: a token for a deleted or removed user, or
 * one issued before the user's sessions were revoked (sign-out, password change), counts as signed out. The check
 * rides on the lookup of the user that was already made here, so it adds no query.
 */
export async function currentUser(): Promise<SessionUser | null> {
  const claims = await sessionClaims();
  if (!claims) return null;
  const db = await getDb();
  const [row] = await prepared(db, "forja_session_user", (d) => d.select(sessionUserColumns).from(users).where(eq(users.id, sql.placeholder("id"))).limit(1).prepare("forja_session_user")).execute({ id: claims.id });
  return signedInUser(row, claims);
}

/** To the sign-in page, which comes back to the page that was asked for (proxy.ts records its path). */
export async function redirectToSignIn(): Promise<never> {
  redirect(signInPathFor((await headers()).get(REQUEST_PATH_HEADER)));
}

export async function requireUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) return redirectToSignIn();
  return user;
}

export type CourseAccess = { user: SessionUser; role: CourseRole; courseId: string; archived: boolean };
export type CourseAccessResult = { ok: true; access: CourseAccess } | { ok: false; status: 401 | 403 | 404 };

/** The one role check: is the current user allowed to do `action` in this course? */
export async function checkCourseAccess(courseId: string, action: CourseAction): Promise<CourseAccessResult> {
  if (!uuidPattern.test(courseId)) {
    if (!(await currentUser())) return { ok: false, status: 401 };
    return { ok: false, status: 404 };
  }
  const claims = await sessionClaims();
  if (!claims) return { ok: false, status: 401 };
  const row = await userWithStanding(await getDb(), claims.id, courseId);
  const user = signedInUser(row, claims);
  if (!user) return { ok: false, status: 401 };
  const standing: CourseStanding | null = row?.role && row.courseId ? { role: row.role, archived: row.courseArchivedAt !== null } : null;
  if (!standing || !can(standing.role, action, standing)) return { ok: false, status: 403 };
  return { ok: true, access: { user, role: standing.role, courseId, archived: standing.archived } };
}

/** For pages and server actions: redirects to sign-in, or renders the 403/404 page. */
export async function requireCourseAccess(courseId: string, action: CourseAction): Promise<CourseAccess> {
  const result = await checkCourseAccess(courseId, action);
  if (result.ok) return result.access;
  if (result.status === 401) return redirectToSignIn();
  if (result.status === 404) notFound();
  forbidden();
}

export type PlatformAccessResult = { ok: true; user: SessionUser } | { ok: false; status: 401 | 403 };

/** The platform-wide check (administrators): creating courses, managing accounts. */
export async function checkPlatformAccess(action: PlatformAction): Promise<PlatformAccessResult> {
  const user = await currentUser();
  if (!user) return { ok: false, status: 401 };
  return canOnPlatform(user, action) ? { ok: true, user } : { ok: false, status: 403 };
}

export async function requirePlatformAccess(action: PlatformAction): Promise<SessionUser> {
  const result = await checkPlatformAccess(action);
  if (result.ok) return result.user;
  if (result.status === 401) return redirectToSignIn();
  forbidden();
}
