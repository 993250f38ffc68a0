import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { authOptions } from "@/lib/auth/options";
import { currentUser } from "@/lib/auth/session";
import { safeReturnPath } from "@/lib/http/return-path";
import { SignInForm } from "./SignInForm";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("signin"))("title") };
}

export default async function SignInPage({ searchParams }: PageProps<"/signin">) {
  const { callbackUrl: asked } = await searchParams;
  // only a path of this site is followed after signing in (lib/http/return-path.ts)
  const callbackUrl = safeReturnPath(typeof asked === "string" ? asked : undefined);
  if (await currentUser()) redirect(callbackUrl);
  const t = await getTranslations();
  const oauthProviders = authOptions.providers.filter((p) => p.id !== "credentials").map((p) => ({ id: p.id, name: p.name }));
  return (
    <main id="main" tabIndex={-1} className="flex min-h-screen items-center justify-center bg-gradient-to-br from-brand-50 to-slate-100 p-4">
      <div className="w-full max-w-sm rounded-2xl border border-slate-200 bg-white p-8 shadow-sm">
        <p className="text-sm font-semibold uppercase tracking-wide text-brand-700">{t("app.name")}</p>
        <h1 className="mt-1 text-2xl font-semibold">{t("signin.title")}</h1>
        <p className="mt-2 text-sm text-slate-600">{t("app.tagline")}</p>
        <SignInForm oauthProviders={oauthProviders} callbackUrl={callbackUrl} />
      </div>
    </main>
  );
}
