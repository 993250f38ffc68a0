/**
 * Reading numbers typed by students (pt-BR or en style) and writing numbers for prompts.
 * A lone comma is the decimal separator (pt-BR). Parsing never guesses: "61.706" could be 61706 or 61,706,
 * so it is refused with a message saying how to write it.
 */

import type { Message, MessageValues } from "@/domain/i18n/translate";
import { say } from "./feedback";

export const MAX_NUMBER_INPUT = 200;

export type ParsedNumber = { ok: true; value: number } | NumberFailure;
/** why a number could not be read: pt-BR text and its message keys (lib/questions/feedback.ts) */
export type NumberFailure = { ok: false; error: string; message?: Message[] };

/**
 * How to read a lone separator before exactly three digits ("61.706", "61,706"):
 * `refuse` a lone dot as ambiguous (a lone comma stays decimal, pt-BR), read it as `decimal`, or as `thousands`
 * (right for whole counts, which cannot be fractional).
 */
export type LoneGroup = "refuse" | "decimal" | "thousands";
export interface NumberOptions {
  loneGroup?: LoneGroup;
}

const SPACES = /[\s\u00a0\u2009\u202f\u2007]/;
const MINUS_SIGNS = /[\u2212\u2012\u2013\u2014\ufe63\uff0d]/g;
/** "1,5 × 10^-7", "1.5*10^(-7)", "2x10^3": scientific notation as people write it */
const TIMES_TEN_TO = /[×x*·]10\^\(?([+-]?\d+)\)?$/;
const PLAIN = /^[+-]?(?:\d[\d.,]*|[.,]\d+)(?:[eE][+-]?\d+)?$/;

/** A refusal with its message key `grader.number.<key>` (shared with lib/questions/number-answer.ts). */
export function numberFailure(key: string, values?: MessageValues): NumberFailure {
  const { feedback, message } = say(`number.${key}`, values);
  return { ok: false, error: feedback, message };
}
const fail = numberFailure;

/** Parses "1e3", "1.000,5", "1000.5", "1,5", "3/4", "-2", "−2", "61 706", "1,5 × 10^-7". */
export function parseNumber(input: unknown, options: NumberOptions = {}): ParsedNumber {
  if (typeof input !== "string") return fail("notText");
  if (input.length > MAX_NUMBER_INPUT) return fail("tooLong", { max: MAX_NUMBER_INPUT });
  const text = removeSpaces(input.replace(MINUS_SIGNS, "-"))?.replace(TIMES_TEN_TO, "e$1");
  if (text === undefined) {
    return fail("spaces", { input: input.trim() });
  }
  if (text === "") return fail("empty");
  const slash = text.split("/");
  if (slash.length > 2) return fail("slashes", { input: input.trim() });
  if (slash.length === 2) {
    const [num, den] = slash.map((part) => parsePlain(part, input, options));
    if (!num.ok) return num;
    if (!den.ok) return den;
    if (den.value === 0) return fail("divisionByZero");
    return finite(num.value / den.value, input);
  }
  return parsePlain(text, input, options);
}

const SPACE = "[\\s\\u00a0\\u2009\\u202f\\u2007]+";
const AROUND_OPERATORS = new RegExp(`(?:${SPACE})?([/×x*·^])(?:${SPACE})?`, "g");
const AFTER_SIGN = new RegExp(`^([+-])${SPACE}`);
const DIGIT_GROUP = new RegExp(`(\\d)${SPACE}(?=\\d{3}(?!\\d))`, "g");

/** Drops spaces around operators, after the sign and between digit groups ("61 706"); undefined if others remain ("1 5"). */
function removeSpaces(input: string): string | undefined {
  const text = input.trim().replace(AROUND_OPERATORS, "$1").replace(AFTER_SIGN, "$1").replace(DIGIT_GROUP, "$1");
  return SPACES.test(text) ? undefined : text;
}

function parsePlain(text: string, original: string, options: NumberOptions): ParsedNumber {
  if (!PLAIN.test(text)) {
    return fail("unreadable", { input: original.trim() });
  }
  const match = /^([+-]?)([\d.,]*)(?:[eE]([+-]?\d+))?$/.exec(text)!;
  const [, sign, body, exponent] = match;
  // a mantissa with an exponent is never grouped in thousands ("6.170e4")
  const loneGroup = exponent === undefined ? (options.loneGroup ?? "refuse") : "decimal";
  const mantissa = normalizeSeparators(body, original, loneGroup);
  if (!mantissa.ok) return mantissa;
  return finite(Number(`${sign}${mantissa.value}${exponent === undefined ? "" : `e${exponent}`}`), original);
}

function finite(value: number, original: string): ParsedNumber {
  if (!Number.isFinite(value)) return fail("tooBig", { input: original.trim() });
  return { ok: true, value: Object.is(value, -0) ? 0 : value };
}

const GROUPED = /^\d{1,3}(?:X\d{3})+$/;

/** Turns the digits-and-separators body into a JS numeric literal ("1234.5"). */
function normalizeSeparators(body: string, original: string, loneGroup: LoneGroup): { ok: true; value: string } | NumberFailure {
  const dots = body.split(".").length - 1;
  const commas = body.split(",").length - 1;
  const bad = fail("separators", { input: original.trim() });
  if (dots === 0 && commas === 0) return { ok: true, value: body };
  if (dots > 0 && commas > 0) {
    const decimal = body.lastIndexOf(".") > body.lastIndexOf(",") ? "." : ",";
    const thousands = decimal === "." ? "," : ".";
    const [intPart, fracPart, ...rest] = body.split(decimal);
    if (rest.length > 0 || !GROUPED.test(intPart.split(thousands).join("X")) || !/^\d+$/.test(fracPart)) return bad;
    return { ok: true, value: `${intPart.split(thousands).join("")}.${fracPart}` };
  }
  const sep = dots > 0 ? "." : ",";
  const pieces = body.split(sep);
  if (pieces.length > 2) {
    // several equal separators can only be thousands: 1.000.000 or 1,000,000
    if (!GROUPED.test(pieces.join("X"))) return bad;
    return { ok: true, value: pieces.join("") };
  }
  const [intPart, fracPart] = pieces;
  if (fracPart === "" || (intPart === "" && fracPart === "")) return bad;
  const loneThreeDigits = /^[1-9]\d{0,2}$/.test(intPart) && /^\d{3}$/.test(fracPart);
  if (loneThreeDigits && loneGroup === "thousands") return { ok: true, value: intPart + fracPart };
  // A lone comma is decimal (pt-BR). A lone dot before exactly 3 digits may be a pt-BR thousands dot: refuse.
  if (sep === "." && loneThreeDigits && loneGroup === "refuse") {
    const asThousands = intPart + fracPart;
    const asDecimal = `${intPart},${fracPart}`;
    return fail("ambiguous", { input: original.trim(), thousands: asThousands, decimal: asDecimal });
  }
  return { ok: true, value: `${intPart === "" ? "0" : intPart}.${fracPart}` };
}

export type MathContext = "text" | "math";

/**
 * Writes a number for a pt-BR reader without ambiguity: decimal comma, no dot grouping,
 * thin-space groups from 10 000 up, at most 6 significant decimals, scientific notation for extremes.
 */
export function formatNumber(value: number, context: MathContext = "text"): string {
  if (!Number.isFinite(value)) throw new Error(`cannot format non-finite number ${value}`);
  const comma = context === "math" ? "{,}" : ",";
  const group = context === "math" ? "\\," : "\u202f";
  const minus = context === "math" ? "-" : "\u2212";
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e15 || abs < 1e-4)) {
    const [mant, exp] = value.toExponential().split("e");
    const mantissa = trimDecimals(Number(mant), 6).replace("-", minus).replace(".", comma);
    const power = Number(exp);
    return context === "math" ? `${mantissa} \\times 10^{${power}}` : `${mantissa} × 10^${power}`.replace("^-", `^${minus}`);
  }
  const rounded = trimDecimals(abs, abs >= 1 ? 6 : 8);
  const [intPart, fracPart] = rounded.split(".");
  const grouped = intPart.length > 4 ? intPart.replace(/\B(?=(\d{3})+(?!\d))/g, group) : intPart;
  const sign = value < 0 && Number(rounded) !== 0 ? minus : "";
  return sign + grouped + (fracPart ? comma + fracPart : "");
}

/** True when formatNumber shows fewer digits than the value has (beyond float noise). */
export function isRoundedForDisplay(value: number): boolean {
  const abs = Math.abs(value);
  if (!Number.isFinite(value) || abs === 0) return false;
  if (abs >= 1e15 || abs < 1e-4) {
    const mantissa = Math.abs(Number(value.toExponential().split("e")[0]));
    return Math.abs(Number(trimDecimals(mantissa, 6)) - mantissa) > 1e-12 * mantissa;
  }
  return Math.abs(Number(trimDecimals(abs, abs >= 1 ? 6 : 8)) - abs) > 1e-12 * abs;
}

function trimDecimals(value: number, decimals: number): string {
  const fixed = value.toFixed(decimals);
  return fixed.includes(".") ? fixed.replace(/\.?0+$/, "") : fixed;
}
