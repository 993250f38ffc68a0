/**
 * Moodle and GIFT keep question texts as HTML; the bank keeps Markdown. This covers what question texts use
 * (paragraphs, line breaks, emphasis, code, lists, TeX delimiters); anything else loses its tags and keeps its
 * text, and `hadMedia` tells the caller to flag the question for review.
 */
const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", laquo: "«", raquo: "»", ndash: "–", mdash: "—", times: "×", minus: "−" };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith("#x") || name.startsWith("#X")) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith("#")) return String.fromCodePoint(Number(name.slice(1)));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** MathJax delimiters \( \) and \[ \] become the bank's $ and $$. */
export function texDelimiters(text: string): string {
  return text.replace(/\\\(([\s\S]*?)\\\)/g, (_, m: string) => `$${m.trim()}$`).replace(/\\\[([\s\S]*?)\\\]/g, (_, m: string) => `$$${m.trim()}$$`);
}

/** %-escapes decoded when they are well formed (a hostile file may hold `%E0%A4%A`), else the text as written. */
function decodedName(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The images, media and embedded files a text refers to (file names, or the tag when there is none). */
export function mediaIn(html: string): string[] {
  const found: string[] = [];
  for (const match of html.matchAll(/<(img|video|audio|iframe|object|embed|source)\b[^>]*>/gi)) {
    const src = /\b(?:src|data)\s*=\s*["']([^"']*)["']/i.exec(match[0])?.[1] ?? "";
    found.push(decodedName(src.replace(/^@@PLUGINFILE@@\//, "").split(/[?#]/)[0]!.split("/").pop() || `<${match[1]!.toLowerCase()}>`));
  }
  for (const match of html.matchAll(/@@PLUGINFILE@@\/([^"'\s)<>]+)/g)) {
    const name = decodedName(match[1]!.split("/").pop()!);
    if (!found.includes(name)) found.push(name);
  }
  return found;
}

/** HTML as Markdown; no tag survives (links keep their address when it is http or https). */
export function htmlToMarkdown(html: string): { markdown: string; hadMedia: boolean } {
  const hadMedia = mediaIn(html).length > 0;
  let text = html
    .replace(/\r\n?/g, "\n")
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, "")
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(p|div|h[1-6]|ul|ol|table|pre|blockquote)>/gi, "\n\n")
    .replace(/<li\b[^>]*>/gi, "\n- ")
    .replace(/<\/(li|tr)>/gi, "")
    .replace(/<(strong|b)\b[^>]*>([\s\S]*?)<\/\1>/gi, "**$2**")
    .replace(/<(em|i)\b[^>]*>([\s\S]*?)<\/\1>/gi, "*$2*")
    .replace(/<code\b[^>]*>([\s\S]*?)<\/code>/gi, "`$1`")
    .replace(/<sup\b[^>]*>([\s\S]*?)<\/sup>/gi, "^$1")
    .replace(/<img\b[^>]*alt="([^"]*)"[^>]*>/gi, "[imagem: $1]")
    .replace(/<a\b[^>]*href="(https?:\/\/[^"\s]+)"[^>]*>([\s\S]*?)<\/a>/gi, "[$2]($1)")
    .replace(/<[^>]+>/g, "");
  text = texDelimiters(decodeEntities(text));
  text = text
    .split("\n")
    .map((line) => line.replace(/[ \t]+/g, " ").trimEnd())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  return { markdown: text, hadMedia };
}
