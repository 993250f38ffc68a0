import { AsyncLocalStorage } from "node:async_hooks";
import { defaultLocale, type Locale } from "@/domain/i18n/config";

/**
 * The locale a request handler runs with (withCourseAccess sets it from the reader's cookie). Kept apart from
 * request-locale.ts, which reads the cookie through next/headers: code outside Next (scripts, the e2e specs' own
 * imports of the Moodle parser) can use this one.
 */
const store = new AsyncLocalStorage<Locale>();

/** Runs a handler with its reader's locale, so apiError and feedback can speak it without passing it around. */
export function withLocale<T>(locale: Locale, fn: () => T): T {
  return store.run(locale, fn);
}

export function currentLocale(): Locale {
  return store.getStore() ?? defaultLocale;
}
