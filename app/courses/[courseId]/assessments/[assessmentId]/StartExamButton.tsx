import { getTranslations } from "next-intl/server";
import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { startAssessment } from "@/lib/assessments/student-actions";
import { requireCourseAccess } from "@/lib/auth/session";
import { currentTime } from "@/lib/clock";
import { requestClientFacts } from "@/lib/http/client-facts";
import { ConfirmForm } from "@/app/_components/ConfirmForm";

export async function StartExamButton({ courseId, assessmentId, minutes }: { courseId: string; assessmentId: string; minutes: number }) {
  const [t, te] = await Promise.all([getTranslations("assessment"), getTranslations("exam")]);
  async function start() {
    "use server";
    const { user } = await requireCourseAccess(courseId, "assessment:take");
    await startAssessment(await getDb(), courseId, assessmentId, user.id, currentTime(), await requestClientFacts());
    revalidatePath(`/courses/${courseId}/assessments/${assessmentId}`);
  }
  return (
    <div className="space-y-3 rounded-xl border border-brand-100 bg-brand-50 p-4">
      <p>{t("startNotice", { minutes })}</p>
      <ConfirmForm
        action={start}
        label={t("start")}
        title={te("startConfirmTitle")}
        text={te("startConfirmText", { minutes })}
        confirmLabel={te("confirmStart")}
        cancelLabel={te("cancel")}
      />
    </div>
  );
}
