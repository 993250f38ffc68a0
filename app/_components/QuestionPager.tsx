import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { ItemNeighbours } from "@/lib/assessments/navigation";

/** "← Questão 2 · Questão 3 de 5 · Questão 4 →": `hrefFor` builds the link of a sibling item. */
export async function QuestionPager({ neighbours, hrefFor }: { neighbours: ItemNeighbours | null; hrefFor: (itemId: string) => string }) {
  if (!neighbours || neighbours.count < 2) return null;
  const t = await getTranslations("management.pager");
  const link = "rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-brand-700 hover:bg-slate-50";
  return (
    <nav aria-label={t("label")} className="flex flex-wrap items-center justify-between gap-2" data-testid="question-pager">
      {neighbours.previous ? (
        <Link href={hrefFor(neighbours.previous.id)} rel="prev" className={link}>{t("previous", { n: neighbours.previous.position })}</Link>
      ) : (
        <span />
      )}
      <span className="text-sm text-slate-600">{t("position", { n: neighbours.position, count: neighbours.count })}</span>
      {neighbours.next ? (
        <Link href={hrefFor(neighbours.next.id)} rel="next" className={link}>{t("next", { n: neighbours.next.position })}</Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
