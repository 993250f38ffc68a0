"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { buttonClass, fieldClass, labelClass, sendJson } from "@/app/_components/api-client";

export function JoinForm({ initialCode }: { initialCode: string }) {
  const t = useTranslations("people.join");
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = await sendJson<{ courseId: string }>("/api/join", "POST", { code: new FormData(event.currentTarget).get("code") });
    if (!result.ok) return setError(result.error);
    router.replace(`/courses/${result.data.courseId}`);
    router.refresh();
  }
  return (
    <form onSubmit={onSubmit} className="mt-6 space-y-4">
      <div>
        <label htmlFor="code" className={labelClass}>{t("code")}</label>
        <input id="code" name="code" defaultValue={initialCode} required className={`${fieldClass} font-mono uppercase`} />
      </div>
      {error && <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">{error}</p>}
      <button type="submit" className={`w-full ${buttonClass}`}>{t("submit")}</button>
    </form>
  );
}
