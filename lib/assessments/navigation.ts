/** Previous and next question of an assessment, for the student's question page and the staff's item pages. */
import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { assessmentItems } from "@/db/schema";

export interface ItemNeighbours {
  position: number;
  count: number;
  previous: { id: string; position: number } | null;
  next: { id: string; position: number } | null;
}

/** Pure: the neighbours of `itemId` among items ordered by position; null when it is not one of them. */
export function neighboursOf(items: { id: string; position: number }[], itemId: string): ItemNeighbours | null {
  const ordered = [...items].sort((a, b) => a.position - b.position);
  const index = ordered.findIndex((i) => i.id === itemId);
  if (index < 0) return null;
  const at = (i: number) => (ordered[i] ? { id: ordered[i].id, position: ordered[i].position } : null);
  return { position: ordered[index]!.position, count: ordered.length, previous: at(index - 1), next: at(index + 1) };
}

export async function itemNeighbours(db: Db, assessmentId: string, itemId: string): Promise<ItemNeighbours | null> {
  const items = await db
    .select({ id: assessmentItems.id, position: assessmentItems.position })
    .from(assessmentItems)
    .where(eq(assessmentItems.assessmentId, assessmentId))
    .orderBy(asc(assessmentItems.position));
  return neighboursOf(items, itemId);
}
