import type { Locale } from "./config";
import { messagesOf } from "./translate";

/** The messages next-intl gives the pages: the same files and cache as the server's own text (./translate.ts). */
export async function loadMessages(locale: Locale): Promise<Record<string, unknown>> {
  return messagesOf(locale);
}
