import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatNumber, parseNumber } from "@/domain/questions/numbers";
import { TEN_MB } from "./helpers";

describe("parseNumber", () => {
  it.each([
    ["1e3", 1000],
    ["1E-3", 0.001],
    ["1.000,5", 1000.5],
    ["1,000.5", 1000.5],
    ["1000.5", 1000.5],
    ["1,5", 1.5],
    ["1,000", 1],
    ["0.125", 0.125],
    ["3/4", 0.75],
    ["-3/4", -0.75],
    ["1,5/3", 0.5],
    ["-2", -2],
    ["+2", 2],
    ["−2", -2],
    ["−2,5", -2.5],
    ["  42  ", 42],
    ["61 706", 61706],
    ["1 000 000,5", 1_000_000.5],
    ["3 / 4", 0.75],
    ["3 /4", 0.75],
    ["2 x10^3", 2000],
    ["- 2", -2],
    ["1,5 × 10^-7", 1.5e-7],
    ["61\u202f706", 61706],
    ["1.000.000", 1_000_000],
    [".5", 0.5],
    ["1,5e3", 1500],
    ["-0", 0],
    ["1,5 × 10^-7", 1.5e-7],
    ["1.5*10^(-7)", 1.5e-7],
    ["2x10^3", 2000],
  ])("reads %j as %d", (text, value) => {
    expect(parseNumber(text)).toEqual({ ok: true, value });
  });

  it.each([
    ["", /vazia/],
    ["   ", /vazia/],
    ["NaN", /Não consegui ler/],
    ["Infinity", /Não consegui ler/],
    ["1e309", /grande demais/],
    ["-1e309", /grande demais/],
    ["abc", /Não consegui ler/],
    ["1..2", /Separadores/],
    ["5.", /Separadores/],
    ["1.00,5", /Separadores/],
    ["12.34,5", /Separadores/],
    ["1/0", /Divisão por zero/],
    ["1/2/3", /barra/],
    ["0x10", /Não consegui ler/],
    ["61.706", /ambíguo/],
    ["1 5", /grupos de 3 dígitos/],
    ["12 3456", /grupos de 3 dígitos/],
  ])("refuses %j with a Portuguese message", (text, message) => {
    const result = parseNumber(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });

  it("refuses input that is not a string", () => {
    for (const value of [42, null, undefined, {}, ["1"]]) expect(parseNumber(value).ok).toBe(false);
  });

  it("refuses a 10 MB string fast, before parsing it", () => {
    const start = performance.now();
    const result = parseNumber(TEN_MB);
    expect(performance.now() - start).toBeLessThan(50);
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/longa demais/), message: [{ key: "grader.number.tooLong" }] });
  });

  it("reads back every number it formats (text context)", () => {
    fc.assert(
      fc.property(fc.double({ min: -1e12, max: 1e12, noNaN: true }), (value) => {
        const parsed = parseNumber(formatNumber(value));
        expect(parsed.ok).toBe(true);
        if (parsed.ok) expect(Math.abs(parsed.value - value)).toBeLessThanOrEqual(Math.max(1e-8, Math.abs(value) * 1e-6));
      }),
    );
  });
});

describe("formatNumber", () => {
  it.each([
    [61706, "61\u202f706", "61\\,706"],
    [1234, "1234", "1234"],
    [0.5, "0,5", "0{,}5"],
    [-2.25, "\u22122,25", "-2{,}25"],
    [1 / 3, "0,33333333", "0{,}33333333"],
    [1e-7, "1 × 10^\u22127", "1 \\times 10^{-7}"],
  ])("writes %d as %j in text and %j in math", (value, text, math) => {
    expect(formatNumber(value)).toBe(text);
    expect(formatNumber(value, "math")).toBe(math);
  });

  it("never uses a dot, so a pt-BR reader cannot misread it", () => {
    fc.assert(fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), (value) => !formatNumber(value).includes(".")));
  });
});
