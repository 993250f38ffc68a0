import { defaultLocale, isLocale, type Locale } from "./config";
import { translate, type MessageValues } from "./translate";

export type Translate = (key: string, values?: MessageValues) => string;

/** Messages outside React (e-mails, the admin CLI, people routes): full keys, in a locale chosen by name. */
export async function translatorFor(locale: string | undefined): Promise<{ locale: Locale; t: Translate }> {
  const chosen = isLocale(locale) ? locale : defaultLocale;
  return { locale: chosen, t: (key, values) => translate(chosen, key, values) };
}
