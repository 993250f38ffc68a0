import { describe, expect, it } from "vitest";
import { answerDisplay, answerSummary } from "@/lib/questions/answer-display";
import { GRADER_MISCONCEPTION_NAMES, misconceptionName } from "@/domain/questions/misconception-names";

describe("answers and misconceptions as people read them (never raw JSON or ids)", () => {
  it("shows an architecture answer as a table and a matrix as a grid", () => {
    const answer = '{"conv":{"output_shape":"[3, 3, 2]","params":"50"},"total":{"params":50}}';
    expect(answerDisplay("architecture", answer)).toEqual({
      kind: "table",
      rows: [
        { layer: "conv", field: "output_shape", value: "[3, 3, 2]" },
        { layer: "conv", field: "params", value: "50" },
        { layer: "total", field: "params", value: "50" },
      ],
    });
    expect(answerSummary("architecture", '{"conv1":{"output_shape":[37,37,10],"params":280}}')).toBe("conv1 output_shape: 37 × 37 × 10 · conv1 params: 280");
    expect(answerDisplay("matrix", "9 9 5; 9 9 5")).toEqual({ kind: "matrix", rows: [[9, 9, 5], [9, 9, 5]] });
    expect(answerDisplay("architecture", "conv1: 37x37x10")).toEqual({ kind: "text", text: "conv1: 37x37x10" });
    expect(answerDisplay("numeric", "61706")).toEqual({ kind: "text", text: "61706" });
  });

  it("names a misconception by its declared name, its feedback's first sentence, or the grader's name", () => {
    const question = {
      misconceptions: [
        { id: "lecun-em-vez-de-he", feedback: "Essa é a variância da LeCun. A He dobra a variância." },
        { id: "sem-bias", name: "Esqueceu o bias", feedback: "Faltou somar os biases." },
      ],
    };
    expect(misconceptionName(question, "lecun-em-vez-de-he")).toBe("Essa é a variância da LeCun.");
    expect(misconceptionName(question, "sem-bias")).toBe("Esqueceu o bias");
    expect(misconceptionName(question, "transposed")).toBe(GRADER_MISCONCEPTION_NAMES.transposed);
  });
});

describe("every misconception label the graders emit has a name in both locales", () => {
  it("scans grader/types for the labels", async () => {
    const fs = await import("node:fs");
    const path = await import("node:path");
    const files = (fs.readdirSync("grader/types", { recursive: true }) as string[]).filter((f) => f.endsWith(".ts")).map((f) => path.join("grader/types", f));
    const labels = new Set<string>();
    for (const file of files) {
      const text = fs.readFileSync(file, "utf8");
      for (const m of text.matchAll(/misconception(?: \?\?=|:) "([a-z0-9-]+)"/g)) labels.add(m[1]!);
      for (const m of text.matchAll(/\bid: "([a-z0-9-]+)", (?:hint|message)\b/g)) labels.add(m[1]!);
    }
    expect(labels.size).toBeGreaterThan(10);
    for (const locale of ["pt-BR", "en"]) {
      const names = (JSON.parse(fs.readFileSync(`messages/${locale}/grader.json`, "utf8")) as { misconceptions: Record<string, string> }).misconceptions;
      for (const label of labels) expect(names[label], `${locale}: misconceptions.${label}`).toBeTruthy();
    }
    for (const label of labels) expect(GRADER_MISCONCEPTION_NAMES[label], label).toBeTruthy();
  });
});
