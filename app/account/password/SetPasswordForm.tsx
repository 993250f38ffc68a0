"use client";

import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { buttonClass, fieldClass, labelClass, sendJson } from "@/app/_components/api-client";

export function SetPasswordForm({ token, email }: { token: string; email: string }) {
  const t = useTranslations("people.password");
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get("password") ?? "");
    if (password !== form.get("confirm")) return setError(t("mismatch"));
    setPending(true);
    setError(null);
    const result = await sendJson("/api/account/password", "POST", { token, password });
    if (!result.ok) {
      setPending(false);
      return setError(result.error);
    }
    // Signed in at once with the new password.
    const signedIn = await signIn("credentials", { email, password, redirect: false });
    router.replace(signedIn?.ok && !signedIn.error ? "/" : "/signin");
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="mt-6 space-y-4">
      <p className="text-xs text-slate-500">{t("rules")}</p>
      <div>
        <label htmlFor="password" className={labelClass}>{t("new")}</label>
        <input id="password" name="password" type="password" autoComplete="new-password" required minLength={10} className={fieldClass} />
      </div>
      <div>
        <label htmlFor="confirm" className={labelClass}>{t("confirm")}</label>
        <input id="confirm" name="confirm" type="password" autoComplete="new-password" required className={fieldClass} />
      </div>
      {error && <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">{error}</p>}
      <button type="submit" disabled={pending} className={`w-full ${buttonClass}`}>{t("submit")}</button>
    </form>
  );
}
