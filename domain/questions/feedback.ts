/**
 * Grader feedback as message keys (messages/<locale>/grader.json, namespace `grader`): `feedback` is the pt-BR text
 * (stored, read by scripts and the CLI), `message` the keys and values to show it in the reader's locale.
 */
import { defaultLocale, type Locale } from "@/domain/i18n/config";
import { translate, translateAll, type Message, type MessageValues } from "@/domain/i18n/translate";

export interface Said {
  feedback: string;
  message: Message[];
}

export function say(key: string, values?: MessageValues): Said {
  const message = [{ key: `grader.${key}`, ...(values ? { values } : {}) }];
  return { feedback: translate(defaultLocale, message[0]!.key, values), message };
}

/** Several lines or paragraphs; plain text (a bank question's own feedback) is kept as `grader.text`. */
export function sayAll(parts: (Said | string)[], separator = "\n\n"): Said {
  const message = parts.flatMap((part, i) => {
    const own: Message[] = typeof part === "string" ? [{ key: "grader.text", values: { text: part } }] : part.message;
    return own.map((m, j) => (i > 0 && j === 0 ? { ...m, before: separator } : m));
  });
  return { feedback: parts.map((part) => (typeof part === "string" ? part : part.feedback)).join(separator), message };
}

/** The feedback in a locale: its messages when it has them, else the stored text. */
export function localizedFeedback(result: { feedback: string; message?: Message[] }, locale: Locale): string {
  if (!result.message?.length || locale === defaultLocale) return result.feedback;
  try {
    return translateAll(locale, result.message);
  } catch {
    return result.feedback;
  }
}
