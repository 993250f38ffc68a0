import { getTranslations } from "next-intl/server";
import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { requestNewVariant } from "@/lib/assessments/student-actions";
import { requireCourseAccess } from "@/lib/auth/session";
import { currentTime } from "@/lib/clock";
import { requestClientFacts } from "@/lib/http/client-facts";

export async function NewVariantButton({ courseId, assessmentId, itemId }: { courseId: string; assessmentId: string; itemId: string }) {
  const t = await getTranslations("question");
  async function newVariant() {
    "use server";
    const { user } = await requireCourseAccess(courseId, "assessment:take");
    await requestNewVariant(await getDb(), courseId, itemId, user.id, currentTime(), await requestClientFacts());
    revalidatePath(`/courses/${courseId}/assessments/${assessmentId}/questions/${itemId}`);
  }
  return (
    <form action={newVariant} className="mt-4">
      <button type="submit" className="rounded-lg border border-slate-300 px-4 py-2 text-sm font-medium hover:bg-slate-50">{t("newVariant")}</button>
    </form>
  );
}
