"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { courseRoles } from "@/lib/auth/policy";
import { buttonClass, fieldClass, labelClass, sendJson } from "@/app/_components/api-client";
import { InvitationLinks, type ShownLink } from "./InvitationLinks";

export function AddPersonForm({ courseId }: { courseId: string }) {
  const t = useTranslations();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [links, setLinks] = useState<ShownLink[]>([]);
  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setError(null);
    const result = await sendJson<{ invitations: ShownLink[] }>(`/api/courses/${courseId}/roster`, "POST", {
      name: form.get("name"),
      email: form.get("email"),
      role: form.get("role"),
      studentId: form.get("studentId") || null,
    });
    if (!result.ok) return setError(result.error);
    setLinks(result.data.invitations);
    formElement.reset();
    router.refresh();
  }
  return (
    <form onSubmit={onSubmit} className="space-y-3 rounded-xl border border-slate-200 bg-white p-5">
      <h2 className="font-semibold">{t("people.add.title")}</h2>
      <div><label htmlFor="person-name" className={labelClass}>{t("people.roster.name")}</label><input id="person-name" name="name" required className={fieldClass} /></div>
      <div><label htmlFor="person-email" className={labelClass}>{t("people.roster.email")}</label><input id="person-email" name="email" type="email" required className={fieldClass} /></div>
      <div><label htmlFor="person-student-id" className={labelClass}>{t("people.roster.studentId")}</label><input id="person-student-id" name="studentId" className={fieldClass} /></div>
      <div>
        <label htmlFor="person-role" className={labelClass}>{t("people.roster.role")}</label>
        <select id="person-role" name="role" defaultValue="student" className={fieldClass}>
          {courseRoles.map((r) => <option key={r} value={r}>{t(`roles.${r}`)}</option>)}
        </select>
      </div>
      {error && <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">{error}</p>}
      <InvitationLinks links={links} />
      <button type="submit" className={buttonClass}>{t("people.add.submit")}</button>
    </form>
  );
}
