"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { locales } from "@/domain/i18n/config";
import { buttonClass, fieldClass, labelClass, sendJson } from "@/app/_components/api-client";

type Message = { ok: boolean; text: string; link?: string } | null;

/** Administrator: a new course (with its instructor) and a new account (with its invitation link). */
export function AdminForms() {
  const t = useTranslations();
  const router = useRouter();
  const [courseMessage, setCourseMessage] = useState<Message>(null);
  const [userMessage, setUserMessage] = useState<Message>(null);
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <form
        className="space-y-3 rounded-xl border border-slate-200 bg-white p-5"
        onSubmit={async (e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          const result = await sendJson<{ slug: string }>("/api/admin/courses", "POST", {
            slug: f.get("slug"), title: f.get("title"), term: f.get("term"), timeZone: f.get("timeZone"), language: f.get("language"), instructorEmail: f.get("instructorEmail"),
          });
          setCourseMessage(result.ok ? { ok: true, text: t("people.admin.courseCreated", { slug: result.data.slug }) } : { ok: false, text: result.error });
          router.refresh();
        }}
      >
        <h2 className="font-semibold">{t("people.admin.newCourse")}</h2>
        <div><label htmlFor="new-slug" className={labelClass}>{t("people.settings.slug")}</label><input id="new-slug" name="slug" required placeholder="inf721-2027-1" className={fieldClass} /></div>
        <div><label htmlFor="new-title" className={labelClass}>{t("people.settings.courseTitle")}</label><input id="new-title" name="title" required className={fieldClass} /></div>
        <div><label htmlFor="new-term" className={labelClass}>{t("people.settings.term")}</label><input id="new-term" name="term" placeholder="2027/1" className={fieldClass} /></div>
        <div><label htmlFor="new-tz" className={labelClass}>{t("people.settings.timeZone")}</label><input id="new-tz" name="timeZone" defaultValue="America/Sao_Paulo" className={fieldClass} /></div>
        <div>
          <label htmlFor="new-language" className={labelClass}>{t("people.settings.language")}</label>
          <select id="new-language" name="language" className={fieldClass}>{locales.map((l) => <option key={l} value={l}>{t(`locale.${l}`)}</option>)}</select>
        </div>
        <div><label htmlFor="new-instructor" className={labelClass}>{t("people.admin.instructorEmail")}</label><input id="new-instructor" name="instructorEmail" type="email" required className={fieldClass} /></div>
        {courseMessage && <p role={courseMessage.ok ? "status" : "alert"} className="text-sm">{courseMessage.text}</p>}
        <button type="submit" className={buttonClass}>{t("people.admin.createCourse")}</button>
      </form>
      <form
        className="space-y-3 rounded-xl border border-slate-200 bg-white p-5"
        onSubmit={async (e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          const result = await sendJson<{ email: string; inviteUrl: string; mailed: boolean }>("/api/admin/users", "POST", { email: f.get("email"), name: f.get("name"), isAdmin: f.get("isAdmin") === "on" });
          setUserMessage(result.ok ? { ok: true, text: t(result.data.mailed ? "people.admin.userMailed" : "people.admin.userCreated", { email: result.data.email }), link: result.data.inviteUrl } : { ok: false, text: result.error });
        }}
      >
        <h2 className="font-semibold">{t("people.admin.newUser")}</h2>
        <div><label htmlFor="user-name" className={labelClass}>{t("people.roster.name")}</label><input id="user-name" name="name" required className={fieldClass} /></div>
        <div><label htmlFor="user-email" className={labelClass}>{t("people.roster.email")}</label><input id="user-email" name="email" type="email" required className={fieldClass} /></div>
        <label className="flex items-center gap-2 text-sm"><input type="checkbox" name="isAdmin" />{t("people.admin.isAdmin")}</label>
        {userMessage && (
          <div role={userMessage.ok ? "status" : "alert"} className="text-sm">
            {userMessage.text}
            {userMessage.link && <input readOnly value={userMessage.link} aria-label={t("people.roster.linkFor", { email: "" })} className="mt-1 w-full rounded border border-slate-300 px-2 py-1 font-mono text-xs" />}
          </div>
        )}
        <button type="submit" className={buttonClass}>{t("people.admin.createUser")}</button>
      </form>
    </div>
  );
}
