import { useTranslations } from "next-intl";
import { AnswerView } from "@/app/_components/AnswerView";
import { Markdown } from "@/app/_components/Markdown";

/** Code with line numbers, as a grader refers to it ("line 12"). */
function CodeLines({ code }: { code: string }) {
  const t = useTranslations("studentRecord");
  const lines = code.replace(/\n$/, "").split("\n");
  return (
    <div className="max-h-[32rem] overflow-auto rounded-lg bg-slate-950 text-xs text-slate-100" data-testid="answer-code">
      <table className="font-mono" aria-label={t("code")}>
        <tbody>
          {lines.map((line, index) => (
            <tr key={index}>
              <td className="select-none border-r border-slate-700 px-2 text-right align-top text-slate-500">{index + 1}</td>
              <td className="whitespace-pre px-3">{line || " "}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * A student's answer as staff read it: open answers as Markdown with math (react-markdown renders no raw HTML;
 * KaTeX runs untrusted), code with line numbers, matrices and architectures as tables, the rest as typed.
 */
export function RenderedAnswer({ type, answer }: { type: string | null; answer: string }) {
  if (type === "open") {
    return (
      <div className="max-h-[28rem] overflow-auto rounded-lg bg-slate-50 p-4 text-sm leading-relaxed" data-testid="student-answer">
        <Markdown>{answer}</Markdown>
      </div>
    );
  }
  if (type === "code") return <CodeLines code={answer} />;
  return <AnswerView type={type ?? "open"} answer={answer} />;
}
