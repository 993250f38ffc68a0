import { describe, expect, it } from "vitest";
import { localizedSelfCheckRows, nonAnswer, REFERENCE_LABEL_KEY, selfCheckProblems, type SelfCheckRow } from "@/grader/types/code/python/self-check";
import type { PythonChecker } from "@/grader/types/code/python/spec";

const spec = { calls: [{ call: "f", returns: ["y"] }] } as unknown as PythonChecker;
const rows: SelfCheckRow[] = [
  { kind: "reference", label: "solução de referência", labelKey: REFERENCE_LABEL_KEY, expected: "1", score: 0.5, misconception: null, ok: false },
  { kind: "misconception", label: "esqueceu o bias", expected: "sem-bias", score: 0, misconception: null, ok: false },
  { kind: "non-answer", expected: "0", score: 0.25, misconception: null, ok: false, ...nonAnswer(spec, "input") },
];

describe("the Python checker's proof in the editor's locale", () => {
  it("labels the platform's rows in English and keeps the author's label", () => {
    expect(localizedSelfCheckRows(rows, "en").map((r) => r.label)).toEqual(["reference solution", "esqueceu o bias", "the input itself"]);
    expect(rows.map((r) => r.label)).toEqual(["solução de referência", "esqueceu o bias", "a própria entrada"]);
  });

  it("says each failed row in the locale, with its number formatting", () => {
    expect(selfCheckProblems(rows, "en")).toEqual([
      "the reference solution scored 0.5, not 1",
      "the wrong implementation sem-bias was not recognised (score 0): it must differ from the reference on some input and be the first to match",
      'the non-answer "the input itself" scored 0.25, not 0: the test inputs do not tell that output apart',
    ]);
    expect(selfCheckProblems(rows)[0]).toBe("a solução de referência recebeu 0,5, não 1");
  });

  it("a row stored before labels had keys keeps its label", () => {
    const { labelKey: _unused, ...old } = rows[0]!;
    expect(localizedSelfCheckRows([old], "en")[0]!.label).toBe("solução de referência");
  });
});
