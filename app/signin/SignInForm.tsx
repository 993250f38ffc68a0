"use client";

import Link from "next/link";
import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { safeReturnPath as safePath } from "@/lib/http/return-path";

export function SignInForm({ oauthProviders, callbackUrl }: { oauthProviders: { id: string; name: string }[]; callbackUrl?: string }) {
  const t = useTranslations("signin");
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    const form = new FormData(event.currentTarget);
    const result = await signIn("credentials", { email: form.get("email"), password: form.get("password"), redirect: false });
    if (result?.ok && !result.error) {
      router.replace(safePath(callbackUrl));
      router.refresh();
      return;
    }
    setPending(false);
    setError(result?.error === "rate_limited" ? t("rateLimited") : result?.error === "CredentialsSignin" ? t("invalid") : t("failed"));
  }

  const inputClass = "mt-1 block w-full rounded-lg border border-slate-300 px-3 py-2 shadow-sm focus:border-brand-600";
  return (
    <form onSubmit={onSubmit} className="mt-6 space-y-4" noValidate>
      <div>
        <label htmlFor="email" className="block text-sm font-medium text-slate-700">{t("email")}</label>
        <input id="email" name="email" type="email" autoComplete="username" required className={inputClass} />
      </div>
      <div>
        <label htmlFor="password" className="block text-sm font-medium text-slate-700">{t("password")}</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required className={inputClass} />
      </div>
      {error && (
        <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      )}
      <button
        type="submit"
        disabled={pending}
        className="w-full rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
      >
        {pending ? t("submitting") : t("submit")}
      </button>
      <Link href="/account/forgot" className="block text-center text-sm text-brand-700 underline">
        {t("forgot")}
      </Link>
      {oauthProviders.map((provider) => (
        <button
          key={provider.id}
          type="button"
          onClick={() => signIn(provider.id, { callbackUrl: safePath(callbackUrl) })}
          className="w-full rounded-lg border border-slate-300 px-4 py-2 font-medium text-slate-800 hover:bg-slate-50"
        >
          {t("oauth", { provider: provider.name })}
        </button>
      ))}
    </form>
  );
}
