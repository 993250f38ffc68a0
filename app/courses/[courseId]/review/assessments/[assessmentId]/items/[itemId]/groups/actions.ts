"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { gradeAnswerGroup, groupGradeInputSchema } from "@/lib/answer-groups/load";
import { requireCourseAccess } from "@/lib/auth/session";
import { currentTime } from "@/lib/clock";
import { hasControlCharacters } from "@/lib/http/edge";

export type GroupGradeState = { status: "idle" } | { status: "error"; message: string; key: boolean };

const pageSchema = z.object({ assessmentId: z.string().uuid(), itemId: z.string().uuid() });

/** Grades the answers kept in one group (checkboxes "member") with the rubric items ticked ("rubric"). */
export async function gradeGroupAction(_previous: GroupGradeState, form: FormData): Promise<GroupGradeState> {
  const courseId = String(form.get("courseId") ?? "");
  const { user } = await requireCourseAccess(courseId, "submission:grade-manually");
  if (hasControlCharacters([form.get("comment")])) return { status: "error", message: "gradeChanges.errors.invalid", key: true };
  const input = groupGradeInputSchema.safeParse({ submissionIds: form.getAll("member"), awarded: form.getAll("rubric"), comment: form.get("comment") ?? "" });
  if (!input.success) return { status: "error", message: input.error.issues.some((i) => i.path[0] === "submissionIds") ? "answerGroups.noneSelected" : "gradeChanges.errors.invalid", key: true };
  const outcome = await gradeAnswerGroup(await getDb(), { courseId, graderId: user.id }, input.data, currentTime());
  if (!outcome.ok) return { status: "error", message: outcome.message, key: false };
  revalidatePath(`/courses/${courseId}`, "layout");
  // back to the groups, which now leave the graded answers out (their group may be gone): the page says how many
  const page = pageSchema.safeParse({ assessmentId: form.get("assessmentId"), itemId: form.get("itemId") });
  if (!page.success) return { status: "idle" };
  redirect(`/courses/${courseId}/review/assessments/${page.data.assessmentId}/items/${page.data.itemId}/groups?graded=${outcome.graded}&skipped=${outcome.skipped}`);
}
