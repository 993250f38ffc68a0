import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { can, courseRoles, type CourseRole } from "@/lib/auth/policy";
import { requireCourseAccess } from "@/lib/auth/session";
import { listRoster } from "@/lib/courses/roster";
import { fieldClass, secondaryButton } from "@/app/_components/api-client";
import { AddPersonForm } from "./AddPersonForm";
import { RosterImport } from "./RosterImport";
import { RosterRowActions } from "./RosterRowActions";
import { titled } from "@/app/_components/page-title";

export const generateMetadata = titled("people.roster.title");

/** The roster: search and role filter (a GET form), and for the instructor adding, changing, removing, importing. */
export default async function PeoplePage({ params, searchParams }: PageProps<"/courses/[courseId]/people">) {
  const { courseId } = await params;
  const access = await requireCourseAccess(courseId, "roster:view");
  const query = await searchParams;
  const search = typeof query.q === "string" ? query.q.slice(0, 200) : "";
  const role = courseRoles.find((r) => r === query.role) as CourseRole | undefined;
  const showRemoved = query.removed === "1";
  const people = await listRoster(await getDb(), courseId, { search, role, includeRemoved: showRemoved });
  const manage = can(access.role, "roster:manage", access);
  const t = await getTranslations();
  return (
    <section className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("people.roster.title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("people.roster.intro")}</p>
      </div>
      <form method="get" className="flex flex-wrap items-end gap-3" role="search">
        <div>
          <label htmlFor="q" className="block text-sm font-medium text-slate-700">{t("people.roster.search")}</label>
          <input id="q" name="q" defaultValue={search} className={fieldClass} />
        </div>
        <div>
          <label htmlFor="role" className="block text-sm font-medium text-slate-700">{t("people.roster.role")}</label>
          <select id="role" name="role" defaultValue={role ?? ""} className={fieldClass}>
            <option value="">{t("people.roster.allRoles")}</option>
            {courseRoles.map((r) => <option key={r} value={r}>{t(`roles.${r}`)}</option>)}
          </select>
        </div>
        <label className="flex items-center gap-2 text-sm"><input type="checkbox" name="removed" value="1" defaultChecked={showRemoved} />{t("people.roster.showRemoved")}</label>
        <button type="submit" className={secondaryButton}>{t("people.roster.filter")}</button>
      </form>
      <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <thead className="bg-slate-50 text-slate-600">
            <tr>
              <th className="px-4 py-2">{t("people.roster.name")}</th>
              <th className="px-4 py-2">{t("people.roster.email")}</th>
              <th className="px-4 py-2">{t("people.roster.studentId")}</th>
              <th className="px-4 py-2">{t("people.roster.role")}</th>
              <th className="px-4 py-2">{t("people.roster.status")}</th>
              {manage && <th className="px-4 py-2"><span className="sr-only">{t("people.roster.actions")}</span></th>}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {people.map((p) => (
              <tr key={p.userId} data-testid="roster-row">
                <td className="px-4 py-2 font-medium">
                  {p.role === "student" ? (
                    <Link href={`/courses/${courseId}/review/students/${p.userId}`} className="text-brand-700 hover:underline">{p.name}</Link>
                  ) : (
                    p.name
                  )}
                </td>
                <td className="px-4 py-2">{p.email}</td>
                <td className="px-4 py-2">{p.studentId ?? ""}</td>
                <td className="px-4 py-2">{manage && !p.removed ? null : t(`roles.${p.role}`)}{manage && !p.removed && <RosterRowActions courseId={courseId} userId={p.userId} name={p.name} role={p.role} part="role" />}</td>
                <td className="px-4 py-2">
                  {p.removed ? t("people.roster.removed") : p.invitePending ? <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs text-amber-800">{t("people.roster.pending")}</span> : t("people.roster.active")}
                </td>
                {manage && <td className="px-4 py-2">{!p.removed && <RosterRowActions courseId={courseId} userId={p.userId} name={p.name} role={p.role} part="actions" />}</td>}
              </tr>
            ))}
            {people.length === 0 && <tr><td colSpan={6} className="px-4 py-6 text-center text-slate-500">{t("people.roster.empty")}</td></tr>}
          </tbody>
        </table>
      </div>
      {manage && (
        <div className="grid gap-6 lg:grid-cols-2">
          <AddPersonForm courseId={courseId} />
          <RosterImport courseId={courseId} />
        </div>
      )}
    </section>
  );
}
