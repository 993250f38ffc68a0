"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { requireCourseAccess } from "@/lib/auth/session";
import { currentTime } from "@/lib/clock";
import { overrideInputSchema, setScoreOverride } from "@/lib/grade-changes/override";
import { hasControlCharacters } from "@/lib/http/edge";

export type OverrideFormState = { status: "idle" } | { status: "saved"; savedAt: number } | { status: "error"; message: string };

/** The override form: points (empty with "clear") and a reason; the message keys are said by the form. */
export async function saveOverrideAction(_previous: OverrideFormState, form: FormData): Promise<OverrideFormState> {
  const courseId = String(form.get("courseId") ?? "");
  const { user } = await requireCourseAccess(courseId, "grade:override");
  const clear = form.get("intent") === "clear";
  const raw = String(form.get("points") ?? "").trim().replace(",", ".");
  const input = overrideInputSchema.safeParse({
    itemId: form.get("itemId"),
    studentId: form.get("studentId"),
    points: clear ? null : raw === "" ? Number.NaN : Number(raw),
    reason: form.get("reason") ?? "",
  });
  if (hasControlCharacters([form.get("reason")])) return { status: "error", message: "gradeChanges.errors.invalid" };
  if (!input.success) return { status: "error", message: input.error.issues.some((i) => i.path[0] === "points") ? "gradeChanges.errors.outOfRange" : "gradeChanges.errors.invalid" };
  const outcome = await setScoreOverride(await getDb(), { courseId, actorId: user.id }, input.data, currentTime());
  if (!outcome.ok) return { status: "error", message: outcome.message };
  revalidatePath(`/courses/${courseId}`, "layout");
  return { status: "saved", savedAt: Date.now() };
}
