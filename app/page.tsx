import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { homePathFor } from "@/lib/auth/policy";
import { currentUser } from "@/lib/auth/session";
import { listMemberships } from "@/lib/courses/membership";
import { SimpleMessagePage } from "./_components/SimpleMessagePage";
import { titled } from "@/app/_components/page-title";

export const generateMetadata = titled("home.noCourses");

export default async function Home() {
  const user = await currentUser();
  if (!user) redirect("/signin");
  const [first] = await listMemberships(await getDb(), user.id);
  if (first) redirect(homePathFor(first.courseId, first.role, first.archived));
  // An administrator without a course of their own starts at the course list (where courses are created).
  if (user.isAdmin) redirect("/courses");
  const t = await getTranslations("home");
  return <SimpleMessagePage title={t("noCourses")} text={t("noCoursesHint")} link={{ href: "/join", label: (await getTranslations("people.nav"))("join") }} />;
}
