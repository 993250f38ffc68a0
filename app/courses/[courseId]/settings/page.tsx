import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { requireCourseAccess } from "@/lib/auth/session";
import { accountConfig } from "@/lib/accounts/config";
import { getCourse } from "@/lib/courses/courses";
import { CourseSettingsForms } from "./CourseSettingsForms";
import { titled } from "@/app/_components/page-title";

export const generateMetadata = titled("people.settings.title");

export default async function CourseSettingsPage({ params }: PageProps<"/courses/[courseId]/settings">) {
  const { courseId } = await params;
  await requireCourseAccess(courseId, "course:edit");
  const course = await getCourse(await getDb(), courseId);
  if (!course) notFound();
  const t = await getTranslations("people.settings");
  const joinUrl = course.joinCode ? `${accountConfig().NEXTAUTH_URL.replace(/\/$/, "")}/join?code=${course.joinCode}` : null;
  return (
    <section className="space-y-6">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <CourseSettingsForms
        course={{
          id: course.id,
          slug: course.slug,
          title: course.title,
          term: course.term,
          timeZone: course.timeZone,
          language: course.language,
          archived: course.archivedAt !== null,
          selfEnrolment: course.selfEnrolment,
          joinCode: course.joinCode,
          joinUrl,
          allowedDomains: course.allowedDomains.join(", "),
        }}
        timeZones={Intl.supportedValuesOf("timeZone")}
      />
    </section>
  );
}
