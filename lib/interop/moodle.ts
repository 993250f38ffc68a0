import { XMLBuilder, XMLParser, XMLValidator } from "fast-xml-parser";
import { makeVariant, referenceAnswer } from "@/grader/grade";
import { numericReference, type NumericQuestion } from "@/grader/types/numeric";
import type { AnyQuestion } from "@/domain/questions/base";
import type { Parameterized } from "@/domain/questions/params";
import { renderPrompt, renderSolution } from "@/domain/questions/render";
import { htmlToMarkdown } from "./html";
import type { ImportedQuestion, ParsedFile } from "./imported";

type Node = Record<string, unknown>;

const ARRAYS = new Set(["question", "answer", "unit"]);

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

/** A Moodle text with its format attribute, as Markdown. */
function markdownOf(node: unknown, review: string[]): string {
  const raw = textOf(node);
  const format = (node as Node | undefined)?.["@_format"];
  if (format === "markdown" || format === "plain_text") return raw.trim();
  const { markdown, hadMedia } = htmlToMarkdown(raw);
  if (hadMedia && !review.includes("o texto tinha imagens ou mídia, que não foram importadas")) review.push("o texto tinha imagens ou mídia, que não foram importadas");
  return markdown;
}

const truthy = (value: unknown) => ["1", "true"].includes(textOf(value).trim().toLowerCase());

function parseMcq(q: Node, review: string[]): ImportedQuestion["body"] | string {
  const answers = (q.answer as Node[] | undefined) ?? [];
  if (answers.length < 2) return "questão de múltipla escolha com menos de duas opções";
  const multiple = q.single !== undefined && !truthy(q.single);
  const fractions = answers.map((a) => Number(a["@_fraction"] ?? 0));
  if (fractions.some((x) => !Number.isFinite(x))) return "fração de resposta ilegível";
  const options = answers.map((a, i) => ({
    text: markdownOf(a, review),
    correct: multiple ? fractions[i]! > 0 : fractions[i] === 100,
    feedback: markdownOf(a.feedback, review),
  }));
  const partial = multiple ? new Set(fractions.filter((x) => x > 0)).size > 1 : fractions.some((x) => x > 0 && x < 100);
  if (partial) review.push("créditos parciais do Moodle foram substituídos pela regra da Forja");
  if (fractions.some((x) => x < 0)) review.push("frações negativas do Moodle foram substituídas pela regra da Forja");
  return { kind: "mcq", multiple, shuffle: q.shuffleanswers === undefined ? true : truthy(q.shuffleanswers), options };
}

function parseTrueFalse(q: Node, review: string[]): ImportedQuestion["body"] | string {
  const answers = (q.answer as Node[] | undefined) ?? [];
  const right = answers.find((a) => Number(a["@_fraction"]) === 100);
  if (!right) return "verdadeiro/falso sem resposta certa";
  const isTrue = textOf(right).trim().toLowerCase() === "true";
  const feedbackFor = (value: string) => markdownOf(answers.find((a) => textOf(a).trim().toLowerCase() === value)?.feedback, review);
  return {
    kind: "mcq",
    multiple: false,
    shuffle: false,
    options: [
      { text: "Verdadeiro", correct: isTrue, feedback: feedbackFor("true") },
      { text: "Falso", correct: !isTrue, feedback: feedbackFor("false") },
    ],
  };
}

function parseNumerical(q: Node, review: string[]): ImportedQuestion["body"] | string {
  const answers = (q.answer as Node[] | undefined) ?? [];
  const full = answers.filter((a) => Number(a["@_fraction"]) === 100);
  if (full.length === 0) return "questão numérica sem resposta de 100%";
  const value = Number(textOf(full[0]).replace(",", "."));
  const tolerance = Number(textOf(full[0]!.tolerance) || 0);
  if (!Number.isFinite(value)) return `resposta numérica ilegível: "${textOf(full[0])}"`;
  if (!Number.isFinite(tolerance) || tolerance < 0) return "tolerância ilegível";
  if (answers.length > 1) review.push("só a primeira resposta de 100% foi importada (as outras respostas do Moodle foram descartadas)");
  const units = ((q.units as Node | undefined)?.unit as Node[] | undefined) ?? [];
  const unit = units.find((u) => Number(textOf(u.multiplier) || 1) === 1);
  return { kind: "numeric", value, tolerance, unit: unit ? textOf(unit.unit_name) || null : null };
}

const SUPPORTED: Record<string, (q: Node, review: string[]) => ImportedQuestion["body"] | string> = {
  multichoice: parseMcq,
  truefalse: parseTrueFalse,
  numerical: parseNumerical,
  essay: (q, review) => ({ kind: "open", graderInfo: markdownOf(q.graderinfo, review), points: Number(textOf(q.defaultgrade)) > 0 ? Number(textOf(q.defaultgrade)) : 1 }),
};

/** Reads a Moodle XML export (quiz/question); categories set the topic of the questions after them. */
export function parseMoodleXml(xml: string): ParsedFile {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) return { questions: [], unreadable: [{ name: "(arquivo)", reason: "XML com DOCTYPE/ENTITY não é aceito" }] };
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return { questions: [], unreadable: [{ name: "(arquivo)", reason: `XML inválido na linha ${valid.err.line}: ${valid.err.msg}` }] };
  const doc = parser.parse(xml) as Node;
  const quiz = doc.quiz as Node | undefined;
  if (!quiz) return { questions: [], unreadable: [{ name: "(arquivo)", reason: "não é um XML do Moodle (falta <quiz>)" }] };
  const out: ParsedFile = { questions: [], unreadable: [] };
  let category: string | null = null;
  for (const [index, q] of ((quiz.question as Node[] | undefined) ?? []).entries()) {
    const type = String(q["@_type"] ?? "");
    if (type === "category") {
      category = textOf(q.category).replace(/^\$course\$\/?/, "").replace(/^top\/?/, "") || null;
      continue;
    }
    const name = textOf(q.name).trim() || `questão ${index + 1}`;
    const parse = SUPPORTED[type];
    if (!parse) {
      out.unreadable.push({ name, reason: `tipo do Moodle "${type}" não é importado (aceitos: múltipla escolha, verdadeiro/falso, numérica, dissertativa)` });
      continue;
    }
    const review: string[] = [];
    const body = parse(q, review);
    if (typeof body === "string") {
      out.unreadable.push({ name, reason: body });
      continue;
    }
    const text = markdownOf(q.questiontext, review);
    out.questions.push({ name, category, text, generalFeedback: markdownOf(q.generalfeedback, review), body, review });
  }
  return out;
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: "@_", format: true, cdataPropName: "__cdata", suppressEmptyNode: false });

const text = (value: string, format = "markdown") => ({ "@_format": format, text: { __cdata: value } });

export interface ExportNote {
  id: string;
  note: string;
}

/**
 * Moodle XML for mcq, numeric and open questions (texts as Markdown, which Moodle reads). Moodle numeric answers are
 * constants, so a parameterized question exports its default variant (noted). Other types are skipped (noted).
 */
export async function toMoodleXml(questions: AnyQuestion[], category: string): Promise<{ xml: string; notes: ExportNote[] }> {
  const notes: ExportNote[] = [];
  const nodes: Node[] = [{ "@_type": "category", category: { text: `$course$/${category}` } }];
  for (const q of questions) {
    const variant = makeVariant(q, null);
    const reference = await referenceAnswer(q, variant);
    const prompt = renderPrompt(q as AnyQuestion & Parameterized, variant);
    const solution = renderSolution(q as AnyQuestion & Parameterized, variant, reference);
    const common = { name: { text: q.title }, questiontext: text(prompt), generalfeedback: text(solution), defaultgrade: 1, penalty: 0, hidden: 0, idnumber: q.id };
    if (q.type === "mcq") {
      const options = q.options as { id: string; text: string; correct: boolean; feedback?: string }[];
      const multiple = q.multiple === true;
      const correct = options.filter((o) => o.correct).length;
      nodes.push({
        "@_type": "multichoice",
        ...common,
        single: multiple ? "false" : "true",
        shuffleanswers: q.shuffle === false ? 0 : 1,
        answernumbering: "abc",
        answer: options.map((o) => ({
          "@_fraction": o.correct ? (multiple ? +(100 / correct).toFixed(5) : 100) : multiple ? -100 : 0,
          ...text(o.text),
          feedback: text(o.feedback ?? ""),
        })),
      });
    } else if (q.type === "numeric") {
      const value = numericReference(q as unknown as NumericQuestion, variant);
      const tol = q.tolerance as { mode?: string; abs?: number; rel?: number };
      const tolerance = tol.mode === "integer" ? 0 : Math.max(tol.abs ?? 0, (tol.rel ?? 0) * Math.abs(value));
      if (Object.values((q.params ?? {}) as Record<string, { choices?: unknown; range?: unknown; matrix?: unknown }>).some((p) => p.choices || p.range || p.matrix)) {
        notes.push({ id: q.id, note: "questão com parâmetros: exportada só a variante padrão (o Moodle guarda respostas constantes)" });
      }
      nodes.push({
        "@_type": "numerical",
        ...common,
        answer: [{ "@_fraction": 100, "@_format": "moodle_auto_format", text: String(value), tolerance: +tolerance.toPrecision(12), feedback: text("") }],
        ...(q.unit ? { units: { unit: [{ multiplier: 1, unit_name: String(q.unit) }] } } : {}),
      });
    } else if (q.type === "open") {
      const rubric = (q.rubric as { text: string; points: number }[]).map((r) => `- (${r.points}) ${r.text}`).join("\n");
      nodes.push({
        "@_type": "essay",
        ...common,
        defaultgrade: (q.rubric as { points: number }[]).reduce((s, r) => s + r.points, 0),
        responseformat: "editor",
        responsefieldlines: 10,
        graderinfo: text(`${q.solution.trim()}\n\nRubrica:\n${rubric}`),
      });
    } else {
      notes.push({ id: q.id, note: `tipo ${q.type} não existe no Moodle: não exportada` });
    }
  }
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ quiz: { question: nodes } })}`;
  return { xml, notes };
}
