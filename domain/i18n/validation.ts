/**
 * Validation messages (zod) in the reader's locale: zod's own messages from its locales, the bank schema's custom
 * messages through message keys (messages/<locale>/api.json, namespace `validation`). The bank CLI keeps English.
 */
import { z } from "zod";
import type { Locale } from "./config";
import { hasMessage, translate } from "./translate";

/** The bank schema's own (English) messages and their keys. */
const CUSTOM_MESSAGES: Record<string, string> = {
  "id must be kebab-case ascii": "validation.idKebab",
  "misconception id must be kebab-case ascii": "validation.misconceptionIdKebab",
  "layer names are identifiers (letters, digits, _)": "validation.layerName",
  "variable names are identifiers": "validation.variableName",
  "declare at least one variable": "validation.atLeastOneVariable",
  "tolerance needs mode: integer, abs or rel": "validation.tolerance",
};

export function zodErrorMap(locale: Locale) {
  return (locale === "en" ? z.locales.en() : z.locales.pt()).localeError;
}

const KEY = /^(?:api|validation)\.[\w.-]+$/;

/** A validation message in a locale: a message key or a known custom message translated, anything else as it is. */
export function localizedMessage(message: string, locale: Locale): string {
  const key = CUSTOM_MESSAGES[message] ?? (KEY.test(message) && hasMessage(message, locale) ? message : undefined);
  return key ? translate(locale, key) : message;
}

export function localizedIssue(issue: { message: string } | undefined, locale: Locale): string {
  return issue ? localizedMessage(issue.message, locale) : "";
}
