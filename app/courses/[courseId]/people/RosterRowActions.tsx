"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { courseRoles, type CourseRole } from "@/lib/auth/policy";
import { secondaryButton, sendJson } from "@/app/_components/api-client";
import { InvitationLinks, type ShownLink } from "./InvitationLinks";

/** A role selector (part "role") or the invite/remove buttons (part "actions") of one roster row. */
export function RosterRowActions(props: { courseId: string; userId: string; name: string; role: CourseRole; part: "role" | "actions" }) {
  const t = useTranslations();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [link, setLink] = useState<ShownLink | null>(null);
  const base = `/api/courses/${props.courseId}/roster/${props.userId}`;
  async function run(method: string, url: string, body?: unknown) {
    setError(null);
    const result = await sendJson<ShownLink>(url, method, body);
    if (!result.ok) return setError(result.error);
    if (url.endsWith("/invite")) setLink(result.data);
    router.refresh();
  }
  if (props.part === "role") {
    return (
      <>
        <select aria-label={t("people.roster.roleOf", { name: props.name })} defaultValue={props.role} onChange={(e) => void run("PATCH", base, { role: e.target.value })} className="rounded border border-slate-300 px-1 py-1 text-sm">
          {courseRoles.map((r) => <option key={r} value={r}>{t(`roles.${r}`)}</option>)}
        </select>
        {error && <p role="alert" className="text-xs text-red-700">{error}</p>}
      </>
    );
  }
  return (
    <div className="flex flex-wrap gap-2">
      <button type="button" className={secondaryButton} onClick={() => void run("POST", `${base}/invite`)}>{t("people.roster.newLink")}</button>
      <button
        type="button"
        className={secondaryButton}
        onClick={() => {
          if (window.confirm(t("people.roster.confirmRemove", { name: props.name }))) void run("DELETE", base);
        }}
      >
        {t("people.roster.remove")}
      </button>
      {error && <p role="alert" className="text-xs text-red-700">{error}</p>}
      {link && <InvitationLinks links={[link]} />}
    </div>
  );
}
