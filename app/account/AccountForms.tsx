"use client";

import { signOut } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { buttonClass, fieldClass, labelClass, sendJson } from "@/app/_components/api-client";

export function AccountForms({ name }: { name: string }) {
  const t = useTranslations("people.account");
  const router = useRouter();
  const [nameMessage, setNameMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [passwordError, setPasswordError] = useState<string | null>(null);

  async function saveName(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = await sendJson("/api/account/profile", "PUT", { name: new FormData(event.currentTarget).get("name") });
    setNameMessage(result.ok ? { ok: true, text: t("nameSaved") } : { ok: false, text: result.error });
    router.refresh();
  }

  async function savePassword(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    if (form.get("newPassword") !== form.get("confirm")) return setPasswordError(t("mismatch"));
    const result = await sendJson("/api/account/profile", "PUT", { currentPassword: form.get("currentPassword"), newPassword: form.get("newPassword") });
    if (!result.ok) return setPasswordError(result.error);
    // Every session ended, this one too: sign in again with the new password.
    await signOut({ callbackUrl: "/signin" });
  }

  return (
    <div className="space-y-8">
      <form onSubmit={saveName} className="space-y-3 rounded-xl border border-slate-200 bg-white p-5">
        <h2 className="font-semibold">{t("nameTitle")}</h2>
        <label htmlFor="name" className={labelClass}>{t("name")}</label>
        <input id="name" name="name" defaultValue={name} required maxLength={200} className={fieldClass} />
        {nameMessage && <p role={nameMessage.ok ? "status" : "alert"} className="text-sm">{nameMessage.text}</p>}
        <button type="submit" className={buttonClass}>{t("saveName")}</button>
      </form>
      <form onSubmit={savePassword} className="space-y-3 rounded-xl border border-slate-200 bg-white p-5">
        <h2 className="font-semibold">{t("passwordTitle")}</h2>
        <p className="text-xs text-slate-500">{t("passwordHint")}</p>
        <label htmlFor="currentPassword" className={labelClass}>{t("current")}</label>
        <input id="currentPassword" name="currentPassword" type="password" autoComplete="current-password" required className={fieldClass} />
        <label htmlFor="newPassword" className={labelClass}>{t("new")}</label>
        <input id="newPassword" name="newPassword" type="password" autoComplete="new-password" required minLength={10} className={fieldClass} />
        <label htmlFor="confirm" className={labelClass}>{t("confirm")}</label>
        <input id="confirm" name="confirm" type="password" autoComplete="new-password" required className={fieldClass} />
        {passwordError && <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">{passwordError}</p>}
        <button type="submit" className={buttonClass}>{t("savePassword")}</button>
      </form>
    </div>
  );
}
