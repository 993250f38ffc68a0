import { cookies } from "next/headers";
import { defaultLocale, isLocale, localeCookie, type Locale } from "@/domain/i18n/config";

export { currentLocale, withLocale } from "./current-locale";

/** The reader's locale in a route handler: the FORJA_LOCALE cookie, else pt-BR. */
export async function requestLocale(): Promise<Locale> {
  try {
    const chosen = (await cookies()).get(localeCookie)?.value;
    return isLocale(chosen) ? chosen : defaultLocale;
  } catch {
    return defaultLocale; // outside a request (scripts, tests)
  }
}
