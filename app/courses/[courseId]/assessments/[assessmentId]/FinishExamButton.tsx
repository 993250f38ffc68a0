import { getTranslations } from "next-intl/server";
import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { finishAssessment } from "@/lib/assessments/student-actions";
import { requireCourseAccess } from "@/lib/auth/session";
import { currentTime } from "@/lib/clock";
import { ConfirmForm } from "@/app/_components/ConfirmForm";

export async function FinishExamButton({ courseId, assessmentId }: { courseId: string; assessmentId: string }) {
  const t = await getTranslations("exam");
  async function finish() {
    "use server";
    const { user } = await requireCourseAccess(courseId, "assessment:take");
    await finishAssessment(await getDb(), courseId, assessmentId, user.id, currentTime());
    revalidatePath(`/courses/${courseId}/assessments/${assessmentId}`, "layout");
  }
  return (
    <ConfirmForm
      action={finish}
      label={t("finish")}
      title={t("finishConfirmTitle")}
      text={t("finishConfirmText")}
      confirmLabel={t("confirmFinish")}
      cancelLabel={t("cancel")}
      tone="danger"
    />
  );
}
