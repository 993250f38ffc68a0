import { translate, type MessageValues } from "@/domain/i18n/translate";
import { currentLocale } from "@/lib/i18n/current-locale";

/**
 * A note of an import or export report (why a question was refused, what to review), said in the reader's locale
 * (messages/<locale>/interop.json): the route's locale (withCourseAccess), pt-BR outside a request.
 */
export const interopNote = (key: `interop.${string}`, values?: MessageValues): string => translate(currentLocale(), key, values);
