import seedrandom from "seedrandom";
import type { z } from "zod";
import type { BaseQuestion, GradeResult, QuestionTexts, QuestionTypeModule, Variant } from "@/domain/questions/base";
import type { Message, MessageValues } from "@/domain/i18n/translate";
import { say, sayAll } from "@/domain/questions/feedback";
import { mcqFields } from "./schema";

export type McqQuestion = BaseQuestion & QuestionTexts & z.infer<typeof mcqFields>;
type Option = McqQuestion["options"][number];

const MAX_ANSWER = 200;

/** Display order of the options: as printed for the default variant, shuffled per seed otherwise; ids never change. */
export function displayOrder(question: McqQuestion, variant: Variant): Option[] {
  const options = [...question.options];
  if (!question.shuffle || variant.seed === null) return options;
  const rng = seedrandom(`${question.id}:${variant.seed}:options`);
  for (let i = options.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [options[i], options[j]] = [options[j], options[i]];
  }
  return options;
}

type Picks = { ok: true; ids: string[] } | { ok: false; error: string; message?: Message[] };

function refuse(key: string, values?: MessageValues): Picks {
  const { feedback, message } = say(`mcq.${key}`, values);
  return { ok: false, error: feedback, message };
}

const plain = (text: string) =>
  text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[*_`$\\]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();

/** The one option whose text the answer quotes ("Nas camadas totalmente conectadas.", "totalmente conectadas"), if any. */
function optionByText(question: McqQuestion, answer: string): Option | null {
  const said = plain(answer);
  if (said.split(" ").length < 2) return null;
  const exact = question.options.filter((o) => plain(o.text) === said);
  if (exact.length === 1) return exact[0];
  const quoted = question.options.filter((o) => plain(o.text).includes(said));
  return quoted.length === 1 ? quoted[0] : null;
}

/** "letra b", "Alternativa B", "opção (b)", "resposta: b" */
const LETTER_WORDS = /^\s*(?:(?:a\s+)?(?:letra|alternativa|op[çc][ãa]o|option|answer|resposta)\s*[:=]?\s*)+/i;

/** Reads "b", "a,c", "A; C", "a) c)", "letra b", or the text of one option into distinct option ids. */
export function readPicks(question: McqQuestion, answer: unknown): Picks {
  if (typeof answer !== "string") return refuse("notText");
  if (answer.length > MAX_ANSWER) return refuse("tooLong", { max: MAX_ANSWER });
  const letters = readLetters(question, answer.replace(LETTER_WORDS, ""));
  if (letters.ok) return letters;
  const byText = optionByText(question, answer);
  return byText ? { ok: true, ids: [byText.id] } : letters;
}

function readLetters(question: McqQuestion, answer: string): Picks {
  const tokens = answer
    .toLowerCase()
    .split(/[\s,;]+/)
    .map((t) => t.replace(/^\(?([a-z0-9]+)[).]?$/, "$1"))
    .filter((t) => t !== "");
  const valid = question.options.map((o) => o.id);
  if (tokens.length === 0) return refuse("empty", { multiple: String(question.multiple), options: valid.join(", ") });
  const unknown = tokens.filter((t) => !valid.includes(t));
  if (unknown.length > 0) {
    return refuse("unknown", { option: unknown[0]!, options: valid.join(", ") });
  }
  const ids = [...new Set(tokens)];
  if (!question.multiple && ids.length > 1) return refuse("single");
  return { ok: true, ids };
}

/** What picking the option is worth: its own credit, else the default rule (see mcqOptionSchema). */
export function optionCredit(question: McqQuestion, option: Option): number {
  if (option.credit !== undefined) return option.credit;
  if (question.options.some((o) => o.credit !== undefined)) return 0;
  if (!question.multiple) return option.correct ? 1 : 0;
  const correctCount = question.options.filter((o) => o.correct).length;
  return (option.correct ? 1 : -1) / correctCount;
}

function gradeMcq(question: McqQuestion, _variant: Variant, answer: string): GradeResult {
  const picks = readPicks(question, answer);
  if (!picks.ok) return { score: 0, feedback: picks.error, ...(picks.message ? { message: picks.message } : {}), invalid: true };
  const chosen = question.options.filter((o) => picks.ids.includes(o.id));
  const wrong = chosen.filter((o) => !o.correct);
  const notes = wrong.filter((o) => o.feedback).map((o) => say("mcq.optionNote", { id: o.id, text: o.feedback! }));
  const sum = chosen.reduce((total, o) => total + optionCredit(question, o), 0);
  // 1/3 + 1/3 + 1/3 is 1 in floating point, and so are Moodle's three 33.33333 % (credits kept to 7 decimals)
  const score = sum > 1 - 1e-6 ? 1 : sum < 1e-6 ? 0 : sum;
  if (score === 1) return { score, ...say("correct") };
  const verdict = say(score === 0 ? "mcq.wrong" : "mcq.partial");
  if (!question.multiple || question.options.some((o) => o.credit !== undefined)) return { score, ...sayAll([verdict, ...notes]) };
  const correctCount = question.options.filter((o) => o.correct).length;
  const summary = say("mcq.summary", { right: chosen.length - wrong.length, correct: correctCount, wrong: wrong.length });
  return { score, ...sayAll([verdict, summary, ...notes]) };
}

export const mcqType: QuestionTypeModule<McqQuestion> = {
  type: "mcq",
  schema: mcqFields,
  referenceAnswer: (question) =>
    question.options
      .filter((o) => o.correct)
      .map((o) => o.id)
      .join(","),
  grade: gradeMcq,
  publicView: (question, variant) => ({
    multiple: question.multiple,
    options: displayOrder(question, variant).map(({ id, text }) => ({ id, text })),
  }),
};
