"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { requireCourseAccess } from "@/lib/auth/session";
import { currentTime } from "@/lib/clock";
import { markNoticesRead, markReadSchema } from "@/lib/grade-changes/notices";

/** "Mark as read" on a student's grade notices: only the signed-in student's own notices change. */
export async function markGradeNoticesRead(form: FormData): Promise<void> {
  const courseId = String(form.get("courseId") ?? "");
  const { user } = await requireCourseAccess(courseId, "grades:view-own");
  const input = markReadSchema.safeParse({ noticeIds: form.getAll("noticeId") });
  if (!input.success) return;
  await markNoticesRead(await getDb(), user.id, input.data.noticeIds, currentTime());
  revalidatePath(`/courses/${courseId}`, "layout");
}
