import { defaultLocale, type Locale } from "@/domain/i18n/config";
import { translate } from "@/domain/i18n/translate";
import type { DraftIssue } from "./validate";

/**
 * mathjs functions that reach outside plain arithmetic (they redefine functions or evaluate text as code). Bank files
 * are reviewed in git; formulas typed on the web are not, so the web refuses them (mathjs "Security" guide).
 */
const UNSAFE = /\b(import|createUnit|evaluate|parse|simplify|simplifyCore|derivative|compile|resolve|reviver|chain|config|typed)\s*\(/;

/**
 * Fields that hold mathjs expressions (texts such as the prompt, titles and feedback are not evaluated), as dotted
 * paths: a code question declared in Python has formulas in its derived dims, constraints and statistics only.
 */
const FORMULA_FIELDS = ["params", "derived", "constraints", "answer", "misconceptions", "layers", "input_shape", "variables", "python.derived", "python.constraints", "python.statistics"];

function at(fields: Record<string, unknown>, dotted: string): { found: boolean; value: unknown } {
  let value: unknown = fields;
  for (const key of dotted.split(".")) {
    if (value === null || typeof value !== "object" || !(key in value)) return { found: false, value: undefined };
    value = (value as Record<string, unknown>)[key];
  }
  return { found: true, value };
}

function strings(value: unknown, path: string, out: { path: string; text: string }[]) {
  if (typeof value === "string") out.push({ path, text: value });
  else if (Array.isArray(value)) value.forEach((v, i) => strings(v, `${path}.${i}`, out));
  else if (value !== null && typeof value === "object") {
    for (const [key, v] of Object.entries(value)) if (key !== "feedback") strings(v, `${path}.${key}`, out);
  }
}

export function unsafeFormulaIssues(fields: Record<string, unknown>, locale: Locale = defaultLocale): DraftIssue[] {
  const found: { path: string; text: string }[] = [];
  for (const key of FORMULA_FIELDS) {
    const field = at(fields, key);
    if (field.found) strings(field.value, key, found);
  }
  return found
    .filter((s) => UNSAFE.test(s.text))
    .map((s) => ({ field: s.path, message: translate(locale, "validation.unsafeFormula", { name: UNSAFE.exec(s.text)![1]! }) }));
}
