import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { CourseRole } from "@/lib/auth/policy";
import { homePathFor } from "@/lib/auth/policy";
import type { Membership } from "@/lib/courses/membership";
import { CourseSwitcher } from "./CourseSwitcher";
import { UserMenu } from "./UserMenu";

type NavKey = "assessments" | "grades" | "manage" | "questions" | "review" | "gradebook" | "people" | "settings";

/** Message key of each entry's label (areas own their labels: the gradebook's is in review.json). */
const navLabels: Record<NavKey, string> = {
  assessments: "nav.assessments",
  grades: "nav.grades",
  manage: "nav.manage",
  questions: "nav.questions",
  review: "nav.review",
  gradebook: "review.nav.gradebook",
  people: "people.nav.people",
  settings: "people.nav.settings",
};

function navFor(courseId: string, role: CourseRole, archived: boolean): { key: NavKey; href: string }[] {
  const base = `/courses/${courseId}`;
  if (role === "student") return [{ key: "assessments", href: base }, { key: "grades", href: `${base}/grades` }];
  if (role === "ta") {
    return [{ key: "review", href: `${base}/review` }, { key: "gradebook", href: `${base}/review/gradebook` }, { key: "people", href: `${base}/people` }];
  }
  // An archived course is read-only: no authoring pages.
  const authoring: { key: NavKey; href: string }[] = archived ? [] : [{ key: "manage", href: `${base}/manage` }, { key: "questions", href: `${base}/manage/questions` }];
  return [
    ...authoring,
    { key: "review", href: `${base}/review` },
    { key: "gradebook", href: `${base}/review/gradebook` },
    { key: "people", href: `${base}/people` },
    { key: "settings", href: `${base}/settings` },
  ];
}

/** Header with course switcher, role-aware navigation and user menu around every course page. */
export async function CourseShell(props: {
  user: { name: string; email: string };
  role: CourseRole;
  courseId: string;
  archived?: boolean;
  memberships: Membership[];
  children: React.ReactNode;
}) {
  const t = await getTranslations();
  const current = props.memberships.find((m) => m.courseId === props.courseId);
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-3 px-4 py-3">
          <Link href="/" className="text-lg font-bold tracking-tight text-brand-700">
            {t("app.name")}
          </Link>
          <CourseSwitcher
            label={t("nav.switchCourse")}
            currentCourseId={props.courseId}
            options={props.memberships.map((m) => ({ courseId: m.courseId, label: m.title, href: homePathFor(m.courseId, m.role, m.archived) }))}
          />
          <nav aria-label={current?.title ?? t("nav.course")} className="order-last flex w-full flex-wrap gap-1 sm:order-none sm:w-auto sm:flex-1">
            {navFor(props.courseId, props.role, props.archived ?? false).map((item) => (
              <Link key={item.key} href={item.href} className="rounded-lg px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100">
                {t(navLabels[item.key])}
              </Link>
            ))}
          </nav>
          <div className="ml-auto">
            <UserMenu name={props.user.name} email={props.user.email} roleLabel={t(`roles.${props.role}`)} staff={props.role !== "student"} />
          </div>
        </div>
      </header>
      {props.archived && (
        <p role="status" className="bg-slate-200 px-4 py-2 text-center text-sm text-slate-800">{t("people.archivedBanner")}</p>
      )}
      <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-8">{props.children}</main>
    </div>
  );
}
