import { createTranslator } from "next-intl";
import { defaultLocale, isLocale, type Locale } from "./config";
import { loadMessages } from "./messages";

export type Translate = (key: string, values?: Record<string, string | number>) => string;

/** Messages outside React (e-mails, the admin CLI): the same files, any namespace, full keys. */
export async function translatorFor(locale: string | undefined): Promise<{ locale: Locale; t: Translate }> {
  const chosen = isLocale(locale) ? locale : defaultLocale;
  const messages = (await loadMessages(chosen)) as Record<string, never>;
  return { locale: chosen, t: createTranslator({ locale: chosen, messages }) as unknown as Translate };
}
