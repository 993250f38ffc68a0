import "server-only";
import { eq } from "drizzle-orm";
import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { forbidden, notFound, redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { getCourseStanding } from "@/lib/courses/membership";
import { REQUEST_PATH_HEADER } from "@/lib/http/client-facts-header";
import { signInPathFor } from "@/lib/http/return-path";
import { authOptions } from "./options";
import { can, canOnPlatform, type CourseAction, type CourseRole, type PlatformAction } from "./policy";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
}

/**
 * The signed-in user, checked against the database on every request: a token for a deleted or removed user, or
 * one issued before the user's sessions were revoked (sign-out, password change), counts as signed out. The check
 * rides on the lookup of the user that was already made here, so it adds no query.
 */
export async function currentUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions);
  const id = session?.user?.id;
  if (!id || !uuidPattern.test(id)) return null;
  const [user] = await (await getDb())
    .select({ id: users.id, email: users.email, name: users.name, isAdmin: users.isAdmin, sessionVersion: users.sessionVersion, deactivatedAt: users.deactivatedAt })
    .from(users)
    .where(eq(users.id, id))
    .limit(1);
  // A token from before session versions existed counts as version 0.
  if (!user || user.deactivatedAt || user.sessionVersion !== (session.user.sv ?? 0)) return null;
  return { id: user.id, email: user.email, name: user.name, isAdmin: user.isAdmin };
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
  const user = await currentUser();
  if (!user) return { ok: false, status: 401 };
  if (!uuidPattern.test(courseId)) return { ok: false, status: 404 };
  const standing = await getCourseStanding(await getDb(), user.id, courseId);
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
