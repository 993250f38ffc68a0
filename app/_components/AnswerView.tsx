import { useTranslations } from "next-intl";
import { answerDisplay } from "@/lib/questions/answer-display";

/** A stored answer as people read it: architecture answers as a table, matrices as a grid, the rest as typed. */
export function AnswerView({ type, answer }: { type: string; answer: string }) {
  const t = useTranslations("answerView");
  const display = answerDisplay(type, answer);
  if (display.kind === "table") {
    return (
      <table className="mt-2 text-left text-xs" data-testid="answer-table">
        <thead className="text-slate-500">
          <tr>
            <th scope="col" className="pr-4 font-medium">{t("layer")}</th>
            <th scope="col" className="pr-4 font-medium">{t("field")}</th>
            <th scope="col" className="font-medium">{t("value")}</th>
          </tr>
        </thead>
        <tbody className="font-mono">
          {display.rows.map((row) => (
            <tr key={`${row.layer}.${row.field}`}>
              <td className="pr-4">{row.layer}</td>
              <td className="pr-4 font-sans">{t.has(`fields.${row.field}`) ? t(`fields.${row.field}`) : row.field}</td>
              <td>{row.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  }
  if (display.kind === "matrix") {
    return (
      <table className="mt-2 font-mono text-xs" aria-label={t("matrix", { rows: display.rows.length, cols: display.rows[0]!.length })} data-testid="answer-matrix">
        <tbody>
          {display.rows.map((row, r) => (
            <tr key={r}>
              {row.map((cell, c) => (
                <td key={c} className="border border-slate-200 px-2 py-0.5 text-right">{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    );
  }
  return <pre className="mt-2 max-h-32 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2 font-mono text-xs">{display.text}</pre>;
}

/** A recognised mistake by its name, in the reader's language when the grader named it. */
export function MisconceptionName({ label, name }: { label: string; name: string }) {
  const names = useTranslations("misconceptions");
  return <>{names.has(label) ? names(label) : name}</>;
}
