"use client";

import { python } from "@codemirror/lang-python";
import CodeMirror from "@uiw/react-codemirror";
import type { DraftIssue } from "@/lib/authoring/validate";
import { FieldIssues, labelClass } from "./inputs";

/** A Python text field with highlighting (starter code, reference solution, wrong implementations). */
export function PythonField(props: { id: string; label: string; hint: string; value: string; onChange: (text: string) => void; issues: DraftIssue[]; height?: string }) {
  return (
    <div>
      <p id={props.id} className={labelClass}>{props.label}</p>
      <div className="mt-1 overflow-hidden rounded-lg border border-slate-300" aria-describedby={`${props.id}-hint`} data-testid={`${props.id}-editor`}>
        <CodeMirror value={props.value} height={props.height ?? "14rem"} extensions={[python()]} onChange={props.onChange} basicSetup={{ tabSize: 4 }} aria-labelledby={props.id} />
      </div>
      {props.hint && <p id={`${props.id}-hint`} className="text-xs text-slate-500">{props.hint}</p>}
      <FieldIssues issues={props.issues} />
    </div>
  );
}
