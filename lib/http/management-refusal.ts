import "server-only";
import { apiError } from "@/lib/http/api";
import { currentLocale } from "@/lib/i18n/request-locale";
import { translate, type MessageValues } from "@/domain/i18n/translate";

/** A refused management action (`message`: a key of messages/<locale>/management.json), said in the reader's language. */
export function managementRefusal(outcome: { status: number; message: string; values?: MessageValues }): Response {
  return apiError(outcome.status, translate(currentLocale(), outcome.message, outcome.values));
}
