import { describe, expect, it } from "vitest";
import { readNumberAnswer } from "@/domain/questions/number-answer";

describe("readNumberAnswer: numbers as students write them", () => {
  it.each([
    ["61706 parâmetros", 61706],
    ["Total: 61706", 61706],
    ["≈ 61706", 61706],
    ["p = 3", 3],
    ["61706 (156+2416+48120+10164+850)", 61706],
    ["2 (γ e δ)", 2],
    ["13,57 vezes", 13.57],
    ["13,57x", 13.57],
    ["2 pixels", 2],
    ["3 bilhões", 3e9],
    ["3B", 3e9],
    ["61.7k", 61700],
    ["dois", 2],
    ["6.1706·10⁴", 61706],
    ["3·10⁹", 3e9],
    ["123412/2", 61706],
    ["sqrt(2/288)", Math.sqrt(2 / 288)],
    ["0,1357/0,01", 13.57],
    ["3*10^9", 3e9],
  ])("reads %j as %d", (text, value) => {
    const read = readNumberAnswer(text);
    expect(read.ok).toBe(true);
    if (read.ok) expect(read.value).toBeCloseTo(value, 9);
  });

  it("reads a lone separator before three digits by the kind of answer, keeping the other reading", () => {
    expect(readNumberAnswer("61,706", { integer: true })).toMatchObject({ ok: true, value: 61706, alternative: 61.706 });
    expect(readNumberAnswer("61.706", { integer: true })).toMatchObject({ ok: true, value: 61706 });
    expect(readNumberAnswer("70.625")).toMatchObject({ ok: true, value: 70.625, alternative: 70625 });
    expect(readNumberAnswer("70,625")).toMatchObject({ ok: true, value: 70.625 });
  });

  it("says what precision was written, and flags percentages and magnitude words", () => {
    expect(readNumberAnswer("0,28")).toMatchObject({ step: 0.01 });
    expect(readNumberAnswer("165")).toMatchObject({ step: 1 });
    expect(readNumberAnswer("61.7k")).toMatchObject({ approximate: true });
    expect((readNumberAnswer("61.7k") as { step: number }).step).toBeCloseTo(100);
    expect(readNumberAnswer("1357%")).toMatchObject({ ok: true, percent: true, value: 13.57 });
  });

  it("reads the side of a square only when the question asks for a side", () => {
    expect(readNumberAnswer("2x2", { side: true })).toMatchObject({ ok: true, value: 2 });
    expect(readNumberAnswer("2 × 2", { side: true })).toMatchObject({ ok: true, value: 2 });
    expect(readNumberAnswer("2x3", { side: true })).toMatchObject({ ok: false, error: expect.stringMatching(/lado/) });
    expect(readNumberAnswer("2x2")).toMatchObject({ ok: true, value: 4 });
  });

  it.each([
    ["", /vazia/],
    ["abc", /Não consegui ler/],
    ["1 5", /grupos de 3 dígitos/],
    ["1/0", /Divisão por zero/],
    ["sqrt(-1)", /não dá um número finito/],
  ])("still refuses %j with a message", (text, message) => {
    const read = readNumberAnswer(text);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.error).toMatch(message);
  });
});
