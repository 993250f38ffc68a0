import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { courses, ltiContexts, ltiPlatforms } from "@/db/schema";

const url = z.string().trim().url().refine((u) => /^https?:\/\//.test(u), "http(s) only");

export const platformInputSchema = z.object({
  name: z.string().trim().min(1).max(200),
  issuer: z.string().trim().min(1).max(500),
  clientId: z.string().trim().min(1).max(255),
  deploymentIds: z.array(z.string().trim().min(1).max(255)).min(1),
  authLoginUrl: url,
  tokenUrl: url,
  jwksUrl: url,
});
export type PlatformInput = z.input<typeof platformInputSchema>;
export type Platform = typeof ltiPlatforms.$inferSelect;

export type PlatformRefusal = { ok: false; reason: "invalid" | "taken" | "not_found"; field?: string };

export async function addPlatform(db: Db, input: PlatformInput): Promise<{ ok: true; platform: Platform } | PlatformRefusal> {
  const parsed = platformInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "invalid", field: String(parsed.error.issues[0]?.path[0] ?? "") };
  const [row] = await db.insert(ltiPlatforms).values(parsed.data).onConflictDoNothing().returning();
  return row ? { ok: true, platform: row } : { ok: false, reason: "taken", field: "clientId" };
}

export function listPlatforms(db: Db): Promise<Platform[]> {
  return db.select().from(ltiPlatforms).orderBy(asc(ltiPlatforms.name));
}

export async function getPlatform(db: Db, id: string): Promise<Platform | null> {
  if (!z.string().uuid().safeParse(id).success) return null;
  const [row] = await db.select().from(ltiPlatforms).where(eq(ltiPlatforms.id, id));
  return row ?? null;
}

/**
 * The platform a login initiation names: by issuer, and by client id when the platform sends it (Core §4.1:
 * client_id is optional, then the issuer must identify a single registration).
 */
export async function platformFor(db: Db, issuer: string, clientId?: string): Promise<Platform | null> {
  const rows = await db
    .select()
    .from(ltiPlatforms)
    .where(clientId ? and(eq(ltiPlatforms.issuer, issuer), eq(ltiPlatforms.clientId, clientId)) : eq(ltiPlatforms.issuer, issuer));
  return rows.length === 1 ? rows[0]! : null;
}

/** Links an LMS course (context id) to a Forja course: launches from it enrol people there. */
export async function linkContext(db: Db, platformId: string, contextId: string, courseSlug: string): Promise<{ ok: true; courseId: string } | PlatformRefusal> {
  const [course] = await db.select({ id: courses.id }).from(courses).where(eq(courses.slug, courseSlug.trim().toLowerCase()));
  if (!course) return { ok: false, reason: "not_found", field: "course" };
  if (!(await getPlatform(db, platformId))) return { ok: false, reason: "not_found", field: "platform" };
  const contextIdTrimmed = contextId.trim();
  if (!contextIdTrimmed || contextIdTrimmed.length > 255) return { ok: false, reason: "invalid", field: "context" };
  await db
    .insert(ltiContexts)
    .values({ platformId, contextId: contextIdTrimmed, courseId: course.id })
    .onConflictDoUpdate({ target: [ltiContexts.platformId, ltiContexts.contextId], set: { courseId: course.id } });
  return { ok: true, courseId: course.id };
}
