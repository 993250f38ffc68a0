import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { homePathFor } from "@/lib/auth/policy";
import { requireUser } from "@/lib/auth/session";
import { courseTerms, listStaffCourses } from "@/lib/courses/courses";
import { listMemberships } from "@/lib/courses/membership";
import { fieldClass, secondaryButton } from "@/app/_components/api-client";
import { listAccounts } from "@/lib/accounts/users";
import { AccountsTable } from "./AccountsTable";
import { AdminForms } from "./AdminForms";
import { titled } from "@/app/_components/page-title";

export const generateMetadata = titled("people.courses.title");

/** Staff's course list with filters (an administrator sees every course and creates new ones and accounts). */
export default async function CoursesPage({ searchParams }: PageProps<"/courses">) {
  const user = await requireUser();
  const query = await searchParams;
  const search = typeof query.q === "string" ? query.q.slice(0, 200) : "";
  const term = typeof query.term === "string" ? query.term.slice(0, 100) : "";
  const status = query.status === "archived" || query.status === "all" ? query.status : "active";
  const db = await getDb();
  const [courses, terms, memberships] = await Promise.all([listStaffCourses(db, user, { search, term: term || undefined, status }), courseTerms(db), listMemberships(db, user.id)]);
  const accounts = user.isAdmin ? await listAccounts(db, typeof query.account === "string" ? query.account.slice(0, 200) : "") : [];
  const roleIn = new Map(memberships.map((m) => [m.courseId, m.role]));
  const t = await getTranslations();
  return (
    <main id="main" tabIndex={-1} className="mx-auto max-w-6xl space-y-6 px-4 py-8">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">{t("people.courses.title")}</h1>
        <span className="flex gap-4">
          {user.isAdmin && <Link href="/admin/lti" className="text-sm text-brand-700 underline">{t("lti.admin.title")}</Link>}
          <Link href="/account" className="text-sm text-brand-700 underline">{t("people.account.title")}</Link>
        </span>
      </div>
      <form method="get" role="search" className="flex flex-wrap items-end gap-3">
        <div><label htmlFor="q" className="block text-sm font-medium text-slate-700">{t("people.roster.search")}</label><input id="q" name="q" defaultValue={search} className={fieldClass} /></div>
        <div>
          <label htmlFor="term" className="block text-sm font-medium text-slate-700">{t("people.settings.term")}</label>
          <select id="term" name="term" defaultValue={term} className={fieldClass}><option value="">{t("people.courses.allTerms")}</option>{terms.map((x) => <option key={x}>{x}</option>)}</select>
        </div>
        <div>
          <label htmlFor="status" className="block text-sm font-medium text-slate-700">{t("people.courses.status")}</label>
          <select id="status" name="status" defaultValue={status} className={fieldClass}>
            {(["active", "archived", "all"] as const).map((s) => <option key={s} value={s}>{t(`people.courses.statuses.${s}`)}</option>)}
          </select>
        </div>
        <button type="submit" className={secondaryButton}>{t("people.roster.filter")}</button>
      </form>
      <ul className="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white">
        {courses.map((c) => {
          const role = roleIn.get(c.id);
          return (
            <li key={c.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3 text-sm" data-testid="course-row">
              {role ? <Link href={homePathFor(c.id, role, c.archivedAt !== null)} className="font-medium text-brand-700 underline">{c.title}</Link> : <span className="font-medium">{c.title}</span>}
              <span className="font-mono text-slate-500">{c.slug}</span>
              <span className="text-slate-600">{c.term}</span>
              {c.archivedAt && <span className="rounded-full bg-slate-200 px-2 py-0.5 text-xs">{t("people.courses.archived")}</span>}
            </li>
          );
        })}
        {courses.length === 0 && <li className="px-4 py-6 text-center text-slate-500">{t("people.courses.empty")}</li>}
      </ul>
      {user.isAdmin && <AdminForms />}
      {user.isAdmin && (
        <AccountsTable selfId={user.id} accounts={accounts.map((a) => ({ id: a.id, name: a.name, email: a.email, isAdmin: a.isAdmin, removed: a.deactivatedAt !== null, hasPassword: a.hasPassword }))} />
      )}
    </main>
  );
}
