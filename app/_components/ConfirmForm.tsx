"use client";

import { useState } from "react";

/** A button that asks once more before it runs a server action (start or finish an exam). */
export function ConfirmForm(props: {
  action: () => Promise<void>;
  label: string;
  title: string;
  text: string;
  confirmLabel: string;
  cancelLabel: string;
  tone?: "brand" | "danger";
}) {
  const [asking, setAsking] = useState(false);
  const strong = props.tone === "danger" ? "bg-red-700 hover:bg-red-800" : "bg-brand-600 hover:bg-brand-700";
  if (!asking) {
    return (
      <button type="button" onClick={() => setAsking(true)} className={`rounded-lg px-5 py-2 font-medium text-white ${strong}`}>
        {props.label}
      </button>
    );
  }
  return (
    <form action={props.action} role="alertdialog" aria-labelledby="confirm-title" aria-describedby="confirm-text" className="space-y-3 rounded-xl border border-slate-300 bg-white p-4">
      <p id="confirm-title" className="font-semibold">{props.title}</p>
      <p id="confirm-text" className="text-sm text-slate-700">{props.text}</p>
      <div className="flex gap-3">
        <button type="submit" className={`rounded-lg px-5 py-2 font-medium text-white ${strong}`}>{props.confirmLabel}</button>
        <button type="button" onClick={() => setAsking(false)} className="rounded-lg border border-slate-300 px-4 py-2 font-medium hover:bg-slate-50">
          {props.cancelLabel}
        </button>
      </div>
    </form>
  );
}
