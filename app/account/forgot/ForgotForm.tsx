"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { useState } from "react";
import { buttonClass, fieldClass, labelClass, sendJson } from "@/app/_components/api-client";

export function ForgotForm() {
  const t = useTranslations("people.forgot");
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, setPending] = useState(false);
  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    const result = await sendJson("/api/account/forgot", "POST", { email: new FormData(event.currentTarget).get("email") });
    setMessage(result.ok ? { ok: true, text: t("sent") } : { ok: false, text: result.error });
    setPending(false);
  }
  return (
    <form onSubmit={onSubmit} className="mt-6 space-y-4">
      <div>
        <label htmlFor="email" className={labelClass}>{t("email")}</label>
        <input id="email" name="email" type="email" autoComplete="username" required className={fieldClass} />
      </div>
      {message && <p role={message.ok ? "status" : "alert"} className={`rounded-lg px-3 py-2 text-sm ${message.ok ? "bg-emerald-50 text-emerald-800" : "bg-red-50 text-red-800"}`}>{message.text}</p>}
      <button type="submit" disabled={pending} className={`w-full ${buttonClass}`}>{t("submit")}</button>
      <Link href="/signin" className="block text-center text-sm text-brand-700 underline">{t("back")}</Link>
    </form>
  );
}
