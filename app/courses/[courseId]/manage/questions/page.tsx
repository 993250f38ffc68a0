import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { bankFiltersSchema, questionTypes, searchBank, type BankFilters } from "@/lib/authoring/bank-search";
import { REVIEW_TAG } from "@/lib/interop/imported";
import { requireCourseAccess } from "@/lib/auth/session";
import { titled } from "@/app/_components/page-title";

export const generateMetadata = titled("manage.questions.title");

const field = "mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm";

function FilterSelect(props: { name: string; label: string; value: string | undefined; options: { value: string; label: string }[] }) {
  return (
    <label className="text-sm font-medium">
      {props.label}
      <select name={props.name} defaultValue={props.value ?? ""} className={field}>
        {props.options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    </label>
  );
}

/** The bank with search and filters in the URL (shareable, works without JavaScript), one page of rows at a time. */
export default async function QuestionsPage({ params, searchParams }: PageProps<"/courses/[courseId]/manage/questions">) {
  const { courseId } = await params;
  await requireCourseAccess(courseId, "question:edit");
  const t = await getTranslations("manage");
  const tb = await getTranslations("management.bank");
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const filters = bankFiltersSchema.parse(raw);
  const bank = await searchBank(await getDb(), courseId, filters);
  const base = `/courses/${courseId}/manage`;
  const pageHref = (page: number) => {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...filters, page } satisfies BankFilters)) if (v !== undefined && !(k === "page" && v === 1)) query.set(k, String(v));
    const text = query.toString();
    return `${base}/questions${text ? `?${text}` : ""}`;
  };
  return (
    <section className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">{t("questions.title")}</h1>
          <p className="mt-1 text-slate-600">{t("questions.intro")}</p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Link href={`${base}/import`} className="rounded-lg border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-50">{t("home.import")}</Link>
          <Link href={`${base}/questions/new`} className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">{t("home.newQuestion")}</Link>
        </div>
      </div>
      {/* keyed by the filters: a client-side navigation (e.g. "Limpar filtros") must reset the uncontrolled fields */}
      <form key={JSON.stringify(filters)} method="get" role="search" aria-label={tb("filters")} className="grid gap-3 rounded-xl border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-6">
        <label className="text-sm font-medium lg:col-span-2">
          {tb("search")}
          <input type="search" name="q" defaultValue={filters.q ?? ""} placeholder={tb("searchPlaceholder")} className={field} />
        </label>
        <FilterSelect name="type" label={tb("type")} value={filters.type} options={[{ value: "", label: tb("anyType") }, ...questionTypes.map((type) => ({ value: type, label: t(`editor.types.${type}`) }))]} />
        <FilterSelect name="seed" label={tb("seed")} value={filters.seed} options={[{ value: "", label: tb("anySeed") }, ...bank.facets.seeds]} />
        <FilterSelect
          name="tag"
          label={tb("tag")}
          value={filters.tag}
          options={[{ value: "", label: tb("anyTag") }, ...bank.facets.tags.map((tag) => ({ value: tag.tag, label: tb("tagOption", { tag: tag.tag, count: tag.count }) }))]}
        />
        <FilterSelect
          name="usedIn"
          label={tb("usedIn")}
          value={filters.usedIn}
          options={[
            { value: "", label: tb("anyUse") },
            { value: "any", label: tb("usedSomewhere") },
            { value: "none", label: tb("usedNowhere") },
            ...bank.facets.assessments.map((a) => ({ value: a.id, label: a.title })),
          ]}
        />
        <div className="flex items-end gap-2 lg:col-span-6">
          <button type="submit" className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">{tb("apply")}</button>
          <Link href={`${base}/questions`} className="rounded-lg border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-50">{tb("clear")}</Link>
          <p role="status" className="ml-auto text-sm text-slate-600" data-testid="bank-count">{tb("count", { total: bank.total, all: bank.all })}</p>
        </div>
      </form>
      <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <thead className="bg-slate-50 text-slate-600">
            <tr>
              <th scope="col" className="px-4 py-3 font-medium">{t("questions.question")}</th>
              <th scope="col" className="px-4 py-3 font-medium">{t("questions.type")}</th>
              <th scope="col" className="hidden px-4 py-3 font-medium md:table-cell">{tb("tags")}</th>
              <th scope="col" className="hidden px-4 py-3 font-medium sm:table-cell">{tb("usedInColumn")}</th>
              <th scope="col" className="px-4 py-3 font-medium">{t("questions.origin")}</th>
              <th scope="col" className="px-4 py-3 font-medium">{t("questions.version")}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {bank.rows.map((q) => (
              <tr key={q.id} data-testid="bank-row" data-question-id={q.id}>
                <td className="px-4 py-3">
                  <Link href={`${base}/questions/${q.id}`} className="font-medium text-brand-700 hover:underline">{q.title}</Link>
                  <div className="font-mono text-xs text-slate-500">{q.id} · {q.topic}</div>
                  {q.fileTags.includes(REVIEW_TAG) && <span className="mt-1 inline-block rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-800">{t("questions.review")}</span>}
                </td>
                <td className="px-4 py-3">{t(`editor.types.${q.type}`)}</td>
                <td className="hidden px-4 py-3 md:table-cell">
                  <ul className="flex flex-wrap gap-1">
                    {q.fileTags.map((tag) => <li key={tag} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">{tag}</li>)}
                    {q.staffTags.map((tag) => <li key={tag} className="rounded bg-brand-50 px-1.5 py-0.5 text-xs text-brand-800">{tag}</li>)}
                  </ul>
                </td>
                <td className="hidden px-4 py-3 text-xs sm:table-cell">
                  {q.usedIn.length === 0 ? tb("unused") : q.usedIn.map((a) => <div key={a.id}><Link href={`${base}/assessments/${a.id}`} className="text-brand-700 hover:underline">{a.title}</Link></div>)}
                </td>
                <td className="px-4 py-3">
                  <span className={`rounded-full px-2 py-0.5 text-xs ${q.own ? "bg-brand-50 text-brand-800" : "bg-slate-100 text-slate-700"}`}>{q.own ? t("questions.own") : t("questions.bank")}</span>
                  <div className="mt-1 font-mono text-xs text-slate-500">{q.seedLabel}</div>
                </td>
                <td className="px-4 py-3">v{q.latestVersion}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {bank.pageCount > 1 && (
        <nav aria-label={tb("pagination")} className="flex items-center justify-between gap-3 text-sm">
          {bank.page > 1 ? <Link href={pageHref(bank.page - 1)} rel="prev" className="text-brand-700 hover:underline">{tb("previous")}</Link> : <span />}
          <span className="text-slate-600">{tb("page", { page: bank.page, pages: bank.pageCount })}</span>
          {bank.page < bank.pageCount ? <Link href={pageHref(bank.page + 1)} rel="next" className="text-brand-700 hover:underline">{tb("next")}</Link> : <span />}
        </nav>
      )}
    </section>
  );
}
