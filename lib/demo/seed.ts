import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { courses, enrolments, users } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import type { CourseRole } from "@/lib/auth/policy";
import { config } from "@/platform/config";

export const demoCourse = { slug: "redes-convolucionais", title: "Redes Convolucionais" } as const;

export const demoUsers: readonly { email: string; name: string; role: CourseRole }[] = [
  { email: "instrutora@forja.dev", name: "Helena Prado", role: "instructor" },
  { email: "monitor@forja.dev", name: "Rafael Lima", role: "ta" },
  { email: "aluno1@forja.dev", name: "Ana Costa", role: "student" },
  { email: "aluno2@forja.dev", name: "Bruno Alves", role: "student" },
  { email: "aluno3@forja.dev", name: "Carla Dias", role: "student" },
  { email: "aluno4@forja.dev", name: "Diego Rocha", role: "student" },
];

export const demoPassword = () => config().raw.DEMO_PASSWORD;

export function isProductionMode(): boolean {
  return config().production;
}

export interface DemoSeedResult {
  courseId: string;
  /** users created by this run (empty when the demo already existed) */
  createdUsers: typeof demoUsers;
}

/** Creates the demo course and its users; running it again changes nothing. */
export async function seedDemo(db: Db): Promise<DemoSeedResult> {
  if (isProductionMode()) throw new Error("The demo course is never seeded in production mode (FORJA_ENV=production).");
  await db.insert(courses).values(demoCourse).onConflictDoNothing({ target: courses.slug });
  const [course] = await db.select({ id: courses.id }).from(courses).where(eq(courses.slug, demoCourse.slug));
  if (!course) throw new Error("demo course missing after insert");

  const emails = demoUsers.map((u) => u.email);
  const existing = new Set(
    (await db.select({ email: users.email }).from(users).where(inArray(users.email, emails))).map((u) => u.email),
  );
  const missing = demoUsers.filter((u) => !existing.has(u.email));
  if (missing.length > 0) {
    const passwordHash = await hashPassword(demoPassword());
    await db
      .insert(users)
      .values(missing.map((u) => ({ email: u.email, name: u.name, passwordHash })))
      .onConflictDoNothing({ target: users.email });
  }

  const rows = await db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.email, emails));
  const roleOf = new Map(demoUsers.map((u) => [u.email, u.role]));
  await db
    .insert(enrolments)
    .values(rows.map((u) => ({ courseId: course.id, userId: u.id, role: roleOf.get(u.email)! })))
    .onConflictDoNothing();
  return { courseId: course.id, createdUsers: missing };
}

export async function demoUserId(db: Db, email: string): Promise<string> {
  const [row] = await db.select({ id: users.id }).from(users).where(and(eq(users.email, email)));
  if (!row) throw new Error(`demo user ${email} not found`);
  return row.id;
}
