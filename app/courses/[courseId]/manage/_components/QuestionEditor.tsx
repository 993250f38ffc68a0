"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import type { CheckerSummary } from "@/grader/types/code/checkers";
import { EDITABLE_TYPES, issuesUnder, splitFields, STRUCTURED_TYPES, type EditableType } from "@/lib/authoring/forms/question-fields";
import { starterFields } from "@/lib/authoring/forms/starters";
import { parseTags } from "@/lib/authoring/forms/text-lists";
import type { DraftIssue, DraftPreview, QuestionDraft } from "@/lib/authoring/validate";
import { FieldIssues, inputClass, labelClass, monoClass, primaryButton, smallButton } from "./inputs";
import { CodeFields } from "./CodeFields";
import { McqFields } from "./McqFields";
import { NumericFields } from "./NumericFields";
import { QuestionPreview } from "./QuestionPreview";

type Validation = { ok: true; parameterized: boolean; preview: DraftPreview } | { ok: false; issues: DraftIssue[] };
type SaveResult = { version: number; unchanged: boolean; latest: number; questionId: string } | { error: string; issues?: DraftIssue[] };

/** Fields claimed by a control of the form; the others are listed at the top. */
const PLACED = ["id", "type", "title", "topic", "tags", "source", "prompt", "solution", "params", "derived", "constraints", "answer", "tolerance", "unit", "misconceptions", "options", "multiple", "shuffle", "language", "checker", "required_names", "contract", "starter", "reference_solution", "parts", "python"];

export function QuestionEditor(props: {
  courseId: string;
  questionId: string | null;
  initial: QuestionDraft;
  seeds: { value: string; label: string }[];
  checkers: CheckerSummary[];
}) {
  const t = useTranslations("manage.editor");
  const router = useRouter();
  const initialSplit = splitFields(props.initial.fields);
  const [base, setBase] = useState(initialSplit.base);
  const [own, setOwn] = useState(initialSplit.own);
  const [tagsText, setTagsText] = useState(((initialSplit.base.tags as string[] | undefined) ?? []).join(", "));
  const [prompt, setPrompt] = useState(props.initial.prompt);
  const [solution, setSolution] = useState(props.initial.solution);
  const type = String(base.type) as EditableType;
  const [yamlMode, setYamlMode] = useState(!STRUCTURED_TYPES.includes(type));
  const [yamlText, setYamlText] = useState(() => stringifyYaml(initialSplit.own));
  const [yamlError, setYamlError] = useState<string | null>(null);
  const [seed, setSeed] = useState<number | null>(null);
  const [testAnswer, setTestAnswer] = useState("");
  const [validation, setValidation] = useState<Validation | null>(null);
  const [checking, setChecking] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<SaveResult | null>(null);
  const source = (base.source ?? { seed: "web", item: "" }) as { seed: string; item: string };

  const draft = useMemo<QuestionDraft>(() => ({ fields: { ...base, tags: parseTags(tagsText), ...own }, prompt, solution }), [base, own, tagsText, prompt, solution]);

  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      setChecking(true);
      try {
        const response = await fetch(`/api/courses/${props.courseId}/manage/questions/validate`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ draft, seed, testAnswer: testAnswer || undefined }),
          signal: controller.signal,
        });
        const body = (await response.json()) as Validation | { error: string };
        setValidation("error" in body ? { ok: false, issues: [{ field: "(top level)", message: body.error }] } : body);
      } catch (error) {
        if ((error as Error).name !== "AbortError") setValidation({ ok: false, issues: [{ field: "(top level)", message: t("networkError") }] });
      } finally {
        if (!controller.signal.aborted) setChecking(false);
      }
    }, 350);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [draft, seed, testAnswer, props.courseId, t]);

  const issues = validation && !validation.ok ? validation.issues : saved && "issues" in saved && saved.issues ? saved.issues : [];
  const unplaced = issues.filter((i) => !PLACED.some((f) => i.field === f || i.field.startsWith(`${f}.`)) || (yamlMode && !["id", "type", "title", "topic", "tags", "source", "prompt", "solution"].includes(i.field.split(".")[0]!)));

  function changeType(next: EditableType) {
    const fresh = starterFields(next);
    setBase({ ...base, type: next });
    setOwn(fresh);
    setYamlText(stringifyYaml(fresh));
    setYamlMode(!STRUCTURED_TYPES.includes(next));
    setTestAnswer("");
    setSeed(null);
  }

  function changeYaml(text: string) {
    setYamlText(text);
    try {
      const parsed: unknown = parseYaml(text) ?? {};
      if (typeof parsed !== "object" || Array.isArray(parsed)) throw new Error(t("yamlNotMapping"));
      setOwn(parsed as Record<string, unknown>);
      setYamlError(null);
    } catch (error) {
      setYamlError((error as Error).message);
    }
  }

  function toggleYaml() {
    if (!yamlMode) setYamlText(stringifyYaml(own));
    setYamlMode(!yamlMode);
  }

  async function save() {
    setSaving(true);
    setSaved(null);
    try {
      const url = props.questionId ? `/api/courses/${props.courseId}/manage/questions/${props.questionId}` : `/api/courses/${props.courseId}/manage/questions`;
      const response = await fetch(url, { method: props.questionId ? "PUT" : "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(draft) });
      const body = (await response.json()) as SaveResult;
      setSaved(body);
      if (response.ok && "questionId" in body) {
        if (!props.questionId) router.push(`/courses/${props.courseId}/manage/questions/${body.questionId}`);
        else router.refresh();
      }
    } catch {
      setSaved({ error: t("networkError") });
    } finally {
      setSaving(false);
    }
  }

  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <form className="space-y-6" onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <section className="space-y-4 rounded-xl border border-slate-200 bg-white p-4 sm:p-6">
          <h2 className="text-lg font-semibold">{t("identity")}</h2>
          <div className="grid gap-4 sm:grid-cols-2">
            <div>
              <label className={labelClass} htmlFor="q-id">{t("id")}</label>
              <input id="q-id" value={String(base.id ?? "")} disabled={props.questionId !== null} onChange={(e) => setBase({ ...base, id: e.target.value })} className={monoClass} aria-invalid={issuesUnder(issues, "id").length > 0} />
              <p className="text-xs text-slate-500">{t("idHint")}</p>
              <FieldIssues issues={issuesUnder(issues, "id")} />
            </div>
            <div>
              <label className={labelClass} htmlFor="q-type">{t("type")}</label>
              <select id="q-type" value={type} disabled={props.questionId !== null} onChange={(e) => changeType(e.target.value as EditableType)} className={inputClass}>
                {EDITABLE_TYPES.map((k) => <option key={k} value={k}>{t(`types.${k}`)}</option>)}
              </select>
            </div>
          </div>
          <div>
            <label className={labelClass} htmlFor="q-title">{t("title")}</label>
            <input id="q-title" value={String(base.title ?? "")} onChange={(e) => setBase({ ...base, title: e.target.value })} className={inputClass} aria-invalid={issuesUnder(issues, "title").length > 0} />
            <FieldIssues issues={issuesUnder(issues, "title")} />
          </div>
          <div className="grid gap-4 sm:grid-cols-2">
            <div>
              <label className={labelClass} htmlFor="q-topic">{t("topic")}</label>
              <input id="q-topic" value={String(base.topic ?? "")} onChange={(e) => setBase({ ...base, topic: e.target.value })} className={monoClass} />
              <FieldIssues issues={issuesUnder(issues, "topic")} />
            </div>
            <div>
              <label className={labelClass} htmlFor="q-tags">{t("tags")}</label>
              <input id="q-tags" value={tagsText} onChange={(e) => setTagsText(e.target.value)} className={monoClass} placeholder="lenet, parametros" />
              <FieldIssues issues={issuesUnder(issues, "tags")} />
            </div>
            <div>
              <label className={labelClass} htmlFor="q-seed">{t("sourceSeed")}</label>
              <select id="q-seed" value={source.seed} onChange={(e) => setBase({ ...base, source: { ...source, seed: e.target.value } })} className={inputClass}>
                {props.seeds.some((s) => s.value === source.seed) ? null : <option value={source.seed}>{source.seed}</option>}
                {props.seeds.map((s) => <option key={s.value} value={s.value}>{s.label}</option>)}
              </select>
            </div>
            <div>
              <label className={labelClass} htmlFor="q-item">{t("sourceItem")}</label>
              <input id="q-item" value={source.item} onChange={(e) => setBase({ ...base, source: { ...source, item: e.target.value } })} className={inputClass} placeholder="I.d" />
            </div>
          </div>
          <FieldIssues issues={issuesUnder(issues, "source")} />
        </section>

        <section className="space-y-4 rounded-xl border border-slate-200 bg-white p-4 sm:p-6">
          <h2 className="text-lg font-semibold">{t("texts")}</h2>
          <div>
            <label className={labelClass} htmlFor="q-prompt">{t("prompt")}</label>
            <textarea id="q-prompt" rows={6} value={prompt} onChange={(e) => setPrompt(e.target.value)} className={monoClass} aria-invalid={issuesUnder(issues, "prompt").length > 0} />
            <p className="text-xs text-slate-500">{t("promptHint")}</p>
            <FieldIssues issues={issuesUnder(issues, "prompt")} />
          </div>
          <div>
            <label className={labelClass} htmlFor="q-solution">{t("solution")}</label>
            <textarea id="q-solution" rows={5} value={solution} onChange={(e) => setSolution(e.target.value)} className={monoClass} aria-invalid={issuesUnder(issues, "solution").length > 0} />
            <p className="text-xs text-slate-500">{t("solutionHint")}</p>
            <FieldIssues issues={issuesUnder(issues, "solution")} />
          </div>
        </section>

        <section className="space-y-4 rounded-xl border border-slate-200 bg-white p-4 sm:p-6">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 className="text-lg font-semibold">{t("typeFields", { type: t(`types.${type}`) })}</h2>
            {STRUCTURED_TYPES.includes(type) && (
              <button type="button" className={smallButton} onClick={toggleYaml} disabled={yamlMode && yamlError !== null}>
                {yamlMode ? t("useForm") : t("useYaml")}
              </button>
            )}
          </div>
          {yamlMode ? (
            <div>
              <label className={labelClass} htmlFor="q-yaml">{t("yaml")}</label>
              <textarea id="q-yaml" rows={16} spellCheck={false} value={yamlText} onChange={(e) => changeYaml(e.target.value)} className={`${monoClass} text-xs`} aria-invalid={yamlError !== null} />
              <p className="text-xs text-slate-500">{t("yamlHint")}</p>
              {yamlError && <p className="mt-1 text-sm text-red-700">{t("yamlError", { message: yamlError })}</p>}
              <FieldIssues issues={issues.filter((i) => !["id", "type", "title", "topic", "tags", "source", "prompt", "solution"].includes(i.field.split(".")[0]!))} />
            </div>
          ) : type === "numeric" ? (
            <NumericFields own={own} onChange={setOwn} issues={issues} />
          ) : type === "code" ? (
            <CodeFields own={own} onChange={setOwn} issues={issues} checkers={props.checkers} />
          ) : (
            <McqFields own={own} onChange={setOwn} issues={issues} />
          )}
        </section>

        {unplaced.length > 0 && !yamlMode && (
          <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-900">
            <FieldIssues issues={unplaced} />
          </div>
        )}

        <div className="flex flex-wrap items-center gap-3">
          <button type="submit" className={primaryButton} disabled={saving}>
            {saving ? t("saving") : props.questionId ? t("saveVersion") : t("create")}
          </button>
          <span role="status" className="text-sm" data-testid="save-status">
            {checking ? t("checking") : validation?.ok ? <span className="text-emerald-700">{t("valid")}</span> : validation ? <span className="text-red-700">{t("invalid", { count: issues.length })}</span> : null}
          </span>
        </div>
        {saved && (
          <div role="status" data-testid="save-result" className={`rounded-lg border p-3 text-sm ${"error" in saved ? "border-red-200 bg-red-50 text-red-900" : "border-emerald-200 bg-emerald-50 text-emerald-900"}`}>
            {"error" in saved ? saved.error : saved.unchanged ? (saved.version === saved.latest ? t("unchanged", { version: saved.version }) : t("sameAsOld", { version: saved.version, latest: saved.latest })) : t("saved", { version: saved.version })}
          </div>
        )}
      </form>

      <div className="lg:sticky lg:top-4 lg:self-start">
        <QuestionPreview
          type={type}
          validation={validation}
          seed={seed}
          onSeed={setSeed}
          testAnswer={testAnswer}
          onTestAnswer={setTestAnswer}
        />
      </div>
    </div>
  );
}
