"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { submitDrafts } from "./exam-drafts";

const MINUTE = 60_000;

function clock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mmss = `${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}

/**
 * The exam's countdown. It starts from the milliseconds the server says are left (never from the browser's own
 * date, which may be wrong) and counts with the monotonic clock; a reload asks the server again. At zero it submits
 * the saved drafts and reloads the page, which the server then shows locked.
 */
export function ExamCountdown({ remainingMs, courseId, assessmentId }: { remainingMs: number; courseId: string; assessmentId: string }) {
  const t = useTranslations("exam");
  const router = useRouter();
  const [left, setLeft] = useState(remainingMs);
  const done = useRef(false);

  useEffect(() => {
    const end = performance.now() + remainingMs;
    done.current = false;
    const tick = () => {
      const now = Math.max(0, end - performance.now());
      setLeft(now);
      if (now <= 0 && !done.current) {
        done.current = true;
        void submitDrafts(courseId, assessmentId).finally(() => router.refresh());
      }
    };
    tick();
    const timer = setInterval(tick, 250);
    return () => clearInterval(timer);
  }, [remainingMs, courseId, assessmentId, router]);

  const warning = left <= 0 ? t("timeUp") : left <= MINUTE ? t("warning1") : left <= 5 * MINUTE ? t("warning5") : null;
  return (
    <div className="sticky top-0 z-10 space-y-2">
      <p className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-2 text-lg font-semibold" data-testid="exam-countdown">
        {t("remaining")}: <span className="font-mono" aria-live="off">{clock(left)}</span>
      </p>
      {warning && (
        <p role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-2 text-red-900">
          {warning}
        </p>
      )}
    </div>
  );
}
