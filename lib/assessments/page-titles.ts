import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { assessmentItems, assessments } from "@/db/schema";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What a page's title may name of an assessment (and of one of its items: only its position, never the question,
 * which may be a pool's draw or an exam's not yet started). A student learns only published titles.
 */
export async function assessmentTitleFor(
  db: Db,
  query: { courseId: string; assessmentId: string; itemId?: string; staff: boolean },
): Promise<{ title: string; position: number | null } | null> {
  if (!uuid.test(query.assessmentId) || (query.itemId !== undefined && !uuid.test(query.itemId))) return null;
  const [found] = await db
    .select({ title: assessments.title, published: assessments.published })
    .from(assessments)
    .where(and(eq(assessments.id, query.assessmentId), eq(assessments.courseId, query.courseId)))
    .limit(1);
  if (!found || (!query.staff && !found.published)) return null;
  if (query.itemId === undefined) return { title: found.title, position: null };
  const [item] = await db
    .select({ position: assessmentItems.position })
    .from(assessmentItems)
    .where(and(eq(assessmentItems.id, query.itemId), eq(assessmentItems.assessmentId, query.assessmentId)))
    .limit(1);
  return item ? { title: found.title, position: item.position } : null;
}
