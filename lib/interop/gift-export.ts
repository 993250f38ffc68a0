import type { AnyQuestion } from "@/domain/questions/base";
import { isTrueFalse, percent, writeAll, type Exportable, type ExportNote } from "./exportable";
import { interopNote } from "./note";

/** GIFT's special characters (and the backslash itself) escaped; a line break is `\n`, since a blank line ends a question. */
export function escapeGift(text: string): string {
  return text
    .replace(/\\/g, "\\\\")
    .replace(/[~=#{}:]/g, (c) => `\\${c}`)
    .replace(/\r?\n/g, "\\n");
}

const withFeedback = (feedback: string | undefined) => (feedback ? `#${escapeGift(feedback)}` : "");
const weight = (credit: number) => `%${percent(credit)}%`;

/** The `{…}` block of one question. */
function answerBlock(q: AnyQuestion, ex: Exportable, solution: string, notes: ExportNote[]): string {
  const general = solution.trim() ? `\n####${escapeGift(solution.trim())}` : "";
  switch (ex.kind) {
    case "mcq": {
      if (isTrueFalse(q)) {
        const right = ex.options.find((o) => o.correct)!;
        const wrong = ex.options.find((o) => !o.correct)!;
        // {T#feedback when the answer is wrong#feedback when it is right}
        const feedbacks = wrong.feedback || right.feedback ? `#${escapeGift(wrong.feedback ?? "")}#${escapeGift(right.feedback ?? "")}` : "";
        return `{${right === ex.options[0] ? "TRUE" : "FALSE"}${feedbacks}${general}}`;
      }
      if (!ex.shuffle) notes.push({ id: q.id, note: interopNote("interop.giftShuffle") });
      const lines = ex.options.map((o) => {
        const lead = !ex.multiple && o.correct ? "=" : `~${ex.multiple || o.credit !== 0 ? weight(o.credit) : ""}`;
        return `\t${lead}${escapeGift(o.text)}${withFeedback(o.feedback)}`;
      });
      return `{\n${lines.join("\n")}${general}\n}`;
    }
    case "numeric": {
      if (ex.unit) notes.push({ id: q.id, note: interopNote("interop.giftUnit", { unit: ex.unit }) });
      const answer = (a: (typeof ex.answers)[number]) => `${a.value}:${a.tolerance}${withFeedback(a.feedback)}`;
      if (ex.answers.length === 1 && !ex.answers[0]!.feedback) return `{#${answer(ex.answers[0]!)}${general}}`;
      return `{#\n${ex.answers.map((a) => `\t=${a.credit === 1 ? "" : weight(a.credit)}${answer(a)}`).join("\n")}${general}\n}`;
    }
    case "shortanswer":
      if (ex.caseSensitive) notes.push({ id: q.id, note: interopNote("interop.giftCase") });
      return `{\n${ex.answers.map((a) => `\t=${a.credit === 1 ? "" : weight(a.credit)}${escapeGift(a.text)}${withFeedback(a.feedback)}`).join("\n")}${general}\n}`;
    case "open":
      notes.push({ id: q.id, note: interopNote("interop.giftEssay") });
      return `{\n####${escapeGift(ex.graderInfo)}\n}`;
  }
}

/**
 * GIFT (Moodle 4.x) for mcq (true/false when its options are exactly true and false), numeric, short answer and open
 * questions: texts as [markdown], the bank id and tags in `// [id:…] [tag:…]`, each topic as a `$CATEGORY`.
 */
export async function toGift(questions: AnyQuestion[], category: string): Promise<{ gift: string; notes: ExportNote[] }> {
  const { parts, notes } = await writeAll(questions, category, {
    category: (path) => `$CATEGORY: ${path}`,
    question: ({ question: q, value, prompt, solution }, notes) => {
      const header = `// [id:${q.id}]${q.tags.map((t) => ` [tag:${t}]`).join("")}`;
      return `${header}\n::${escapeGift(q.title)}::[markdown]${escapeGift(prompt)}${answerBlock(q, value, solution, notes)}`;
    },
  });
  return { gift: `${parts.join("\n\n")}\n`, notes };
}
