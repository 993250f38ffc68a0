"use client";

import { useTranslations } from "next-intl";
import { ClientMarkdown } from "@/app/_components/ClientMarkdown";
import { answerInputs } from "@/app/_components/answer-inputs";
import type { SelfCheckRow } from "@/grader/types/code/python/self-check";
import type { DraftIssue, DraftPreview } from "@/lib/authoring/validate";
import { smallButton } from "./inputs";

type Validation = { ok: true; parameterized: boolean; preview: DraftPreview } | { ok: false; issues: DraftIssue[] };

function formatParam(value: unknown): string {
  return Array.isArray(value) ? JSON.stringify(value) : String(value);
}

/** What the checker declared in Python was proven to do on the default variant. */
function SelfCheckTable({ rows }: { rows: SelfCheckRow[] }) {
  const t = useTranslations("manage.preview");
  const expected = (r: SelfCheckRow) =>
    r.kind === "reference" ? t("selfCheckReference") : r.kind === "non-answer" ? t("selfCheckNonAnswer") : t("selfCheckMisconception", { id: r.expected });
  return (
    <div className="rounded-lg border border-slate-200 p-3 text-sm">
      <p className="font-medium">{t("selfCheck")}</p>
      <table className="mt-2 w-full text-left text-xs" data-testid="preview-self-check">
        <thead>
          <tr><th scope="col">{t("selfCheckWhat")}</th><th scope="col">{t("selfCheckExpected")}</th><th scope="col">{t("selfCheckGot")}</th></tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i} className={r.ok ? "text-emerald-800" : "text-red-800"}>
              <td>{r.ok ? "✓" : "✗"} {r.label}</td>
              <td>{expected(r)}</td>
              <td>{t("selfCheckScore", { score: r.score })}{r.kind === "misconception" ? ` · ${r.misconception ?? t("selfCheckNone")}` : ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Live preview: a variant of the draft as a student sees it, its reference answer, and a test answer graded. */
export function QuestionPreview(props: {
  type: string;
  validation: Validation | null;
  seed: number | null;
  onSeed: (seed: number | null) => void;
  testAnswer: string;
  onTestAnswer: (answer: string) => void;
}) {
  const t = useTranslations("manage.preview");
  const Input = answerInputs[props.type];
  const preview = props.validation?.ok ? props.validation.preview : null;
  const parameterized = props.validation?.ok ? props.validation.parameterized : false;
  const grade = preview?.grade;
  return (
    <section className="space-y-4 rounded-xl border border-slate-200 bg-white p-4 sm:p-6" aria-label={t("title")} data-testid="question-preview">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-lg font-semibold">{t("title")}</h2>
        <div className="flex gap-2">
          <button type="button" className={smallButton} disabled={props.seed === null} onClick={() => props.onSeed(null)}>{t("defaultVariant")}</button>
          <button
            type="button"
            className={smallButton}
            disabled={!parameterized}
            onClick={() => props.onSeed(1 + Math.floor(Math.random() * 2_000_000_000))}
          >
            {t("anotherVariant")}
          </button>
        </div>
      </div>
      {!preview ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-4 text-sm text-slate-600">{props.validation ? t("fixFirst") : t("loading")}</p>
      ) : (
        <>
          <p className="text-sm text-slate-600" data-testid="preview-variant">
            {preview.seed === null ? t("variantDefault") : t("variantSeed", { seed: preview.seed })}
            {Object.keys(preview.params).length > 0 && (
              <span className="ml-2 font-mono text-xs" data-testid="preview-params">
                {Object.entries(preview.params).map(([k, v]) => `${k} = ${formatParam(v)}`).join(" · ")}
              </span>
            )}
          </p>
          <div className="rounded-lg bg-slate-50 p-4" data-testid="preview-prompt"><ClientMarkdown>{preview.prompt}</ClientMarkdown></div>
          {Input && (
            <div>
              <Input value={props.testAnswer} onChange={props.onTestAnswer} publicView={preview.publicView} disabled={false} />
              <p className="mt-1 text-xs text-slate-500">{t("testHint")}</p>
            </div>
          )}
          {grade && (
            <div role="status" data-testid="preview-grade" className={`rounded-lg border p-3 text-sm ${grade.status === "error" ? "border-red-200 bg-red-50" : grade.score >= 1 ? "border-emerald-200 bg-emerald-50" : "border-amber-200 bg-amber-50"}`}>
              <p className="font-semibold">{grade.status === "error" ? t("unreadable") : "pending" in grade && grade.pending ? t("pending") : t("score", { percent: Math.round(grade.score * 1000) / 10 })}</p>
              <ClientMarkdown>{grade.feedback}</ClientMarkdown>
            </div>
          )}
          {preview.selfCheck && <SelfCheckTable rows={preview.selfCheck} />}
          <details className="rounded-lg border border-slate-200 p-3 text-sm" open>
            <summary className="cursor-pointer font-medium">{t("reference")}</summary>
            <pre className="mt-2 overflow-x-auto whitespace-pre-wrap break-all font-mono text-xs" data-testid="preview-reference">{preview.referenceAnswer}</pre>
            <button type="button" className={`${smallButton} mt-2`} onClick={() => props.onTestAnswer(preview.referenceAnswer)}>{t("useReference")}</button>
          </details>
          <details className="rounded-lg border border-emerald-200 bg-emerald-50/50 p-3 text-sm">
            <summary className="cursor-pointer font-medium">{t("solution")}</summary>
            <div className="mt-2"><ClientMarkdown>{preview.solution}</ClientMarkdown></div>
          </details>
        </>
      )}
    </section>
  );
}
