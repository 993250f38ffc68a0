import { XMLBuilder, XMLParser, XMLValidator } from "fast-xml-parser";
import type { AnyQuestion } from "@/domain/questions/base";
import { htmlToMarkdown, mediaIn } from "./html";
import { categoryPath, type ImportedChoice, type ImportedNumber, type ImportedQuestion, type ParsedFile } from "./imported";
import { isTrueFalse, percent, writeAll, type Exportable, type ExportNote } from "./exportable";
import { interopNote } from "./note";

export type { ExportNote } from "./exportable";

type Node = Record<string, unknown>;

const ARRAYS = new Set(["question", "answer", "unit", "tag", "file"]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => ARRAYS.has(name),
});

/** A child's <text> (Moodle wraps every text in one), or the node's own text. */
function textOf(node: unknown): string {
  if (node === undefined || node === null) return "";
  if (typeof node === "string" || typeof node === "number") return String(node);
  const obj = node as Node;
  if ("text" in obj) return textOf(obj.text);
  if ("#text" in obj) return String(obj["#text"]);
  return "";
}

/** What one question's texts say about it: points to review and reasons to refuse it (embedded files). */
interface Notes {
  review: string[];
  refuse: string[];
}

/** A Moodle text with its format attribute, as Markdown (HTML is reduced to Markdown: no tag survives). */
function markdownOf(node: unknown, notes: Notes): string {
  const raw = textOf(node);
  const files = (((node as Node | undefined)?.file as Node[] | undefined) ?? []).map((f) => String(f["@_name"] ?? "?"));
  const media = [...new Set([...mediaIn(raw), ...files])];
  if (media.length > 0) notes.refuse.push(interopNote("interop.moodleMedia", { files: media.join(", ") }));
  const format = (node as Node | undefined)?.["@_format"];
  if (format === "markdown" || format === "plain_text") return raw.trim();
  return htmlToMarkdown(raw).markdown;
}

const truthy = (value: unknown) => ["1", "true"].includes(textOf(value).trim().toLowerCase());
const fractionOf = (answer: Node) => Number(answer["@_fraction"] ?? 0) / 100;
const answersOf = (q: Node) => (q.answer as Node[] | undefined) ?? [];

function parseMcq(q: Node, notes: Notes): ImportedQuestion["body"] | string {
  const answers = answersOf(q);
  if (answers.length < 2) return interopNote("interop.mcqTooFew");
  const options: ImportedChoice[] = answers.map((a) => ({ text: markdownOf(a, notes), fraction: fractionOf(a), feedback: markdownOf(a.feedback, notes) }));
  if (options.some((o) => !Number.isFinite(o.fraction))) return interopNote("interop.fraction");
  return { kind: "mcq", multiple: q.single !== undefined && !truthy(q.single), shuffle: q.shuffleanswers === undefined ? true : truthy(q.shuffleanswers), options };
}

function parseTrueFalse(q: Node, notes: Notes): ImportedQuestion["body"] | string {
  const answers = answersOf(q);
  const answer = (value: string) => answers.find((a) => textOf(a).trim().toLowerCase() === value);
  const right = answers.find((a) => fractionOf(a) === 1);
  if (!right) return interopNote("interop.trueFalseNoRight");
  const option = (value: string, text: string): ImportedChoice => ({ text, fraction: answer(value) === right ? 1 : 0, feedback: markdownOf(answer(value)?.feedback, notes) });
  return { kind: "mcq", multiple: false, shuffle: false, options: [option("true", "Verdadeiro"), option("false", "Falso")] };
}

function parseNumerical(q: Node, notes: Notes): ImportedQuestion["body"] | string {
  const answers: ImportedNumber[] = [];
  for (const a of answersOf(q)) {
    const text = textOf(a).trim();
    if (text === "*") {
      notes.review.push(interopNote("interop.moodleAnyOther"));
      continue;
    }
    const value = Number(text.replace(",", "."));
    const tolerance = Number(textOf(a.tolerance) || 0);
    if (!Number.isFinite(value) || text === "") return interopNote("interop.numericAnswer", { spec: text });
    if (!Number.isFinite(tolerance) || tolerance < 0) return interopNote("interop.tolerance", { spec: textOf(a.tolerance) });
    answers.push({ value, tolerance, fraction: fractionOf(a), feedback: markdownOf(a.feedback, notes) });
  }
  const units = ((q.units as Node | undefined)?.unit as Node[] | undefined) ?? [];
  const unit = units.find((u) => Number(textOf(u.multiplier) || 1) === 1);
  const others = units.filter((u) => u !== unit).map((u) => `${textOf(u.unit_name)} (×${textOf(u.multiplier)})`);
  if (others.length > 0) notes.review.push(interopNote("interop.moodleUnits", { units: others.join(", ") }));
  return { kind: "numeric", answers, unit: unit ? textOf(unit.unit_name) || null : null };
}

function parseShortAnswer(q: Node, notes: Notes): ImportedQuestion["body"] | string {
  // answer texts are plain (moodle_auto_format): a pattern, never HTML
  const answers = answersOf(q).map((a) => ({ text: textOf(a).trim(), fraction: fractionOf(a), feedback: markdownOf(a.feedback, notes) }));
  if (answers.length === 0) return interopNote("interop.shortNoAnswers");
  if (answers.some((a) => a.text === "" || !Number.isFinite(a.fraction))) return interopNote("interop.shortBadAnswer");
  return { kind: "shortanswer", caseSensitive: truthy(q.usecase), answers };
}

const SUPPORTED: Record<string, (q: Node, notes: Notes) => ImportedQuestion["body"] | string> = {
  multichoice: parseMcq,
  truefalse: parseTrueFalse,
  numerical: parseNumerical,
  shortanswer: parseShortAnswer,
  essay: (q, notes) => ({ kind: "open", graderInfo: markdownOf(q.graderinfo, notes), points: Number(textOf(q.defaultgrade)) > 0 ? Number(textOf(q.defaultgrade)) : 1 }),
};

/** Reads a Moodle XML export (quiz/question); categories set the topic of the questions after them. */
export function parseMoodleXml(xml: string): ParsedFile {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) return { questions: [], unreadable: [{ name: interopNote("interop.wholeFile"), reason: interopNote("interop.xmlDoctype") }] };
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return { questions: [], unreadable: [{ name: interopNote("interop.wholeFile"), reason: interopNote("interop.xmlInvalid", { line: valid.err.line, problem: valid.err.msg }) }] };
  const doc = parser.parse(xml) as Node;
  const quiz = doc.quiz as Node | undefined;
  if (!quiz) return { questions: [], unreadable: [{ name: interopNote("interop.wholeFile"), reason: interopNote("interop.notMoodle") }] };
  const out: ParsedFile = { questions: [], unreadable: [] };
  let category: string | null = null;
  for (const [index, q] of ((quiz.question as Node[] | undefined) ?? []).entries()) {
    const type = String(q["@_type"] ?? "");
    if (type === "category") {
      category = categoryPath(textOf(q.category));
      continue;
    }
    const name = textOf(q.name).trim() || `questão ${index + 1}`; // i18n: not a text (the imported question's own content)
    const parse = SUPPORTED[type];
    if (!parse) {
      out.unreadable.push({ name, reason: interopNote("interop.moodleType", { type }) });
      continue;
    }
    const notes: Notes = { review: [], refuse: [] };
    const body = parse(q, notes);
    const text = markdownOf(q.questiontext, notes);
    const generalFeedback = markdownOf(q.generalfeedback, notes);
    if (typeof body === "string" || notes.refuse.length > 0) {
      out.unreadable.push({ name, reason: typeof body === "string" ? body : notes.refuse[0]! });
      continue;
    }
    const tags = (((q.tags as Node | undefined)?.tag as Node[] | undefined) ?? []).map((t) => textOf(t).trim()).filter(Boolean);
    const idnumber = textOf(q.idnumber).trim() || null;
    out.questions.push({ name, idnumber, category, tags, text, generalFeedback, body, review: [...new Set(notes.review)] });
  }
  return out;
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: "@_", format: true, cdataPropName: "__cdata", suppressEmptyNode: false });

const text = (value: string, format = "markdown") => ({ "@_format": format, text: value === "" ? "" : { __cdata: value } });
const feedback = (value: string | undefined) => ({ feedback: text(value ?? "", "markdown") });

/** One question as Moodle 4.x writes it (the fields Moodle's XML import reads, in its order). */
function questionNode(q: AnyQuestion, prompt: string, solution: string, ex: Exportable): Node {
  const common = {
    name: { text: q.title },
    questiontext: text(prompt),
    generalfeedback: text(solution),
    defaultgrade: "1.0000000",
    penalty: "0.3333333",
    hidden: 0,
    idnumber: q.id,
  };
  const tags = q.tags.length > 0 ? { tags: { tag: q.tags.map((t) => ({ text: t })) } } : {};
  switch (ex.kind) {
    case "mcq":
      if (isTrueFalse(q)) {
        return {
          "@_type": "truefalse",
          ...common,
          answer: ex.options.map((o, i) => ({ "@_fraction": o.correct ? 100 : 0, "@_format": "moodle_auto_format", text: i === 0 ? "true" : "false", ...feedback(o.feedback) })),
          ...tags,
        };
      }
      return {
        "@_type": "multichoice",
        ...common,
        single: ex.multiple ? "false" : "true",
        shuffleanswers: ex.shuffle ? "true" : "false",
        answernumbering: "abc",
        showstandardinstruction: 0,
        correctfeedback: text(""),
        partiallycorrectfeedback: text(""),
        incorrectfeedback: text(""),
        answer: ex.options.map((o) => ({ "@_fraction": percent(o.credit), ...text(o.text), ...feedback(o.feedback) })),
        ...tags,
      };
    case "numeric":
      return {
        "@_type": "numerical",
        ...common,
        answer: ex.answers.map((a) => ({ "@_fraction": percent(a.credit), "@_format": "moodle_auto_format", text: String(a.value), ...feedback(a.feedback), tolerance: String(a.tolerance) })),
        ...(ex.unit ? { units: { unit: [{ multiplier: 1, unit_name: ex.unit }] } } : {}),
        unitgradingtype: 0,
        unitpenalty: "0.1000000",
        showunits: ex.unit ? 2 : 3,
        unitsleft: 0,
        ...tags,
      };
    case "shortanswer":
      return {
        "@_type": "shortanswer",
        ...common,
        usecase: ex.caseSensitive ? 1 : 0,
        answer: ex.answers.map((a) => ({ "@_fraction": percent(a.credit), "@_format": "moodle_auto_format", text: a.text, ...feedback(a.feedback) })),
        ...tags,
      };
    case "open":
      return {
        "@_type": "essay",
        ...common,
        defaultgrade: ex.points,
        responseformat: "editor",
        responserequired: 1,
        responsefieldlines: 10,
        attachments: 0,
        graderinfo: text(ex.graderInfo),
        responsetemplate: text(""),
        ...tags,
      };
  }
}

/**
 * Moodle XML (as Moodle 4.x exports it) for mcq (true/false when its options are exactly true and false), numeric,
 * short answer and open questions; texts as Markdown, which Moodle reads. Each topic is a category. Numeric answers
 * are constants in Moodle, so a parameterized question exports its default variant (noted); other types are skipped.
 */
export async function toMoodleXml(questions: AnyQuestion[], category: string): Promise<{ xml: string; notes: ExportNote[] }> {
  const { parts, notes } = await writeAll<Node>(questions, category, {
    category: (path) => ({ "@_type": "category", category: { text: path }, info: text("", "html"), idnumber: "" }),
    question: ({ question, value, prompt, solution }) => questionNode(question, prompt, solution, value),
  });
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ quiz: { question: parts } })}`;
  return { xml, notes };
}
