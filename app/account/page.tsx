import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { AccountForms } from "./AccountForms";
import { titled } from "@/app/_components/page-title";

export const generateMetadata = titled("people.account.title");

export default async function AccountPage() {
  const user = await requireUser();
  const t = await getTranslations("people.account");
  return (
    <main id="main" tabIndex={-1} className="mx-auto max-w-xl space-y-6 px-4 py-10">
      <Link href="/" className="text-sm text-brand-700 underline">{t("back")}</Link>
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <p className="text-sm text-slate-600">{user.email}</p>
      <AccountForms name={user.name} />
    </main>
  );
}
