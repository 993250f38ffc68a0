"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { locales } from "@/domain/i18n/config";
import { buttonClass, fieldClass, labelClass, secondaryButton, sendJson } from "@/app/_components/api-client";

interface CourseView {
  id: string;
  slug: string;
  title: string;
  term: string;
  timeZone: string;
  language: string;
  archived: boolean;
  selfEnrolment: boolean;
  joinCode: string | null;
  joinUrl: string | null;
  allowedDomains: string;
}

type Message = { ok: boolean; text: string } | null;

function Feedback({ message }: { message: Message }) {
  if (!message) return null;
  return <p role={message.ok ? "status" : "alert"} className={`rounded-lg px-3 py-2 text-sm ${message.ok ? "bg-emerald-50 text-emerald-800" : "bg-red-50 text-red-800"}`}>{message.text}</p>;
}

export function CourseSettingsForms({ course, timeZones }: { course: CourseView; timeZones: string[] }) {
  const t = useTranslations();
  const router = useRouter();
  const [settingsMessage, setSettingsMessage] = useState<Message>(null);
  const [enrolMessage, setEnrolMessage] = useState<Message>(null);
  const [copyMessage, setCopyMessage] = useState<Message>(null);
  const [archiveMessage, setArchiveMessage] = useState<Message>(null);
  const api = `/api/courses/${course.id}`;
  const disabled = course.archived;

  async function submit(event: React.FormEvent<HTMLFormElement>, url: string, method: string, body: (f: FormData) => unknown, done: (m: Message) => void, okText: (data: Record<string, unknown>) => string) {
    event.preventDefault();
    const result = await sendJson(url, method, body(new FormData(event.currentTarget)));
    done(result.ok ? { ok: true, text: okText(result.data) } : { ok: false, text: result.error });
    if (result.ok) router.refresh();
  }

  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <form
        className="space-y-3 rounded-xl border border-slate-200 bg-white p-5"
        onSubmit={(e) => submit(e, `${api}/settings`, "PUT", (f) => ({ title: f.get("title"), term: f.get("term"), timeZone: f.get("timeZone"), language: f.get("language") }), setSettingsMessage, () => t("people.settings.saved"))}
      >
        <h2 className="font-semibold">{t("people.settings.general")}</h2>
        <fieldset disabled={disabled} className="space-y-3">
          <div><label htmlFor="course-title" className={labelClass}>{t("people.settings.courseTitle")}</label><input id="course-title" name="title" defaultValue={course.title} required className={fieldClass} /></div>
          <div><label htmlFor="course-term" className={labelClass}>{t("people.settings.term")}</label><input id="course-term" name="term" defaultValue={course.term} placeholder="2027/1" className={fieldClass} /></div>
          <div>
            <label htmlFor="course-tz" className={labelClass}>{t("people.settings.timeZone")}</label>
            <select id="course-tz" name="timeZone" defaultValue={course.timeZone} className={fieldClass}>{timeZones.map((z) => <option key={z}>{z}</option>)}</select>
          </div>
          <div>
            <label htmlFor="course-language" className={labelClass}>{t("people.settings.language")}</label>
            <select id="course-language" name="language" defaultValue={course.language} className={fieldClass}>{locales.map((l) => <option key={l} value={l}>{t(`locale.${l}`)}</option>)}</select>
          </div>
          <button type="submit" className={buttonClass}>{t("people.settings.save")}</button>
        </fieldset>
        <Feedback message={settingsMessage} />
      </form>

      <form
        className="space-y-3 rounded-xl border border-slate-200 bg-white p-5"
        onSubmit={(e) => submit(e, `${api}/self-enrolment`, "PUT", (f) => ({ enabled: f.get("enabled") === "on", domains: f.get("domains") ?? "", newCode: f.get("newCode") === "on" }), setEnrolMessage, () => t("people.settings.saved"))}
      >
        <h2 className="font-semibold">{t("people.settings.selfEnrolment")}</h2>
        <p className="text-xs text-slate-500">{t("people.settings.selfEnrolmentHint")}</p>
        <fieldset disabled={disabled} className="space-y-3">
          <label className="flex items-center gap-2 text-sm"><input type="checkbox" name="enabled" defaultChecked={course.selfEnrolment} />{t("people.settings.enableSelfEnrolment")}</label>
          <div><label htmlFor="course-domains" className={labelClass}>{t("people.settings.domains")}</label><input id="course-domains" name="domains" defaultValue={course.allowedDomains} placeholder="ufv.br" className={fieldClass} /></div>
          <label className="flex items-center gap-2 text-sm"><input type="checkbox" name="newCode" />{t("people.settings.newCode")}</label>
          <button type="submit" className={buttonClass}>{t("people.settings.save")}</button>
        </fieldset>
        {course.joinCode && course.selfEnrolment && (
          <p className="text-sm" data-testid="join-link">
            {t("people.settings.code")}: <strong className="font-mono">{course.joinCode}</strong>
            <br />
            <input readOnly value={course.joinUrl ?? ""} aria-label={t("people.settings.joinLink")} className="mt-1 w-full rounded border border-slate-300 px-2 py-1 font-mono text-xs" />
          </p>
        )}
        <Feedback message={enrolMessage} />
      </form>

      <form
        className="space-y-3 rounded-xl border border-slate-200 bg-white p-5"
        onSubmit={(e) => submit(e, `${api}/copy`, "POST", (f) => ({ slug: f.get("slug"), title: f.get("title"), term: f.get("term") || undefined, shiftDays: Number(f.get("shiftDays") || 0) }), setCopyMessage, (d) => t("people.settings.copied", { slug: String(d.slug) }))}
      >
        <h2 className="font-semibold">{t("people.settings.copyTitle")}</h2>
        <p className="text-xs text-slate-500">{t("people.settings.copyHint")}</p>
        <div><label htmlFor="copy-slug" className={labelClass}>{t("people.settings.slug")}</label><input id="copy-slug" name="slug" required defaultValue={`${course.slug}-copia`} className={fieldClass} /></div>
        <div><label htmlFor="copy-title" className={labelClass}>{t("people.settings.courseTitle")}</label><input id="copy-title" name="title" required defaultValue={course.title} className={fieldClass} /></div>
        <div><label htmlFor="copy-term" className={labelClass}>{t("people.settings.term")}</label><input id="copy-term" name="term" className={fieldClass} /></div>
        <div><label htmlFor="copy-shift" className={labelClass}>{t("people.settings.shiftDays")}</label><input id="copy-shift" name="shiftDays" type="number" step={1} defaultValue={182} className={fieldClass} /></div>
        <button type="submit" className={buttonClass}>{t("people.settings.copy")}</button>
        <Feedback message={copyMessage} />
      </form>

      <div className="space-y-3 rounded-xl border border-slate-200 bg-white p-5">
        <h2 className="font-semibold">{t("people.settings.archiveTitle")}</h2>
        <p className="text-xs text-slate-500">{t("people.settings.archiveHint")}</p>
        <button
          type="button"
          className={secondaryButton}
          onClick={async () => {
            const result = await sendJson(`${api}/archive`, "POST", { archived: !course.archived });
            setArchiveMessage(result.ok ? { ok: true, text: t(course.archived ? "people.settings.unarchived" : "people.settings.archived") } : { ok: false, text: result.error });
            router.refresh();
          }}
        >
          {t(course.archived ? "people.settings.unarchive" : "people.settings.archive")}
        </button>
        <Feedback message={archiveMessage} />
      </div>
    </div>
  );
}
