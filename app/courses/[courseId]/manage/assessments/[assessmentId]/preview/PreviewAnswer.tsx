"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { ClientMarkdown } from "@/app/_components/ClientMarkdown";
import { answerInputs } from "@/app/_components/answer-inputs";

interface Grade {
  status?: "graded" | "error";
  score?: number;
  pending?: boolean;
  feedback?: { feedback?: string } | null;
  error?: string;
}

/** The student's answer input on the preview variant, graded by the server without storing anything. */
export function PreviewAnswer(props: {
  courseId: string;
  assessmentId: string;
  questionId: string;
  seed: number;
  type: string;
  publicView: Record<string, unknown>;
  referenceAnswer: string | null;
  starter: string;
}) {
  const t = useTranslations("management.preview");
  const Input = answerInputs[props.type];
  const [answer, setAnswer] = useState(props.starter);
  const [pending, setPending] = useState(false);
  const [grade, setGrade] = useState<Grade | null>(null);

  async function check() {
    setPending(true);
    const response = await fetch(`/api/courses/${props.courseId}/manage/assessments/${props.assessmentId}/preview`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ questionId: props.questionId, seed: props.seed, answer }),
    });
    const body = (await response.json().catch(() => ({}))) as Grade;
    setGrade(response.ok ? body : { error: body.error ?? t("failed") });
    setPending(false);
  }

  const score = grade?.score ?? 0;
  return (
    <form
      className="space-y-3"
      aria-label={t("answerFor")}
      onSubmit={(event) => {
        event.preventDefault();
        void check();
      }}
    >
      {Input && <Input value={answer} onChange={setAnswer} publicView={props.publicView} disabled={pending} />}
      <div className="flex flex-wrap gap-2">
        <button type="submit" disabled={pending} className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-50">
          {pending ? t("checking") : t("check")}
        </button>
        {props.referenceAnswer !== null && (
          <button type="button" onClick={() => setAnswer(props.referenceAnswer!)} className="rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-50">
            {t("useReference")}
          </button>
        )}
      </div>
      {grade && (
        <div
          role="status"
          data-testid="preview-answer-grade"
          className={`rounded-lg border p-3 text-sm ${grade.error || grade.status === "error" ? "border-red-200 bg-red-50" : score >= 1 ? "border-emerald-200 bg-emerald-50" : "border-amber-200 bg-amber-50"}`}
        >
          {grade.error ? (
            <p>{grade.error}</p>
          ) : (
            <>
              <p className="font-semibold">{grade.status === "error" ? t("unreadable") : grade.pending ? t("pending") : t("score", { percent: Math.round(score * 1000) / 10 })}</p>
              {grade.feedback?.feedback && <ClientMarkdown>{grade.feedback.feedback}</ClientMarkdown>}
            </>
          )}
        </div>
      )}
    </form>
  );
}
