/**
 * Text said by the server (grader feedback, API errors, validation) in the reader's language: message keys in
 * messages/<locale>/*.json (ICU: plurals, `{n, number}`), read synchronously once per process. A text built here
 * keeps its key and values (`Message`), so stored feedback can be shown later in another locale.
 */
import fs from "node:fs";
import path from "node:path";
import { createTranslator } from "use-intl";
import { defaultLocale, type Locale } from "./config";

/** A value may itself be a message (a case name, a signal's name, a checker's explanation), said in the same locale. */
export type MessageValues = { [name: string]: string | number | Message };
export interface Message {
  key: string;
  values?: MessageValues;
  /** the text between this message and the previous one ("\n\n" by default) */
  before?: string;
}

const cache = new Map<Locale, Record<string, unknown>>();
let rereadEachCall = false;

/** In development the server rereads the files on every call, so edits show without a restart (instrumentation.ts). */
export function rereadMessagesEachCall(reread: boolean): void {
  rereadEachCall = reread;
  cache.clear();
}

function messagesDir(): string {
  let dir = process.cwd();
  for (;;) {
    if (fs.existsSync(path.join(dir, "messages", defaultLocale))) return path.join(dir, "messages");
    const parent = path.dirname(dir);
    if (parent === dir) return path.join(process.cwd(), "messages");
    dir = parent;
  }
}

/**
 * Every message of a locale: messages/<locale>/<area>.json (one file per area of the app, so that work on different
 * areas does not collide), each file's top-level keys being namespaces. Read once per process (again on every call in
 * development, so edits show without a restart).
 */
export function messagesOf(locale: Locale): Record<string, unknown> {
  let merged = cache.get(locale);
  if (!merged) {
    const dir = path.join(messagesDir(), locale);
    merged = {};
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
      const content = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as Record<string, unknown>;
      for (const [namespace, value] of Object.entries(content)) {
        if (namespace in merged) throw new Error(`messages/${locale}/${file}: namespace "${namespace}" is defined twice`);
        merged[namespace] = value;
      }
    }
    if (!rereadEachCall) cache.set(locale, merged);
  }
  return merged;
}

export function hasMessage(key: string, locale: Locale = defaultLocale): boolean {
  let node: unknown = messagesOf(locale);
  for (const part of key.split(".")) {
    if (node === null || typeof node !== "object" || !(part in node)) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === "string";
}

type Translator = (key: string, values?: Record<string, string | number>) => string;
const translators = new WeakMap<object, Translator>();

/** One translator per loaded messages object: it keeps its compiled ICU messages, which grading says thousands of times. */
function translatorOf(locale: Locale): Translator {
  const messages = messagesOf(locale);
  let t = translators.get(messages);
  if (!t) {
    t = createTranslator({ locale, messages: messages as never }) as unknown as Translator;
    translators.set(messages, t);
  }
  return t;
}

/** The text of a message key; an unknown key throws (a test checks every key used in code exists in every locale). */
export function translate(locale: Locale, key: string, values?: MessageValues): string {
  if (!hasMessage(key, locale)) throw new Error(`message ${key} is missing in messages/${locale}`);
  const t = translatorOf(locale);
  const flat = values && Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === "object" ? translate(locale, v.key, v.values) : v]));
  return t(key, flat);
}

/** Several messages as one text (lines or paragraphs). */
export function translateAll(locale: Locale, messages: Message[]): string {
  return messages.map((m, i) => (i === 0 ? "" : (m.before ?? "\n\n")) + translate(locale, m.key, m.values)).join("");
}
