import { describe, expect, it } from "vitest";
import { rubricBreakdown } from "@/lib/assessments/rubric-breakdown";
import { scoreChanged } from "@/lib/grade-changes/notices";
import { decideOverride } from "@/lib/grade-changes/override-rules";

const base = { itemPoints: 2, reason: "Resposta aceita na revisão", current: null };

describe("score override rules", () => {
  it("stores the points as a fraction of the item", () => {
    expect(decideOverride({ ...base, points: 1.5 })).toEqual({ ok: true, score: 0.75 });
    expect(decideOverride({ ...base, points: 0 })).toEqual({ ok: true, score: 0 });
    expect(decideOverride({ ...base, points: 2 })).toEqual({ ok: true, score: 1 });
  });

  it("requires a reason", () => {
    expect(decideOverride({ ...base, points: 1, reason: "  " })).toEqual({ ok: false, error: "reasonRequired" });
    expect(decideOverride({ ...base, points: 1, reason: "ok" })).toEqual({ ok: false, error: "reasonRequired" });
    expect(decideOverride({ ...base, points: 1, reason: "x".repeat(501) })).toEqual({ ok: false, error: "reasonTooLong" });
  });

  it("refuses a score outside 0..points", () => {
    for (const points of [-0.1, 2.5, Number.NaN, Number.POSITIVE_INFINITY]) expect(decideOverride({ ...base, points })).toEqual({ ok: false, error: "outOfRange" });
  });

  it("removes an override (back to the computed score) only when there is one; the same score again is no change", () => {
    expect(decideOverride({ ...base, points: null })).toEqual({ ok: false, error: "nothingToClear" });
    expect(decideOverride({ ...base, points: null, current: 0.5 })).toEqual({ ok: true, score: null });
    expect(decideOverride({ ...base, points: 1, current: 0.5 })).toEqual({ ok: false, error: "unchanged" });
  });
});

describe("grade notices", () => {
  it("tell a change, not a rewrite of the same score", () => {
    expect(scoreChanged(0.5, 0.5 + 1e-12)).toBe(false);
    expect(scoreChanged(0.5, 1)).toBe(true);
    expect(scoreChanged(null, 0)).toBe(true);
    expect(scoreChanged(null, null)).toBe(false);
  });
});

describe("rubric breakdown for the student", () => {
  it("lists every rubric line with whether it was met, and nothing else", () => {
    const rubric = [
      { id: "r1", text: "Define o passo", points: 2 },
      { id: "r2", text: "Padrão 1", points: 1 },
    ];
    expect(rubricBreakdown(rubric, [{ id: "r2" }])).toEqual([
      { text: "Define o passo", points: 2, met: false },
      { text: "Padrão 1", points: 1, met: true },
    ]);
    expect(rubricBreakdown([], [])).toBeNull();
  });
});
