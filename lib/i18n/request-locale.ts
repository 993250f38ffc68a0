import { AsyncLocalStorage } from "node:async_hooks";
import { cookies } from "next/headers";
import { defaultLocale, isLocale, localeCookie, type Locale } from "@/domain/i18n/config";

const store = new AsyncLocalStorage<Locale>();

/** The reader's locale in a route handler: the FORJA_LOCALE cookie, else pt-BR. */
export async function requestLocale(): Promise<Locale> {
  try {
    const chosen = (await cookies()).get(localeCookie)?.value;
    return isLocale(chosen) ? chosen : defaultLocale;
  } catch {
    return defaultLocale; // outside a request (scripts, tests)
  }
}

/** Runs a handler with its reader's locale, so apiError and feedback can speak it without passing it around. */
export function withLocale<T>(locale: Locale, fn: () => T): T {
  return store.run(locale, fn);
}

export function currentLocale(): Locale {
  return store.getStore() ?? defaultLocale;
}
