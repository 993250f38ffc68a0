"use client";

import { python } from "@codemirror/lang-python";
import CodeMirror, { EditorView } from "@uiw/react-codemirror";
import { useMemo } from "react";
import type { DraftIssue } from "@/lib/authoring/validate";
import { FieldIssues, labelClass } from "./inputs";

/** A Python text field with highlighting (starter code, reference solution, wrong implementations). */
export function PythonField(props: { id: string; label: string; hint: string; value: string; onChange: (text: string) => void; issues: DraftIssue[]; height?: string }) {
  const hintId = props.hint ? `${props.id}-hint` : undefined;
  // the editable element itself is named by the label (attributes of the wrapper do not reach it)
  const extensions = useMemo(
    () => [python(), EditorView.contentAttributes.of({ "aria-labelledby": props.id, ...(hintId ? { "aria-describedby": hintId } : {}) })],
    [props.id, hintId],
  );
  return (
    <div>
      <p id={props.id} className={labelClass}>{props.label}</p>
      <div className="mt-1 overflow-hidden rounded-lg border border-slate-300" data-testid={`${props.id}-editor`}>
        <CodeMirror value={props.value} height={props.height ?? "14rem"} extensions={extensions} onChange={props.onChange} basicSetup={{ tabSize: 4 }} />
      </div>
      {hintId && <p id={hintId} className="text-xs text-slate-500">{props.hint}</p>}
      <FieldIssues issues={props.issues} />
    </div>
  );
}
