import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { starterFields } from "@/lib/authoring/forms/starters";
import { requireCourseAccess } from "@/lib/auth/session";
import { checkerSummaries } from "@/grader/types/code/checkers";
import { QuestionEditor } from "../../_components/QuestionEditor";
import { seedOptions } from "../../_components/seeds";
import { titled } from "@/app/_components/page-title";

export const generateMetadata = titled("manage.editor.newTitle");

export default async function NewQuestionPage({ params }: PageProps<"/courses/[courseId]/manage/questions/new">) {
  const { courseId } = await params;
  await requireCourseAccess(courseId, "question:edit");
  const t = await getTranslations("manage");
  const seeds = seedOptions(t("editor.webSource"));
  const initial = {
    fields: { id: "", type: "numeric", title: "", topic: "", tags: [], source: { seed: seeds[0]?.value ?? "web", item: "web" }, ...starterFields("numeric") },
    prompt: "",
    solution: "Resposta: {{answer}}",
  };
  return (
    <section className="space-y-6">
      <nav className="text-sm"><Link href={`/courses/${courseId}/manage/questions`} className="text-brand-700 hover:underline">← {t("questions.title")}</Link></nav>
      <h1 className="text-2xl font-semibold">{t("editor.newTitle")}</h1>
      <QuestionEditor courseId={courseId} questionId={null} initial={initial} seeds={seeds} checkers={checkerSummaries()} />
    </section>
  );
}
