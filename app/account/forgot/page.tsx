import { getTranslations } from "next-intl/server";
import { AuthCard } from "@/app/_components/AuthCard";
import { ForgotForm } from "./ForgotForm";
import { titled } from "@/app/_components/page-title";

export const generateMetadata = titled("people.forgot.title");

export default async function ForgotPage() {
  const t = await getTranslations("people.forgot");
  return (
    <AuthCard title={t("title")}>
      <p className="mt-2 text-sm text-slate-600">{t("intro")}</p>
      <ForgotForm />
    </AuthCard>
  );
}
