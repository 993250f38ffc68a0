import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { getDb } from "@/db/client";
import { tokenHolder } from "@/lib/accounts/tokens";
import { AuthCard } from "@/app/_components/AuthCard";
import { SetPasswordForm } from "./SetPasswordForm";
import { titled } from "@/app/_components/page-title";

export const generateMetadata = titled("pageTitle.setPassword");

/** Where an invitation or reset link lands: shows whose account it is and asks for a password. */
export default async function SetPasswordPage({ searchParams }: PageProps<"/account/password">) {
  const { token } = await searchParams;
  const t = await getTranslations("people.password");
  const holder = typeof token === "string" ? await tokenHolder(await getDb(), token) : null;
  if (!holder) {
    return (
      <AuthCard title={t("invalidTitle")}>
        <p className="mt-3 text-sm text-slate-600">{t("invalidText")}</p>
        <Link href="/account/forgot" className="mt-4 inline-block text-sm font-medium text-brand-700 underline">{t("askAgain")}</Link>
      </AuthCard>
    );
  }
  return (
    <AuthCard title={holder.purpose === "invite" ? t("inviteTitle") : t("resetTitle")}>
      <p className="mt-2 text-sm text-slate-600">{t("forAccount", { name: holder.name, email: holder.email })}</p>
      <SetPasswordForm token={token as string} email={holder.email} />
    </AuthCard>
  );
}
