"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import type { FileForm } from "@/lib/authoring/file-form";
import { smallButton } from "./inputs";

/** The three files of a version, each with a copy button, to commit into question-bank/. */
export function ExportBlocks({ form }: { form: FileForm }) {
  const t = useTranslations("manage.export");
  const [copied, setCopied] = useState<string | null>(null);
  async function copy(name: string, text: string) {
    await navigator.clipboard.writeText(text);
    setCopied(name);
  }
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600">{t("where")} <code className="rounded bg-slate-100 px-1 font-mono text-xs">{form.folder}/</code></p>
      {(Object.entries(form.files) as [string, string][]).map(([name, text]) => (
        <div key={name} className="rounded-lg border border-slate-200">
          <div className="flex items-center justify-between border-b border-slate-200 bg-slate-50 px-3 py-1.5">
            <span className="font-mono text-xs font-medium">{name}</span>
            <button type="button" className={smallButton} onClick={() => void copy(name, text)}>{copied === name ? t("copied") : t("copy")}</button>
          </div>
          <pre tabIndex={0} aria-label={name} className="max-h-72 overflow-auto p-3 font-mono text-xs [contain:inline-size]" data-testid={`export-${name}`}>{text}</pre>
        </div>
      ))}
    </div>
  );
}
