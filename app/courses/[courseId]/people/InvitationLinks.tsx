"use client";

import { useTranslations } from "next-intl";

export interface ShownLink {
  email: string;
  link: string;
  mailed: boolean;
}

/** Invitation links just made: e-mailed, or to be copied and passed on when the server sends no e-mail. */
export function InvitationLinks({ links }: { links: ShownLink[] }) {
  const t = useTranslations("people.roster");
  if (links.length === 0) return null;
  return (
    <div className="rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm" data-testid="invitation-links">
      <p className="font-medium">{links.every((l) => l.mailed) ? t("linksMailed") : t("linksToCopy")}</p>
      <ul className="mt-2 space-y-1">
        {links.map((l) => (
          <li key={l.email} className="break-all">
            <span className="font-medium">{l.email}</span>: <input readOnly value={l.link} aria-label={t("linkFor", { email: l.email })} className="w-full rounded border border-amber-300 bg-white px-2 py-1 font-mono text-xs" onFocus={(e) => e.currentTarget.select()} />
          </li>
        ))}
      </ul>
    </div>
  );
}
