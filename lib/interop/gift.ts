import { htmlToMarkdown } from "./html";
import type { ImportedQuestion, ParsedFile } from "./imported";

/**
 * GIFT (Moodle's text format) for multiple choice, true/false, numeric and essay questions. No maintained npm parser
 * fits (gift-pegjs sits on the deprecated pegjs 0.10), and the subset is small: questions are separated by blank
 * lines, `//` starts a comment line, `\` escapes ~ = # { } :, `$CATEGORY:` sets the topic.
 */

const ESCAPABLE = new Set(["~", "=", "#", "{", "}", ":", "\\", "n"]);

/** Index of `char` at or after `from` that is not escaped by a backslash, or -1. */
function unescapedIndex(text: string, char: string, from = 0): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === "\\") {
      i++;
      continue;
    }
    if (text[i] === char) return i;
  }
  return -1;
}

/** Splits on unescaped occurrences of any of `chars`, keeping the separator at the start of each part. */
function splitKeeping(text: string, chars: string): string[] {
  const parts: string[] = [];
  let current = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\\" && i + 1 < text.length) {
      current += c + text[i + 1];
      i++;
      continue;
    }
    if (chars.includes(c)) {
      if (current.trim()) parts.push(current);
      current = c;
    } else current += c;
  }
  if (current.trim()) parts.push(current);
  return parts;
}

function unescape(text: string): string {
  return text.replace(/\\(.)/g, (whole, c: string) => (c === "n" ? "\n" : ESCAPABLE.has(c) ? c : whole));
}

/** Text with an optional [format] prefix, as Markdown. */
function toMarkdown(raw: string, format: string, review: string[]): string {
  const text = unescape(raw.trim());
  if (format === "html") {
    const { markdown, hadMedia } = htmlToMarkdown(text);
    if (hadMedia) review.push("o texto tinha imagens ou mídia, que não foram importadas");
    return markdown;
  }
  return text;
}

/** `text#feedback` → both parts (the first unescaped #). */
function withFeedback(raw: string): [string, string] {
  const hash = unescapedIndex(raw, "#");
  return hash < 0 ? [raw, ""] : [raw.slice(0, hash), raw.slice(hash + 1)];
}

/** `%50%text` → [50, text]. */
function weightOf(raw: string): [number | null, string] {
  const match = /^\s*%(-?\d+(?:\.\d+)?)%/.exec(raw);
  return match ? [Number(match[1]), raw.slice(match[0].length)] : [null, raw];
}

function parseAnswers(block: string, format: string, review: string[]): ImportedQuestion["body"] | string {
  const trimmed = block.trim();
  if (trimmed === "") return { kind: "open", graderInfo: "", points: 1 };
  if (/^(T|TRUE|F|FALSE)(\s*#|$)/i.test(trimmed)) {
    const [value, feedback] = withFeedback(trimmed);
    const isTrue = /^t/i.test(value.trim());
    const fb = toMarkdown(feedback.replace(/#.*$/s, ""), format, review);
    return {
      kind: "mcq",
      multiple: false,
      shuffle: false,
      options: [
        { text: "Verdadeiro", correct: isTrue, feedback: isTrue ? "" : fb },
        { text: "Falso", correct: !isTrue, feedback: isTrue ? fb : "" },
      ],
    };
  }
  if (trimmed.startsWith("#")) return parseNumeric(trimmed.slice(1), review);
  if (/(^|[^\\])->/.test(trimmed)) return "perguntas de associação (->) não são importadas";
  const parts = splitKeeping(trimmed, "=~");
  if (parts.some((p) => !p.startsWith("=") && !p.startsWith("~"))) return "bloco de respostas ilegível (cada opção começa com = ou ~)";
  if (!parts.some((p) => p.startsWith("~"))) return "resposta curta (só respostas com =) não é importada";
  const options = parts.map((part) => {
    const [weight, rest] = weightOf(part.slice(1));
    const [text, feedback] = withFeedback(rest);
    return { right: part.startsWith("="), weight, text: toMarkdown(text, format, review), feedback: toMarkdown(feedback, format, review) };
  });
  const weighted = options.some((o) => o.weight !== null && o.weight > 0);
  const multiple = !options.some((o) => o.right) && weighted;
  if (!multiple && options.filter((o) => o.right).length !== 1) return "múltipla escolha precisa de exatamente uma resposta com =";
  if (!multiple && weighted) review.push("créditos parciais do GIFT foram substituídos pela regra da Forja");
  if (multiple && new Set(options.filter((o) => (o.weight ?? 0) > 0).map((o) => o.weight)).size > 1) review.push("pesos diferentes entre as opções certas foram substituídos pela regra da Forja");
  return {
    kind: "mcq",
    multiple,
    shuffle: true,
    options: options.map((o) => ({ text: o.text, correct: multiple ? (o.weight ?? 0) > 0 : o.right, feedback: o.feedback })),
  };
}

function parseNumeric(block: string, review: string[]): ImportedQuestion["body"] | string {
  const parts = block.trim().startsWith("=") ? splitKeeping(block, "=").map((p) => p.slice(1)) : [block];
  const full = parts.map((p) => weightOf(p)).filter(([w]) => w === null || w === 100);
  if (full.length === 0) return "questão numérica sem resposta de 100%";
  if (parts.length > 1) review.push("só a primeira resposta de 100% foi importada (as outras foram descartadas)");
  const [answer] = withFeedback(full[0]![1]);
  const spec = unescape(answer).trim();
  const range = /^(-?[\d.eE+-]+)\.\.(-?[\d.eE+-]+)$/.exec(spec);
  if (range) {
    const lo = Number(range[1]);
    const hi = Number(range[2]);
    if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo > hi) return `intervalo numérico ilegível: "${spec}"`;
    return { kind: "numeric", value: +((lo + hi) / 2).toPrecision(12), tolerance: +((hi - lo) / 2).toPrecision(12), unit: null };
  }
  const [valueText, tolText] = spec.split(":");
  const value = Number(valueText);
  const tolerance = tolText === undefined ? 0 : Number(tolText);
  if (!Number.isFinite(value) || valueText!.trim() === "") return `resposta numérica ilegível: "${spec}"`;
  if (!Number.isFinite(tolerance) || tolerance < 0) return `tolerância ilegível: "${spec}"`;
  return { kind: "numeric", value, tolerance, unit: null };
}

function firstWords(text: string): string {
  const words = text.replace(/[$*`#>_\\]/g, "").split(/\s+/).filter(Boolean).slice(0, 8).join(" ");
  return words.length > 80 ? `${words.slice(0, 80)}…` : words;
}

function parseOne(chunk: string, category: string | null): ImportedQuestion | { name: string; reason: string } {
  let rest = chunk.trim();
  let name = "";
  if (rest.startsWith("::")) {
    const end = rest.indexOf("::", 2);
    if (end < 0) return { name: rest.slice(0, 40), reason: "título sem o :: de fechamento" };
    name = unescape(rest.slice(2, end).trim());
    rest = rest.slice(end + 2).trim();
  }
  let format = "moodle";
  const formatMatch = /^\[(html|markdown|plain|moodle)\]/i.exec(rest);
  if (formatMatch) {
    format = formatMatch[1]!.toLowerCase();
    rest = rest.slice(formatMatch[0].length);
  }
  const open = unescapedIndex(rest, "{");
  const close = open < 0 ? -1 : unescapedIndex(rest, "}", open + 1);
  if (open < 0 || close < 0) return { name: name || firstWords(rest), reason: "falta o bloco de respostas { … }" };
  const after = rest.slice(close + 1).trim();
  const review: string[] = [];
  const text = toMarkdown(rest.slice(0, open), format, review);
  if (after !== "") return { name: name || firstWords(text), reason: "texto depois das respostas (lacuna no meio da frase) não é importado" };
  let block = rest.slice(open + 1, close);
  let generalFeedback = "";
  const general = /(^|[^\\])####/.exec(block);
  if (general) {
    generalFeedback = toMarkdown(block.slice(general.index + general[1]!.length + 4), format, review);
    block = block.slice(0, general.index + general[1]!.length);
  }
  const body = parseAnswers(block, format, review);
  const finalName = name || firstWords(text) || "questão sem título";
  if (typeof body === "string") return { name: finalName, reason: body };
  if (text === "") return { name: finalName, reason: "enunciado vazio" };
  return { name: finalName, category, text, generalFeedback, body, review };
}

export function parseGift(source: string): ParsedFile {
  const out: ParsedFile = { questions: [], unreadable: [] };
  const lines = source.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n").split("\n");
  let category: string | null = null;
  let chunk: string[] = [];
  const flush = () => {
    const text = chunk.join("\n").trim();
    chunk = [];
    if (!text) return;
    const parsed = parseOne(text, category);
    if ("reason" in parsed) out.unreadable.push(parsed);
    else out.questions.push(parsed);
  };
  for (const line of lines) {
    if (/^\s*\/\//.test(line)) continue;
    const cat = /^\s*\$CATEGORY:\s*(.*)$/.exec(line);
    if (cat) {
      flush();
      category = cat[1]!.trim().replace(/^\$course\$\/?/, "").replace(/^top\/?/, "") || null;
      continue;
    }
    if (line.trim() === "") flush();
    else chunk.push(line);
  }
  flush();
  return out;
}
