/**
 * The few texts the proxy says before any route runs: read from the message files at build time (a JSON import, no
 * file system), so the proxy needs no server-only module.
 */
import en from "@/messages/en/api.json";
import pt from "@/messages/pt-BR/api.json";
import { isLocale, type Locale } from "@/domain/i18n/config";

const byLocale: Record<Locale, typeof pt> = { "pt-BR": pt, en };

/** The cross-site write refusal in the locale of the FORJA_LOCALE cookie (pt-BR without one). */
export function crossSiteRefusal(cookie: string | undefined): string {
  return byLocale[isLocale(cookie) ? cookie : "pt-BR"].api.crossSite;
}
