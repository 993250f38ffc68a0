import Link from "next/link";
import { getTranslations } from "next-intl/server";

/** A centred card for error and empty states. */
export async function SimpleMessagePage({ title, text, link }: { title: string; text: string; link?: { href: string; label: string } }) {
  const t = await getTranslations("errors");
  return (
    <main id="main" tabIndex={-1} className="mx-auto flex min-h-screen max-w-lg flex-col items-center justify-center p-6 text-center">
      <div className="w-full rounded-2xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="text-2xl font-semibold text-slate-900">{title}</h1>
        <p className="mt-3 text-slate-600">{text}</p>
        {link && (
          <Link href={link.href} className="mt-4 block text-sm font-medium text-brand-700 underline">
            {link.label}
          </Link>
        )}
        <Link href="/" className="mt-6 inline-block rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
          {t("backHome")}
        </Link>
      </div>
    </main>
  );
}
