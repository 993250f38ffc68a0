import { describe, expect, it } from "vitest";
import { paramKind, withParamKind } from "@/lib/authoring/forms/param-kinds";
import { issuesUnder, splitFields, EDITABLE_TYPES } from "@/lib/authoring/forms/question-fields";
import { freeName, nextOptionId, renameKey } from "@/lib/authoring/forms/record-edits";
import { starterFields } from "@/lib/authoring/forms/starters";
import { parseNumberList } from "@/lib/authoring/forms/text-lists";
import { toleranceKind, toleranceOf } from "@/lib/authoring/forms/tolerance-kinds";
import { validateDraft } from "@/lib/authoring/validate";

describe("editor form helpers", () => {
  it("reads number lists and refuses anything that is not a number", () => {
    expect(parseNumberList("28, 32; 64")).toEqual([28, 32, 64]);
    expect(parseNumberList("28, x")).toBeNull();
  });

  it("switches how a parameter is drawn, keeping its default", () => {
    expect(paramKind({ default: 3, range: [1, 5], step: 2 })).toBe("range-step");
    expect(withParamKind({ default: 5, choices: [3, 5] }, "range-decimals")).toEqual({ default: 5, range: [5, 10], decimals: 2 });
    expect(withParamKind({ default: 5, range: [1, 9], step: 2 }, "fixed")).toEqual({ default: 5 });
    expect(paramKind({ default: [[1]], matrix: { rows: 1, cols: 1, int: [0, 1] } })).toBe("matrix");
  });

  it("tolerances round-trip through their kind", () => {
    for (const t of [{ mode: "integer" }, { abs: 0.5 }, { rel: 0.01 }, { abs: 0.5, rel: 0.01 }]) {
      expect(toleranceOf(toleranceKind(t), (t as { abs?: number }).abs ?? 0, (t as { rel?: number }).rel ?? 0)).toEqual(t);
    }
  });

  it("renames keys keeping their order, finds free names and option letters", () => {
    expect(Object.keys(renameKey({ a: 1, b: 2, c: 3 }, "b", "x"))).toEqual(["a", "x", "c"]);
    expect(freeName({ p: 1, p2: 1 }, "p")).toBe("p3");
    expect(nextOptionId([{ id: "a" }, { id: "c" }])).toBe("b");
  });

  it("splits base from type fields and picks issues under a field", () => {
    expect(splitFields({ id: "x", type: "mcq", options: [] })).toEqual({ base: { id: "x", type: "mcq" }, own: { options: [] } });
    expect(issuesUnder([{ field: "derived.p" }, { field: "derivedx" }, { field: "derived" }], "derived")).toHaveLength(2);
  });

  it("every starter question validates once its texts are written", async () => {
    for (const type of EDITABLE_TYPES) {
      const own = starterFields(type);
      if (type === "mcq") (own.options as { text: string }[]).forEach((o, i) => (o.text = `Opção ${i}`));
      if (type === "open") (own.rubric as { text: string }[])[0]!.text = "Critério";
      if (type === "shortanswer") (own.answers as { text: string }[])[0]!.text = "LeNet";
      const fields = { id: `starter-${type}`, type, title: "T", topic: "t", tags: [], source: { seed: "web", item: "x" }, ...own };
      const result = await validateDraft({ fields, prompt: "Enunciado", solution: "Resposta: {{answer}}" });
      expect([type, result.ok ? "ok" : result.issues]).toEqual([type, "ok"]);
    }
  });
});
