"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { buttonClass, fieldClass, labelClass, sendJson } from "@/app/_components/api-client";

const fields = ["name", "issuer", "clientId", "deploymentIds", "authLoginUrl", "tokenUrl", "jwksUrl"] as const;

/** Administrator: registers an LMS (what the LMS shows after Forja was added to it as an LTI 1.3 tool). */
export function PlatformForm() {
  const t = useTranslations("lti.admin");
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <form
      className="space-y-3 rounded-xl border border-slate-200 bg-white p-5"
      onSubmit={async (e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const data = new FormData(form);
        const result = await sendJson<{ id: string }>("/api/admin/lti/platforms", "POST", Object.fromEntries(fields.map((f) => [f, String(data.get(f) ?? "")])));
        setMessage(result.ok ? { ok: true, text: t("added", { id: result.data.id }) } : { ok: false, text: result.error });
        if (result.ok) form.reset();
        router.refresh();
      }}
    >
      <h2 className="font-semibold">{t("register")}</h2>
      {fields.map((f) => (
        <div key={f}>
          <label htmlFor={`lti-${f}`} className={labelClass}>{t(f)}</label>
          <input id={`lti-${f}`} name={f} required className={fieldClass} />
        </div>
      ))}
      <button type="submit" className={buttonClass}>{t("register")}</button>
      {message && <p role="status" className={message.ok ? "text-sm text-green-800" : "text-sm text-red-800"}>{message.text}</p>}
    </form>
  );
}
