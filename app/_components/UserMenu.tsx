import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { setLocale } from "@/app/_actions/locale";
import { locales } from "@/domain/i18n/config";
import { SignOutButton } from "./SignOutButton";

/** A disclosure menu (works without JavaScript except for sign-out). */
export async function UserMenu({ name, email, roleLabel, staff = false }: { name: string; email: string; roleLabel: string; staff?: boolean }) {
  const t = await getTranslations();
  const current = await getLocale();
  return (
    <details className="relative">
      <summary
        aria-label={t("nav.userMenu")}
        className="flex cursor-pointer list-none items-center gap-2 rounded-lg px-2 py-1.5 hover:bg-slate-100"
      >
        <span aria-hidden className="flex h-8 w-8 items-center justify-center rounded-full bg-brand-600 text-sm font-semibold text-white">
          {name.slice(0, 1).toUpperCase()}
        </span>
        <span className="hidden text-left text-sm leading-tight sm:block">
          <span className="block font-medium">{name}</span>
          <span className="block text-xs text-slate-500">{roleLabel}</span>
        </span>
      </summary>
      <div className="absolute right-0 z-20 mt-2 w-64 rounded-xl border border-slate-200 bg-white p-2 shadow-lg">
        <p className="truncate px-3 py-2 text-sm text-slate-600">{email}</p>
        <Link href="/account" className="block rounded-md px-3 py-2 text-sm text-slate-700 hover:bg-slate-100">{t("people.nav.account")}</Link>
        {staff && <Link href="/courses" className="block rounded-md px-3 py-2 text-sm text-slate-700 hover:bg-slate-100">{t("people.nav.courses")}</Link>}
        <Link href="/join" className="block rounded-md px-3 py-2 text-sm text-slate-700 hover:bg-slate-100">{t("people.nav.join")}</Link>
        {/* label above, then the select (allowed to shrink below its longest option) beside the button: fits the menu at any width */}
        <form action={setLocale} className="flex flex-wrap items-center gap-x-2 gap-y-1 border-t border-slate-100 px-3 py-2">
          <label htmlFor="locale" className="w-full text-sm text-slate-600">{t("nav.language")}</label>
          <select id="locale" name="locale" defaultValue={current} className="min-w-0 flex-1 rounded border border-slate-300 px-1 py-1 text-sm">
            {locales.map((l) => (
              <option key={l} value={l}>{t(`locale.${l}`)}</option>
            ))}
          </select>
          <button type="submit" className="rounded bg-slate-800 px-2 py-1 text-xs font-medium text-white">OK</button>
        </form>
        <div className="border-t border-slate-100 pt-1">
          <SignOutButton label={t("nav.signOut")} />
        </div>
      </div>
    </details>
  );
}
