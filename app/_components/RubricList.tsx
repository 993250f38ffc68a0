import { useTranslations } from "next-intl";
import type { RubricBreakdown } from "@/lib/assessments/rubric-breakdown";

/** Which rubric items a manual grade met (staff and, once released, the student). */
export function RubricList({ rubric }: { rubric: RubricBreakdown }) {
  const t = useTranslations("gradeChanges.rubric");
  return (
    <div>
      <p className="text-xs font-semibold text-slate-600">{t("title")}</p>
      <ul className="mt-1 space-y-1 text-sm" data-testid="rubric-breakdown">
        {rubric.map((r, index) => (
          <li key={index} className={`flex gap-2 ${r.met ? "text-emerald-800" : "text-slate-500"}`}>
            <span aria-hidden>{r.met ? "✓" : "✗"}</span>
            <span className="flex-1">{r.text}</span>
            <span className="whitespace-nowrap tabular-nums">
              {t("points", { points: r.points })} · {r.met ? t("met") : t("notMet")}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
