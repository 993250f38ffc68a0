import { getTranslations } from "next-intl/server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { enterAssessmentCode } from "@/lib/assessments/student-actions";
import { requireCourseAccess } from "@/lib/auth/session";
import { requestClientFacts } from "@/lib/http/client-facts";

/** The access code of an assessment, asked once per student before anything of it is shown. */
export async function AccessCodeForm({ courseId, assessmentId, wrong = false }: { courseId: string; assessmentId: string; wrong?: boolean }) {
  const t = await getTranslations("exam");
  const page = `/courses/${courseId}/assessments/${assessmentId}`;
  async function enter(form: FormData) {
    "use server";
    const { user } = await requireCourseAccess(courseId, "assessment:take");
    const code = String(form.get("code") ?? "").slice(0, 200);
    const outcome = await enterAssessmentCode(await getDb(), courseId, assessmentId, user.id, code, await requestClientFacts());
    revalidatePath(page);
    if (outcome !== "granted") redirect(`${page}?codigo=errado`);
    redirect(page);
  }
  return (
    <form action={enter} className="space-y-3 rounded-xl border border-brand-100 bg-brand-50 p-4" data-testid="access-code-form">
      <h2 className="font-semibold">{t("codeTitle")}</h2>
      <p className="text-sm">{t("codeText")}</p>
      {wrong && <p role="alert" className="text-sm font-medium text-red-800">{t("codeWrong")}</p>}
      <label className="block text-sm font-medium" htmlFor="access-code">{t("codeLabel")}</label>
      <input id="access-code" name="code" type="password" autoComplete="off" required maxLength={200} className="w-full max-w-xs rounded-lg border border-slate-300 px-3 py-2" />
      <button type="submit" className="block rounded-lg bg-brand-600 px-5 py-2 font-medium text-white hover:bg-brand-700">{t("codeSubmit")}</button>
    </form>
  );
}
