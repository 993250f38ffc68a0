import "server-only";
import { eq } from "drizzle-orm";
import { getServerSession } from "next-auth";
import { forbidden, notFound, redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { getCourseRole } from "@/lib/courses/membership";
import { authOptions } from "./options";
import { can, type CourseAction, type CourseRole } from "./policy";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
}

/** The signed-in user, checked against the database (a token for a deleted user counts as signed out). */
export async function currentUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions);
  const id = session?.user?.id;
  if (!id) return null;
  const [user] = await (await getDb())
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(eq(users.id, id))
    .limit(1);
  return user ?? null;
}

export async function requireUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect("/signin");
  return user;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type CourseAccess = { user: SessionUser; role: CourseRole; courseId: string };
export type CourseAccessResult = { ok: true; access: CourseAccess } | { ok: false; status: 401 | 403 | 404 };

/** The one role check: is the current user allowed to do `action` in this course? */
export async function checkCourseAccess(courseId: string, action: CourseAction): Promise<CourseAccessResult> {
  const user = await currentUser();
  if (!user) return { ok: false, status: 401 };
  if (!uuidPattern.test(courseId)) return { ok: false, status: 404 };
  const role = await getCourseRole(await getDb(), user.id, courseId);
  if (!can(role, action)) return { ok: false, status: 403 };
  return { ok: true, access: { user, role: role as CourseRole, courseId } };
}

/** For pages and server actions: redirects to sign-in, or renders the 403/404 page. */
export async function requireCourseAccess(courseId: string, action: CourseAction): Promise<CourseAccess> {
  const result = await checkCourseAccess(courseId, action);
  if (result.ok) return result.access;
  if (result.status === 401) redirect("/signin");
  if (result.status === 404) notFound();
  forbidden();
}
