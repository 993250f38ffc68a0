import seedrandom from "seedrandom";
import type { z } from "zod";
import type { BaseQuestion, GradeResult, QuestionTexts, QuestionTypeModule, Variant } from "@/lib/questions/base";
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

type Picks = { ok: true; ids: string[] } | { ok: false; error: string };

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
  if (typeof answer !== "string") return { ok: false, error: "A resposta deve ser a letra de uma opção." };
  if (answer.length > MAX_ANSWER) return { ok: false, error: `Resposta longa demais (máximo de ${MAX_ANSWER} caracteres).` };
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
  if (tokens.length === 0) return { ok: false, error: `Resposta vazia: escolha ${question.multiple ? "uma ou mais opções" : "uma opção"} (${valid.join(", ")}).` };
  const unknown = tokens.filter((t) => !valid.includes(t));
  if (unknown.length > 0) {
    return { ok: false, error: `Opção “${unknown[0]}” não existe. As opções são: ${valid.join(", ")}.` };
  }
  const ids = [...new Set(tokens)];
  if (!question.multiple && ids.length > 1) return { ok: false, error: "Esta questão tem uma única resposta: escolha só uma opção." };
  return { ok: true, ids };
}

function gradeMcq(question: McqQuestion, _variant: Variant, answer: string): GradeResult {
  const picks = readPicks(question, answer);
  if (!picks.ok) return { score: 0, feedback: picks.error, invalid: true };
  const chosen = question.options.filter((o) => picks.ids.includes(o.id));
  const wrong = chosen.filter((o) => !o.correct);
  const notes = wrong.filter((o) => o.feedback).map((o) => `**${o.id})** ${o.feedback}`);
  if (!question.multiple) {
    if (wrong.length === 0) return { score: 1, feedback: "Correto!" };
    return { score: 0, feedback: ["Incorreto.", ...notes].join("\n\n") };
  }
  const correctCount = question.options.filter((o) => o.correct).length;
  const right = chosen.length - wrong.length;
  const score = Math.max(0, (right - wrong.length) / correctCount);
  if (score === 1) return { score, feedback: "Correto!" };
  const summary =
    `Você marcou ${right} de ${correctCount} ${correctCount === 1 ? "opção correta" : "opções corretas"}` +
    (wrong.length > 0 ? ` e ${wrong.length} ${wrong.length === 1 ? "incorreta" : "incorretas"} (cada incorreta desconta uma correta).` : ".");
  return { score, feedback: [score === 0 ? "Incorreto." : "Parcialmente correto.", summary, ...notes].join("\n\n") };
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
