"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { inputClass, smallButton } from "./inputs";

/** A question's tags: those of its files (fixed here) and this course's own, which staff add and remove. */
export function TagEditor(props: { courseId: string; questionId: string; fileTags: string[]; staffTags: string[] }) {
  const t = useTranslations("management.tags");
  const [tags, setTags] = useState(props.staffTags);
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  async function change(tag: string, op: "add" | "remove") {
    setPending(true);
    setError(null);
    const response = await fetch(`/api/courses/${props.courseId}/manage/questions/${encodeURIComponent(props.questionId)}/tags`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ tag, op }),
    });
    const body = (await response.json().catch(() => ({}))) as { tags?: string[]; error?: string };
    if (response.ok && body.tags) {
      setTags(body.tags);
      if (op === "add") setText("");
    } else setError(body.error ?? t("failed"));
    setPending(false);
  }
  return (
    <section className="space-y-3 rounded-xl border border-slate-200 bg-white p-4 sm:p-6" data-testid="tag-editor">
      <h2 className="text-lg font-semibold">{t("title")}</h2>
      {props.fileTags.length + tags.length === 0 && <p className="text-sm text-slate-600">{t("none")}</p>}
      <ul className="flex flex-wrap gap-2 text-sm">
        {props.fileTags.map((tag) => (
          <li key={tag} className="rounded bg-slate-100 px-2 py-0.5 text-slate-700" title={t("fromFiles")}>{tag}</li>
        ))}
        {tags.map((tag) => (
          <li key={tag} className="flex items-center gap-1 rounded bg-brand-50 px-2 py-0.5 text-brand-800" title={t("fromStaff")}>
            {tag}
            <button type="button" disabled={pending} aria-label={t("remove", { tag })} onClick={() => void change(tag, "remove")} className="px-1 font-bold hover:text-red-700">×</button>
          </li>
        ))}
      </ul>
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          if (text.trim()) void change(text, "add");
        }}
      >
        <label className="text-sm font-medium">
          {t("newTag")}
          <input value={text} maxLength={40} onChange={(e) => setText(e.target.value)} className={`${inputClass} mt-1 w-56`} />
        </label>
        <button type="submit" disabled={pending} className={smallButton}>{t("add")}</button>
      </form>
      {error && <p role="alert" className="text-sm text-red-700">{error}</p>}
    </section>
  );
}
