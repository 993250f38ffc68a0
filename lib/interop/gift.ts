import { htmlToMarkdown, mediaIn } from "./html";
import { categoryPath, type ImportedChoice, type ImportedNumber, type ImportedQuestion, type ParsedFile } from "./imported";
import { interopNote } from "./note";

/**
 * GIFT (Moodle's text format) for multiple choice, true/false, numeric, short answer and essay questions. No
 * maintained npm parser fits (gift-pegjs sits on the deprecated pegjs 0.10; the tests use it only to check what we
 * write), and the subset is small: questions are separated by blank lines, `//` starts a comment line (Moodle 4's
 * `// [id:…] [tag:…]` name the question's id and tags), `\` escapes ~ = # { } : and itself, `$CATEGORY:` sets the topic.
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

/** Text with an optional [format] prefix, as Markdown; images and media refuse the question (`refuse`). */
function toMarkdown(raw: string, format: string, refuse: string[]): string {
  const text = unescape(raw.trim());
  const media = mediaIn(text);
  if (media.length > 0) refuse.push(interopNote("interop.giftMedia", { files: media.join(", ") }));
  return format === "html" ? htmlToMarkdown(text).markdown : text;
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

function parseTrueFalse(trimmed: string, format: string, refuse: string[]): ImportedQuestion["body"] {
  const [value, rest] = withFeedback(trimmed);
  // {T#feedback for a wrong answer#feedback for a right one}
  const [wrongFeedback, rightFeedback] = withFeedback(rest);
  const isTrue = /^t/i.test(value.trim());
  const wrong = toMarkdown(wrongFeedback, format, refuse);
  const right = toMarkdown(rightFeedback, format, refuse);
  return {
    kind: "mcq",
    multiple: false,
    shuffle: false,
    options: [
      { text: "Verdadeiro", fraction: isTrue ? 1 : 0, feedback: isTrue ? right : wrong },
      { text: "Falso", fraction: isTrue ? 0 : 1, feedback: isTrue ? wrong : right },
    ],
  };
}

function parseAnswers(block: string, format: string, refuse: string[]): ImportedQuestion["body"] | string {
  const trimmed = block.trim();
  if (trimmed === "") return { kind: "open", graderInfo: "", points: 1 };
  if (/^(T|TRUE|F|FALSE)(\s*#|$)/i.test(trimmed)) return parseTrueFalse(trimmed, format, refuse);
  if (trimmed.startsWith("#")) return parseNumeric(trimmed.slice(1), format, refuse);
  if (/(^|[^\\])->/.test(trimmed)) return interopNote("interop.giftMatching");
  const parts = splitKeeping(trimmed, "=~");
  if (parts.some((p) => !p.startsWith("=") && !p.startsWith("~"))) return interopNote("interop.giftAnswerBlock");
  const answers = parts.map((part) => {
    const [weight, rest] = weightOf(part.slice(1));
    const [text, feedback] = withFeedback(rest);
    return { right: part.startsWith("="), weight, text, feedback: toMarkdown(feedback, format, refuse) };
  });
  if (!answers.some((a) => !a.right)) {
    // only `=` answers: short answer, each `=%50%text` worth its weight; answer texts are patterns, never HTML
    return { kind: "shortanswer", caseSensitive: false, answers: answers.map((a) => ({ text: unescape(a.text.trim()), fraction: (a.weight ?? 100) / 100, feedback: a.feedback })) };
  }
  const multiple = !answers.some((a) => a.right);
  if (!multiple && answers.filter((a) => a.right).length !== 1) return interopNote("interop.giftOneRight");
  const options: ImportedChoice[] = answers.map((a) => ({ text: toMarkdown(a.text, format, refuse), fraction: a.right ? 1 : (a.weight ?? 0) / 100, feedback: a.feedback }));
  return { kind: "mcq", multiple, shuffle: true, options };
}

/** `156`, `3.14:0.01`, `1..2`, or `=156:0#ok =%50%150:0#viés` (several answers with weights). */
function parseNumeric(block: string, format: string, refuse: string[]): ImportedQuestion["body"] | string {
  const parts = block.trim().startsWith("=") ? splitKeeping(block, "=").map((p) => p.slice(1)) : [block];
  const answers: ImportedNumber[] = [];
  for (const part of parts) {
    const [weight, rest] = weightOf(part);
    const [answer, feedback] = withFeedback(rest);
    const spec = unescape(answer).trim();
    const range = /^(-?[\d.eE+-]+)\.\.(-?[\d.eE+-]+)$/.exec(spec);
    let value: number;
    let tolerance: number;
    if (range) {
      const lo = Number(range[1]);
      const hi = Number(range[2]);
      if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo > hi) return interopNote("interop.numericRange", { spec });
      value = +((lo + hi) / 2).toPrecision(12);
      tolerance = +((hi - lo) / 2).toPrecision(12);
    } else {
      const [valueText, tolText] = spec.split(":");
      value = Number(valueText);
      tolerance = tolText === undefined ? 0 : Number(tolText);
      if (!Number.isFinite(value) || valueText!.trim() === "") return interopNote("interop.numericAnswer", { spec });
      if (!Number.isFinite(tolerance) || tolerance < 0) return interopNote("interop.tolerance", { spec });
    }
    answers.push({ value, tolerance, fraction: (weight ?? 100) / 100, feedback: toMarkdown(feedback, format, refuse) });
  }
  return { kind: "numeric", answers, unit: null };
}

function firstWords(text: string): string {
  const words = text.replace(/[$*`#>_\\]/g, "").split(/\s+/).filter(Boolean).slice(0, 8).join(" ");
  return words.length > 80 ? `${words.slice(0, 80)}…` : words;
}

interface Comments {
  id: string | null;
  tags: string[];
}

function parseOne(chunk: string, category: string | null, comments: Comments): ImportedQuestion | { name: string; reason: string } {
  let rest = chunk.trim();
  let name = "";
  if (rest.startsWith("::")) {
    const end = rest.indexOf("::", 2);
    if (end < 0) return { name: rest.slice(0, 40), reason: interopNote("interop.giftTitle") };
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
  const refuse: string[] = [];
  const text = toMarkdown(rest.slice(0, open), format, refuse);
  if (after !== "") return { name: name || firstWords(text), reason: interopNote("interop.giftMissingWord") };
  let block = rest.slice(open + 1, close);
  let generalFeedback = "";
  const general = /(^|[^\\])####/.exec(block);
  if (general) {
    generalFeedback = toMarkdown(block.slice(general.index + general[1]!.length + 4), format, refuse);
    block = block.slice(0, general.index + general[1]!.length);
  }
  const body = parseAnswers(block, format, refuse);
  const finalName = name || firstWords(text) || "questão sem título"; // i18n: not a text (the imported question's own content)
  if (typeof body === "string") return { name: finalName, reason: body };
  if (refuse.length > 0) return { name: finalName, reason: refuse[0]! };
  if (text === "") return { name: finalName, reason: interopNote("interop.emptyPrompt") };
  // an essay has no grader information in GIFT: its general feedback is the answer key (and the rubric Forja writes)
  const own = body.kind === "open" ? { ...body, graderInfo: generalFeedback } : body;
  return { name: finalName, idnumber: comments.id, category, tags: comments.tags, text, generalFeedback: body.kind === "open" ? "" : generalFeedback, body: own, review: [] };
}

export function parseGift(source: string): ParsedFile {
  const out: ParsedFile = { questions: [], unreadable: [] };
  const lines = source.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n").split("\n");
  let category: string | null = null;
  let chunk: string[] = [];
  let comments: Comments = { id: null, tags: [] };
  const flush = () => {
    const text = chunk.join("\n").trim();
    chunk = [];
    if (!text) return;
    const parsed = parseOne(text, category, comments);
    comments = { id: null, tags: [] };
    if ("reason" in parsed) out.unreadable.push(parsed);
    else out.questions.push(parsed);
  };
  for (const line of lines) {
    if (/^\s*\/\//.test(line)) {
      if (chunk.length > 0) continue;
      for (const [, key, value] of line.matchAll(/\[(id|tag):([^\]]+)\]/g)) {
        if (key === "id") comments.id = value!.trim();
        else comments.tags.push(value!.trim());
      }
      continue;
    }
    const cat = /^\s*\$CATEGORY:\s*(.*)$/.exec(line);
    if (cat) {
      flush();
      category = categoryPath(cat[1]!);
      continue;
    }
    if (line.trim() === "") flush();
    else chunk.push(line);
  }
  flush();
  return out;
}
