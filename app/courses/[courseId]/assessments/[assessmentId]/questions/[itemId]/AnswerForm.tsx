"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { ClientMarkdown } from "@/app/_components/ClientMarkdown";
import { answerInputs } from "@/app/_components/answer-inputs";
import { fetchRetrying } from "@/lib/http/retry-fetch";
import { clearDraft, loadDraft, saveDraft } from "../../exam-drafts";

interface Result {
  id?: string;
  status?: string;
  score?: number | null;
  penaltyFactor?: number;
  feedback?: { feedback?: string; invalidAnswer?: boolean } | null;
  resultsHidden?: boolean;
  error?: string;
}

export function AnswerForm(props: {
  courseId: string;
  assessmentId: string;
  itemId: string;
  type: string;
  publicView: Record<string, unknown>;
  attemptsLeft: number;
  initialAnswer: string;
  /** the exam is over for this student: the form only shows the last answer */
  locked?: boolean;
  /** a running exam: keep the unsent answer in this browser, submitted automatically when time runs out */
  keepDraft?: boolean;
}) {
  const t = useTranslations("answer");
  const tOutage = useTranslations("outage");
  const router = useRouter();
  /** while a request is being sent again (the server or its database was away): which attempt */
  const [retrying, setRetrying] = useState<number | null>(null);
  /** bumped to look again at a queued result after a failed look */
  const [pollAgain, setPollAgain] = useState(0);
  const [answer, setAnswer] = useState(props.initialAnswer);
  const [key, setKey] = useState(() => crypto.randomUUID());
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  const [practice, setPractice] = useState<Result | null>(null);
  const Input = answerInputs[props.type];
  const locked = props.attemptsLeft <= 0 || props.locked === true;
  const { keepDraft, assessmentId, itemId } = props;

  // a reload during the exam brings back what was typed and not sent yet
  useEffect(() => {
    if (!keepDraft) return;
    // after hydration (the server rendered the last sent answer), not during it
    const timer = setTimeout(() => {
      const draft = loadDraft(assessmentId, itemId);
      if (draft) {
        setAnswer(draft.answer);
        setKey(draft.idempotencyKey);
      }
    }, 0);
    return () => clearTimeout(timer);
  }, [keepDraft, assessmentId, itemId]);

  function edit(value: string) {
    setAnswer(value);
    if (keepDraft) saveDraft(assessmentId, itemId, { answer: value, idempotencyKey: key });
  }

  // Code answers are graded by workers: follow queued → running → graded with a long poll (the server answers when
  // the status changes, or after 20 s unchanged, and is asked again at once).
  useEffect(() => {
    if (!result?.id || (result.status !== "queued" && result.status !== "running")) return;
    const controller = new AbortController();
    let retry: ReturnType<typeof setTimeout> | undefined;
    void (async () => {
      // a failed look (the database restarting, the network) is tried again later instead of ending the follow-up
      const response = await fetch(`/api/courses/${props.courseId}/submissions/${result.id}?after=${result.status}`, { signal: controller.signal }).catch(() => null);
      if (controller.signal.aborted) return;
      if (response?.ok) {
        const next = (await response.json()) as Result;
        if (next.status === result.status) setPollAgain((n) => n + 1);
        else setResult(next);
        if (next.status !== "queued" && next.status !== "running") router.refresh();
      } else {
        retry = setTimeout(() => setPollAgain((n) => n + 1), 2_000);
      }
    })();
    return () => {
      controller.abort();
      clearTimeout(retry);
    };
  }, [result, pollAgain, props.courseId, router]);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setPending(true);
    try {
      // the same idempotency key on every retry: a submission stored before a failure comes back, not a second one
      const response = await fetchRetrying(
        () =>
          fetch(`/api/courses/${props.courseId}/items/${props.itemId}/submissions`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ answer, idempotencyKey: key }),
          }),
        { onRetry: (attempt) => setRetrying(attempt) },
      );
      const body = (await response.json().catch(() => ({ error: t("networkError") }))) as Result;
      const gaveUp = response.status === 503 || response.status === 502 || response.status === 504;
      setResult(response.ok ? body : { error: gaveUp ? tOutage("gaveUp") : (body.error ?? t("networkError")) });
      if (response.ok) {
        clearDraft(props.assessmentId, props.itemId);
        setKey(crypto.randomUUID());
        router.refresh();
      }
    } catch {
      setResult({ error: t("networkError") });
    } finally {
      setRetrying(null);
      setPending(false);
    }
  }

  async function runPublicTests() {
    setPending(true);
    try {
      // nothing is stored by a run: sending it again after an outage is safe
      const response = await fetchRetrying(
        () =>
          fetch(`/api/courses/${props.courseId}/items/${props.itemId}/public-tests`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ answer }),
          }),
        { onRetry: (attempt) => setRetrying(attempt) },
      );
      const body = (await response.json().catch(() => ({ error: t("networkError") }))) as Result;
      setPractice(response.ok ? body : { error: body.error ?? t("networkError") });
    } catch {
      setPractice({ error: t("networkError") });
    } finally {
      setRetrying(null);
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} className="space-y-4">
      {Input ? <Input value={answer} onChange={edit} publicView={props.publicView} disabled={pending || locked} /> : <p>{t("unsupported")}</p>}
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="submit"
          disabled={pending || locked || answer.trim() === ""}
          className="rounded-lg bg-brand-600 px-5 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-50"
        >
          {pending ? t("submitting") : t("submit")}
        </button>
        {props.type === "code" && (
          <button
            type="button"
            onClick={runPublicTests}
            disabled={pending || answer.trim() === ""}
            className="rounded-lg border border-slate-300 px-4 py-2 font-medium text-slate-800 hover:bg-slate-50 disabled:opacity-50"
          >
            {t("runPublicTests")}
          </button>
        )}
        <span className="text-sm text-slate-600">{props.locked ? "" : locked ? t("noAttemptsLeft") : t("attemptsLeft", { count: props.attemptsLeft })}</span>
      </div>
      {practice && (
        <section aria-label={t("publicTestsTitle")} data-testid="public-tests">
          <p className="mb-1 text-sm font-medium text-slate-600">{t("publicTestsTitle")}</p>
          <ResultPanel result={practice} practice />
        </section>
      )}
      {retrying !== null ? (
        <div role="status" className="rounded-lg border border-amber-200 bg-amber-50 p-4 text-amber-950" data-testid="submission-retrying">
          {tOutage("retrying", { attempt: retrying })}
        </div>
      ) : (
        <ResultPanel result={result} />
      )}
    </form>
  );
}

function ResultPanel({ result, practice = false }: { result: Result | null; practice?: boolean }) {
  const t = useTranslations("answer");
  if (!result) return null;
  if (result.error) {
    return <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-4 text-red-900"><ClientMarkdown>{result.error}</ClientMarkdown></div>;
  }
  if (result.status === "queued" || result.status === "running") {
    return <div role="status" className="rounded-lg border border-sky-200 bg-sky-50 p-4 text-sky-900" data-testid="grading-status">{t(`status.${result.status}`)}</div>;
  }
  // not a grade: said even while results are hidden
  if (result.status === "error" && result.feedback?.invalidAnswer) {
    return (
      <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-4 text-red-900" data-testid="unreadable-answer">
        {result.feedback.feedback && <ClientMarkdown>{result.feedback.feedback}</ClientMarkdown>}
        <p className="mt-2 font-medium">{t("notAnAttempt")}</p>
      </div>
    );
  }
  if (result.resultsHidden) return <div role="status" className="rounded-lg border border-slate-200 bg-white p-4">{t("received")}</div>;
  if (result.status === "pending_manual") return <div role="status" className="rounded-lg border border-amber-200 bg-amber-50 p-4">{t("pendingManual")}</div>;
  const score = result.score ?? 0;
  const tone = score >= 1 ? "border-emerald-200 bg-emerald-50 text-emerald-950" : score > 0 ? "border-amber-200 bg-amber-50 text-amber-950" : "border-red-200 bg-red-50 text-red-950";
  return (
    <div role="status" className={`rounded-lg border p-4 ${tone}`} data-testid={practice ? "public-tests-result" : "grade-result"}>
      <p className="font-semibold">{t(practice ? "publicScore" : "score", { percent: Math.round(score * 1000) / 10 })}</p>
      {result.penaltyFactor !== undefined && result.penaltyFactor < 1 && <p className="text-sm">{t("penaltyNote", { percent: Math.round(result.penaltyFactor * 100) })}</p>}
      {result.feedback?.feedback && <div className="mt-2"><ClientMarkdown>{result.feedback.feedback}</ClientMarkdown></div>}
    </div>
  );
}
