import { getTranslations } from "next-intl/server";

/** The centred card of the sign-in, invitation and reset pages. */
export async function AuthCard({ title, children }: { title: string; children: React.ReactNode }) {
  const t = await getTranslations("app");
  return (
    <main id="main" tabIndex={-1} className="flex min-h-screen items-center justify-center bg-gradient-to-br from-brand-50 to-slate-100 p-4">
      <div className="w-full max-w-sm rounded-2xl border border-slate-200 bg-white p-8 shadow-sm">
        <p className="text-sm font-semibold uppercase tracking-wide text-brand-700">{t("name")}</p>
        <h1 className="mt-1 text-2xl font-semibold">{title}</h1>
        {children}
      </div>
    </main>
  );
}
