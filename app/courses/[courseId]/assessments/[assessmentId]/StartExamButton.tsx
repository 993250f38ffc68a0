import { getTranslations } from "next-intl/server";
import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { startAssessment } from "@/lib/assessments/student-actions";
import { requireCourseAccess } from "@/lib/auth/session";

export async function StartExamButton({ courseId, assessmentId, minutes }: { courseId: string; assessmentId: string; minutes: number }) {
  const t = await getTranslations("assessment");
  async function start() {
    "use server";
    const { user } = await requireCourseAccess(courseId, "assessment:take");
    await startAssessment(await getDb(), courseId, assessmentId, user.id);
    revalidatePath(`/courses/${courseId}/assessments/${assessmentId}`);
  }
  return (
    <form action={start} className="rounded-xl border border-brand-100 bg-brand-50 p-4">
      <p className="mb-3">{t("startNotice", { minutes })}</p>
      <button type="submit" className="rounded-lg bg-brand-600 px-5 py-2 font-medium text-white hover:bg-brand-700">{t("start")}</button>
    </form>
  );
}
