import { patternExample } from "@/grader/types/shortanswer";
import type { QuestionDraft } from "@/lib/authoring/validate";
import { interopNote } from "./note";

/** An answer as Moodle and GIFT keep them: its text (or value), the fraction of the grade it earns (-1..1), feedback. */
export interface ImportedChoice {
  text: string;
  fraction: number;
  feedback: string;
}

export interface ImportedNumber {
  value: number;
  tolerance: number;
  fraction: number;
  feedback: string;
}

/** A question read from an outside format, before it becomes a bank question. Texts are Markdown. */
export interface ImportedQuestion {
  /** the question's name in its file (Moodle <name>, GIFT ::title::), or its first words */
  name: string;
  /** Moodle's idnumber / GIFT's [id:…]: the bank id to use when it is free */
  idnumber: string | null;
  category: string | null;
  tags: string[];
  text: string;
  /** general feedback / worked solution, if the file has one */
  generalFeedback: string;
  body:
    | { kind: "mcq"; multiple: boolean; shuffle: boolean; options: ImportedChoice[] }
    | { kind: "numeric"; answers: ImportedNumber[]; unit: string | null }
    | { kind: "shortanswer"; caseSensitive: boolean; answers: ImportedChoice[] }
    | { kind: "open"; graderInfo: string; points: number };
  /** what a person should check after importing (media, constant answers, what Forja cannot keep...) */
  review: string[];
}

/** One question of the file that could not be read at all (unsupported type, syntax error, embedded files). */
export interface UnreadableQuestion {
  name: string;
  reason: string;
}

export interface ParsedFile {
  questions: ImportedQuestion[];
  unreadable: UnreadableQuestion[];
}

/** `$course$/top/CNN/Pooling` → `CNN/Pooling` (Moodle's context prefix and its "top" category dropped). */
export const categoryPath = (text: string) => text.trim().replace(/^\$(course|cat\d*|system|module)\$\/?/, "").replace(/^top\/?/, "") || null;

export const REVIEW_TAG = "revisar-importacao";
export const IMPORTED_TAG = "importado";

export function slugifyId(text: string): string {
  const slug = text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 50)
    .replace(/-+$/g, "");
  return slug || "questao";
}

const OPTION_IDS = "abcdefghijklmnopqrstuvwxyz";
/** Moodle writes fractions with 7 decimals (0.3333333). */
const credit = (fraction: number) => +fraction.toFixed(7);
const same = (a: number, b: number) => Math.abs(a - b) < 1e-4;

/** The bank's tolerance for Moodle's absolute one: exact integers stay integers. */
function toleranceFor(value: number, tolerance: number): Record<string, unknown> {
  return tolerance === 0 && Number.isInteger(value) ? { mode: "integer" } : { abs: tolerance };
}

/** Moodle's "rubric" in an essay's grader information, as Forja exports it: `Rubrica:` then `- (2) text` lines. */
const RUBRIC = /(?:^|\n\n)Rubrica:\n((?:- \(\d+(?:[.,]\d+)?\) .+(?:\n|$))+)$/;

/** The text given to an option that had none (the imported question's own content, like its other texts). */
const EMPTY_OPTION = "(vazia)"; // i18n: not a text (the imported question's own content)

type TypeFields = { fields: Record<string, unknown>; solution: string } | { refused: string };

function mcqFields(body: Extract<ImportedQuestion["body"], { kind: "mcq" }>, review: string[]): TypeFields {
  if (body.options.length > OPTION_IDS.length) return { refused: interopNote("interop.mcqTooMany", { max: OPTION_IDS.length }) };
  const right = (f: number) => (body.multiple ? f > 0 : same(f, 1));
  const n = body.options.filter((o) => right(o.fraction)).length;
  if (n === 0) return { refused: body.multiple ? interopNote("interop.mcqNoPositive") : interopNote("interop.mcqNoFull") };
  if (!body.multiple && n > 1) return { refused: interopNote("interop.mcqManyFull", { n }) };
  // Forja's own rule (1 / 0, or ±1/n) needs no credits: only fractions that differ from it are kept per option
  const byRule = body.options.every((o) => same(o.fraction, body.multiple ? (right(o.fraction) ? 1 : -1) / n : right(o.fraction) ? 1 : 0));
  const options = body.options.map((o, i) => ({
    id: OPTION_IDS[i]!,
    text: o.text || EMPTY_OPTION,
    correct: right(o.fraction),
    ...(o.feedback ? { feedback: o.feedback } : {}),
    ...(byRule ? {} : { credit: right(o.fraction) && !body.multiple ? 1 : credit(o.fraction) }),
  }));
  if (options.some((o) => o.text === EMPTY_OPTION)) review.push(interopNote("interop.mcqEmptyOption", { placeholder: EMPTY_OPTION }));
  const letters = options.filter((o) => o.correct).map((o) => o.id).join(", ");
  return { fields: { type: "mcq", multiple: body.multiple, shuffle: body.shuffle, options }, solution: `Resposta: ${letters}` }; // i18n: not a text (the imported question's own content)
}

function numericFields(body: Extract<ImportedQuestion["body"], { kind: "numeric" }>, review: string[]): TypeFields {
  const main = body.answers.find((a) => same(a.fraction, 1));
  if (!main) return { refused: interopNote("interop.numericNoFull") };
  if (main.feedback) review.push(interopNote("interop.numericRightFeedback"));
  review.push(interopNote("interop.numericConstant", { value: String(main.value) }));
  const tolerance = toleranceFor(main.value, main.tolerance);
  const alternatives = body.answers
    .filter((a) => a !== main)
    .map((a) => {
      const own = toleranceFor(a.value, a.tolerance);
      return {
        answer: String(a.value),
        ...(JSON.stringify(own) === JSON.stringify(tolerance) ? {} : { tolerance: own }),
        credit: credit(a.fraction),
        ...(a.feedback ? { feedback: a.feedback } : {}),
      };
    });
  return {
    fields: {
      type: "numeric",
      params: { resposta_importada: { default: main.value } },
      answer: "resposta_importada",
      tolerance,
      ...(body.unit ? { unit: body.unit } : {}),
      ...(alternatives.length > 0 ? { alternatives } : {}),
    },
    solution: `Resposta: ${main.value}${body.unit ? ` ${body.unit}` : ""}`, // i18n: not a text (the imported question's own content)
  };
}

function shortFields(body: Extract<ImportedQuestion["body"], { kind: "shortanswer" }>, review: string[]): TypeFields {
  const seen = new Set<string>();
  const answers = body.answers.filter((a) => {
    if (seen.has(a.text)) {
      review.push(interopNote("interop.shortDuplicate", { answer: a.text }));
      return false;
    }
    seen.add(a.text);
    return true;
  });
  const full = answers.find((a) => same(a.fraction, 1) && patternExample(a.text) !== "");
  if (!full) return { refused: interopNote("interop.shortNoFull") };
  return {
    fields: {
      type: "shortanswer",
      case_sensitive: body.caseSensitive,
      answers: answers.map((a) => ({ text: a.text, credit: same(a.fraction, 1) ? 1 : credit(a.fraction), ...(a.feedback ? { feedback: a.feedback } : {}) })),
    },
    solution: `Resposta: ${patternExample(full.text)}`, // i18n: not a text (the imported question's own content)
  };
}

function openFields(body: Extract<ImportedQuestion["body"], { kind: "open" }>, review: string[]): TypeFields {
  const rubric = RUBRIC.exec(body.graderInfo);
  if (rubric) {
    const items = rubric[1]!.trim().split("\n").map((line, i) => {
      const [, points, text] = /^- \((\d+(?:[.,]\d+)?)\) (.+)$/.exec(line)!;
      return { id: `r${i + 1}`, text: text!.trim(), points: Number(points!.replace(",", ".")) };
    });
    return { fields: { type: "open", rubric: items }, solution: body.graderInfo.slice(0, rubric.index).trim() };
  }
  review.push(interopNote("interop.openOneItemRubric"));
  return { fields: { type: "open", rubric: [{ id: "r1", text: body.graderInfo ? "Resposta de acordo com o gabarito" : "Resposta correta e justificada", points: body.points }] }, solution: body.graderInfo.trim() }; // i18n: not a text (the imported question's own content)
}

/**
 * The bank form of an imported question, or why it cannot be one. Numeric answers in these formats are constants: the
 * bank wants a formula, so the constant becomes a fixed parameter the answer refers to, and the question is flagged.
 */
export function toDraft(q: ImportedQuestion, id: string, source: string): { draft: QuestionDraft; review: string[] } | { refused: string } {
  const review = [...q.review];
  const typed =
    q.body.kind === "mcq" ? mcqFields(q.body, review) : q.body.kind === "numeric" ? numericFields(q.body, review) : q.body.kind === "shortanswer" ? shortFields(q.body, review) : openFields(q.body, review);
  if ("refused" in typed) return typed;
  let solution = q.body.kind === "open" ? typed.solution || q.generalFeedback.trim() : q.generalFeedback.trim() || typed.solution;
  if (!solution) {
    solution = "(sem gabarito no arquivo importado)";
    review.push(interopNote("interop.noSolution"));
  }
  const tags = [...new Set([...q.tags, IMPORTED_TAG, ...(review.length > 0 ? [REVIEW_TAG] : [])])];
  const base = {
    id,
    title: q.name.slice(0, 200) || id,
    topic: q.category ? slugifyId(q.category.split("/").filter(Boolean).at(-1) ?? "importado") : "importado",
    source: { seed: source, item: q.name.slice(0, 100) || id },
  };
  return { draft: { fields: { ...base, ...typed.fields, tags }, prompt: q.text, solution }, review };
}
