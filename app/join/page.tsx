import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { AuthCard } from "@/app/_components/AuthCard";
import { JoinForm } from "./JoinForm";
import { titled } from "@/app/_components/page-title";

export const generateMetadata = titled("people.join.title");

/** Self-enrolment by code or link (/join?code=…); signing in first when needed. */
export default async function JoinPage({ searchParams }: PageProps<"/join">) {
  const { code } = await searchParams;
  const user = await currentUser();
  const initial = typeof code === "string" ? code.slice(0, 40) : "";
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(`/join${initial ? `?code=${initial}` : ""}`)}`);
  const t = await getTranslations("people.join");
  return (
    <AuthCard title={t("title")}>
      <p className="mt-2 text-sm text-slate-600">{t("intro", { email: user.email })}</p>
      <JoinForm initialCode={initial} />
    </AuthCard>
  );
}
