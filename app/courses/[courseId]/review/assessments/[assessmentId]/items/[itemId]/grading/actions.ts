"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { requireCourseAccess } from "@/lib/auth/session";
import { hasControlCharacters } from "@/lib/http/edge";
import { requestLocale } from "@/lib/i18n/request-locale";
import { translate } from "@/domain/i18n/translate";
import { localizedIssue } from "@/domain/i18n/validation";
import { manualGradeInputSchema, saveManualGrade } from "@/lib/manual-grading/save";

export type GradeFormState = { status: "idle" } | { status: "saved"; score: number; savedAt: number } | { status: "error"; message: string };

/** Saves a manual grade from the grading form (rubric checkboxes named "rubric", comment, reason). */
export async function saveGradeAction(_previous: GradeFormState, form: FormData): Promise<GradeFormState> {
  const courseId = String(form.get("courseId") ?? "");
  const { user } = await requireCourseAccess(courseId, "submission:grade-manually");
  const input = manualGradeInputSchema.safeParse({
    submissionId: form.get("submissionId"),
    awarded: form.getAll("rubric"),
    comment: form.get("comment") ?? "",
    reason: form.get("reason") ?? "",
  });
  const locale = await requestLocale();
  if (hasControlCharacters([form.get("comment"), form.get("reason")])) return { status: "error", message: translate(locale, "api.controlCharactersText") };
  if (!input.success) return { status: "error", message: localizedIssue(input.error.issues[0], locale) || translate(locale, "api.invalidData") };
  const outcome = await saveManualGrade(await getDb(), { courseId, graderId: user.id }, input.data);
  if (!outcome.ok) return { status: "error", message: translate(locale, outcome.message, outcome.values) };
  revalidatePath(`/courses/${courseId}`, "layout");
  return { status: "saved", score: outcome.score, savedAt: Date.now() };
}
