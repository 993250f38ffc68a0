"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { secondaryButton, sendJson } from "@/app/_components/api-client";

export interface AccountRow {
  id: string;
  name: string;
  email: string;
  isAdmin: boolean;
  removed: boolean;
  hasPassword: boolean;
}

/** Administrator: the accounts, and removal from the platform (sign-in refused, sessions ended, submissions kept). */
export function AccountsTable({ accounts, selfId }: { accounts: AccountRow[]; selfId: string }) {
  const t = useTranslations("people.admin");
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="space-y-2">
      <h2 className="text-lg font-semibold">{t("accounts")}</h2>
      {error && <p role="alert" className="text-sm text-red-700">{error}</p>}
      <ul className="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white">
        {accounts.map((a) => (
          <li key={a.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-2 text-sm" data-testid="account-row">
            <span className="font-medium">{a.name}</span>
            <span className="text-slate-600">{a.email}</span>
            <span className="text-xs text-slate-500">{[a.isAdmin && t("admin"), a.removed ? t("removed") : !a.hasPassword && t("noPassword")].filter(Boolean).join(" · ")}</span>
            {!a.removed && a.id !== selfId && (
              <button
                type="button"
                className={secondaryButton}
                onClick={async () => {
                  if (!window.confirm(t("confirmRemove", { email: a.email }))) return;
                  const result = await sendJson(`/api/admin/users/${a.id}`, "DELETE");
                  setError(result.ok ? null : result.error);
                  router.refresh();
                }}
              >
                {t("remove")}
              </button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
