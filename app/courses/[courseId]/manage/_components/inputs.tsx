"use client";

import { useState } from "react";
import { parseNumberList } from "@/lib/authoring/forms/text-lists";

export const inputClass = "w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm disabled:bg-slate-100 aria-[invalid=true]:border-red-500";
export const monoClass = `${inputClass} font-mono`;
export const labelClass = "block text-sm font-medium text-slate-700";
export const smallButton = "rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-50";
/** The mono input style at a fixed width instead of the full width. */
export const sized = (width: string) => `${monoClass.replace("w-full", "")} ${width}`;
export const primaryButton = "rounded-lg bg-brand-600 px-5 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-50";

/** A number typed freely: the text stays as typed, the value is reported only when it reads as a number. */
export function NumberInput(props: { value: number | undefined; onChange: (n: number) => void; label: string; id: string; className?: string; disabled?: boolean }) {
  const [text, setText] = useState(props.value === undefined ? "" : String(props.value));
  const [seen, setSeen] = useState(props.value);
  if (props.value !== seen) {
    // the value changed from outside (another control, YAML): show it
    setSeen(props.value);
    if (Number(text) !== props.value) setText(props.value === undefined ? "" : String(props.value));
  }
  const valid = text.trim() !== "" && Number.isFinite(Number(text));
  return (
    <input
      id={props.id}
      aria-label={props.label}
      inputMode="decimal"
      disabled={props.disabled}
      value={text}
      aria-invalid={!valid}
      onChange={(e) => {
        setText(e.target.value);
        const n = Number(e.target.value);
        if (e.target.value.trim() !== "" && Number.isFinite(n)) {
          setSeen(n);
          props.onChange(n);
        }
      }}
      className={props.className ? sized(props.className) : monoClass}
    />
  );
}

/** "28, 32, 64" → [28, 32, 64], reported only when every entry is a number. */
export function NumberListInput(props: { value: number[]; onChange: (n: number[]) => void; label: string; id: string }) {
  const [text, setText] = useState(props.value.join(", "));
  const parsed = parseNumberList(text);
  return (
    <input
      id={props.id}
      aria-label={props.label}
      value={text}
      aria-invalid={parsed === null || parsed.length === 0}
      onChange={(e) => {
        setText(e.target.value);
        const list = parseNumberList(e.target.value);
        if (list && list.length > 0) props.onChange(list);
      }}
      className={monoClass}
    />
  );
}

/** A name (parameter, derived value) committed when it is a free identifier, so renaming never merges two entries. */
export function NameInput(props: { value: string; taken: string[]; onRename: (name: string) => void; label: string; id: string }) {
  const [text, setText] = useState(props.value);
  const valid = /^[A-Za-z][A-Za-z0-9_]*$/.test(text) && (text === props.value || !props.taken.includes(text));
  return (
    <input
      id={props.id}
      aria-label={props.label}
      value={text}
      aria-invalid={!valid}
      onChange={(e) => setText(e.target.value)}
      onBlur={() => (valid && text !== props.value ? props.onRename(text) : setText(props.value))}
      className={sized("w-24")}
    />
  );
}

export function FieldIssues({ issues, id }: { issues: { field: string; message: string }[]; id?: string }) {
  if (issues.length === 0) return null;
  return (
    <ul id={id} className="mt-1 space-y-0.5 text-sm text-red-700" data-testid="field-issues">
      {issues.map((issue, i) => (
        <li key={i}>
          <span className="font-mono text-xs text-red-600">{issue.field}</span> {issue.message}
        </li>
      ))}
    </ul>
  );
}
