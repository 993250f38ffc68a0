import { describe, expect, it } from "vitest";
import { matrixType, MAX_LISTED_CELLS, type MatrixQuestion } from "@/grader/types/matrix";
import { MAX_MATRIX_ANSWER_LENGTH, matrixTextRows, parseMatrixAnswer } from "@/grader/types/matrix/parse";
import type { Variant } from "@/domain/questions/base";
import { drawVariant } from "@/domain/questions/params";

function question(fields: Record<string, unknown>): MatrixQuestion {
  const parsed = matrixType.schema.safeParse(fields);
  if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues));
  return { id: "q", type: "matrix", title: "t", topic: "x", tags: [], source: { seed: "s", item: "i" }, errata: [], prompt: "", solution: "", ...parsed.data } as MatrixQuestion;
}
const defaults = (q: MatrixQuestion): Variant => drawVariant(q, null);
const grade = (q: MatrixQuestion, answer: string, variant = defaults(q)) => matrixType.grade(q, variant, answer) as ReturnType<typeof matrixType.grade> & object;
const sync = <T,>(value: T | Promise<T>) => value as T;

const X4 = [
  [1, 3, 2, 1],
  [2, 9, 1, 1],
  [1, 3, 2, 3],
  [5, 6, 1, 2],
];
const matrixParam = (value: number[][], int: [number, number] = [0, 9]) => ({ default: value, matrix: { rows: value.length, cols: value[0].length, int } });

const conv = question({
  params: { X: matrixParam([[1, 2, 3], [4, 5, 6], [7, 8, 9]]), K: matrixParam([[1, 0], [0, -1]], [-1, 1]), s: { default: 1, choices: [1, 2] } },
  answer: { op: "conv2d", input: "X", kernel: "K", stride: "s", padding: "valid" },
  tolerance: { abs: 0.001 },
});
const avg = question({ params: { X: matrixParam(X4) }, answer: { op: "avgpool", input: "X", size: 2 } });

describe("matrix reference", () => {
  it("is the JSON of the TensorFlow.js result (cross-correlation)", () => {
    expect(sync(matrixType.referenceAnswer(conv, defaults(conv)))).toBe("[[-4,-4],[-4,-4]]");
    expect(sync(matrixType.referenceAnswer(avg, defaults(avg)))).toBe("[[3.75,1.25],[3.75,2]]");
  });

  it("follows the variant's parameters", () => {
    const variant: Variant = { seed: 3, params: { X: [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12], [13, 14, 15, 16]], K: [[0, 1], [1, 0]], s: 2 } };
    expect(sync(matrixType.referenceAnswer(conv, variant))).toBe("[[7,11],[23,27]]");
    const drawn = drawVariant(conv, 11);
    const reference = JSON.parse(sync(matrixType.referenceAnswer(conv, drawn))) as number[][];
    expect(reference.length).toBe(drawn.params.s === 2 ? 1 : 2);
    expect(sync(grade(conv, JSON.stringify(reference), drawn)).score).toBe(1);
  });

  it("accepts expressions and literals as operands, and 'same' padding", () => {
    const q = question({ params: { K: matrixParam([[1, 2], [3, 4]]) }, answer: { op: "conv2d", input: [[1, 1], [1, 1]], kernel: "-transpose(K)", padding: "same" } });
    expect(sync(matrixType.referenceAnswer(q, defaults(q)))).toBe("[[-10,-3],[-4,-1]]");
  });

  it("writes float32 results as the intended decimals", () => {
    const q = question({ params: { X: matrixParam([[1, 2, 0], [0, 1, 0], [0, 0, 0]]) }, answer: { op: "avgpool", input: "X", size: 3, stride: 1 } });
    expect(sync(matrixType.referenceAnswer(q, defaults(q)))).toBe("[[0.444444]]");
    expect(sync(grade(q, "[[0.4444444444]]")).score).toBe(1);
    expect(sync(grade(q, "[[0.444]]")).score).toBe(1); // default tolerance abs 0.001
    expect(sync(grade(q, "[[0.44]]")).score).toBe(0);
  });
});

describe("matrix grading", () => {
  it("accepts numbers and numeric strings with decimal comma", () => {
    expect(sync(grade(avg, "[[3.75, 1.25], [3.75, 2]]"))).toMatchObject({ score: 1, feedback: "Correto!" });
    expect(sync(grade(avg, '[["3,75", "1,25"], ["3,75", "2"]]')).score).toBe(1);
    expect(sync(grade(avg, ' [["15/4", 1.25],\n ["3,75", "2,0"]] ')).score).toBe(1);
  });

  it("gives partial credit per cell and names the wrong cells (1-based)", () => {
    const result = sync(grade(avg, "[[3.75, 1.5], [3.75, 3]]"));
    expect(result.score).toBe(0.5);
    expect(result.invalid).toBeUndefined();
    expect(result.feedback).toBe("2 de 4 células corretas. Confira: linha 1, coluna 2; linha 2, coluna 2.");
    expect(result.parts).toHaveLength(4);
    expect(result.parts!.filter((p) => p.score === 0).map((p) => p.name)).toEqual(["linha 1, coluna 2", "linha 2, coluna 2"]);
  });

  it("caps the list of wrong cells", () => {
    const big = question({ params: { X: matrixParam(Array.from({ length: 6 }, (_, i) => Array.from({ length: 6 }, (_, j) => i + j))) }, answer: { op: "maxpool", input: "X", size: 1 } });
    const result = sync(grade(big, JSON.stringify(Array.from({ length: 6 }, (_, i) => Array.from({ length: 6 }, (_, j) => -1 - i - j)))));
    expect(result.score).toBe(0);
    expect(result.feedback).toContain(`Confira: linha 1, coluna 1;`);
    expect(result.feedback).toContain(`e mais ${36 - MAX_LISTED_CELLS}`);
    expect(result.feedback.match(/linha/g)).toHaveLength(MAX_LISTED_CELLS);
  });

  it("scores 0 with both shapes named when the shape is wrong, and names the usual slip", () => {
    const same = question({ params: { X: matrixParam(X4) }, answer: { op: "maxpool", input: "X", size: 3, stride: 1, padding: "valid" } });
    const padded = sync(grade(same, JSON.stringify(Array.from({ length: 4 }, () => [9, 9, 9, 9]))));
    expect(padded).toMatchObject({ score: 0, misconception: "padding-confusion" });
    expect(padded.feedback).toContain("matriz 2×2");
    expect(padded.feedback).toContain("uma 4×4");
    expect(padded.invalid).toBeUndefined();

    const strided = sync(grade(conv, "[[1,2],[3,4]]", { seed: 1, params: { X: [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12], [13, 14, 15, 16]], K: [[1, 0], [0, 1]], s: 2 } }));
    expect(strided).toMatchObject({ score: 0 });
    const stride2 = sync(grade(conv, JSON.stringify(Array.from({ length: 3 }, () => [0, 0, 0])), { seed: 1, params: { X: [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12], [13, 14, 15, 16]], K: [[1, 0], [0, 1]], s: 2 } }));
    expect(stride2.misconception).toBe("stride-ignored");

    expect(sync(grade(avg, "[[1]]"))).toMatchObject({ score: 0, misconception: "output-shape" });
  });

  it("recognises the flipped kernel (textbook convolution)", () => {
    const q = question({ params: { X: matrixParam([[1, 2, 3], [4, 5, 6], [7, 8, 9]]), K: matrixParam([[1, 2], [0, 0]]) }, answer: { op: "conv2d", input: "X", kernel: "K" } });
    expect(sync(matrixType.referenceAnswer(q, defaults(q)))).toBe("[[5,8],[14,17]]");
    const result = sync(grade(q, "[[13,16],[22,25]]")); // kernel rotated 180°: [[0,0],[2,1]]
    expect(result.misconception).toBe("flipped-kernel");
    expect(result.score).toBe(0);
  });

  it("does not count an answer written with bare decimal commas, and says why", () => {
    const result = sync(grade(avg, "[[3,75, 1,25], [3,75, 2,0]]"));
    expect(result).toMatchObject({ invalid: true, score: 0 });
    expect(result.feedback).toMatch(/vírgula decimal/);
    // a genuinely wrong shape without that reading is graded
    expect(sync(grade(avg, "[[3,75, 1,25, 3]]")).invalid).toBeUndefined();
  });

  it("supports integer mode tolerance", () => {
    const q = question({ params: { X: matrixParam(X4) }, answer: { op: "maxpool", input: "X", size: 2 }, tolerance: { mode: "integer" } });
    expect(sync(grade(q, "[[9,2],[6,3]]")).score).toBe(1);
    expect(sync(grade(q, "[[9.0001,2],[6,3]]")).score).toBe(0.75);
  });
});

describe("matrix answers that cannot be read (invalid, never an exception)", () => {
  const nasty: [string, unknown, RegExp][] = [
    ["empty", "   ", /vazia/],
    ["not a matrix", "9 2; seis 3", /linhas separadas por ;/],
    ["decimal comma in bare numbers", "[[3,75, 1,25], [3,75, 2]]", /mesmos tamanhos|diferentes|JSON/],
    ["a number", "5", /matriz/],
    ["an object", '{"a": 1}', /matriz/],
    ["a flat list", "[9, 2, 6, 3]", /matriz/],
    ["an empty list", "[]", /matriz/],
    ["an empty row", "[[]]", /vazia/],
    ["ragged rows", "[[9, 2], [6]]", /linha 2 tem 1 valor, a linha 1 tem 2/],
    ["NaN", "[[NaN, 2], [6, 3]]", /JSON/],
    ["NaN as text", '[["NaN", 2], [6, 3]]', /linha 1, coluna 1/],
    ["Infinity from 1e309", "[[1e309, 2], [6, 3]]", /grande demais/],
    ["huge text number", `[["${"9".repeat(400)}", 2], [6, 3]]`, /longa demais|grande demais/],
    ["null cell", "[[null, 2], [6, 3]]", /linha 1, coluna 1.*null/],
    ["boolean cell", "[[true, 2], [6, 3]]", /não é um número/],
    ["nested too deep", "[[[[9]], 2], [6, 3]]", /aninhados demais/],
    ["a list inside a cell", "[[[9], 2], [6, 3]]", /não é um número/],
    ["very deep nesting", "[".repeat(20_000) + "]".repeat(20_000), /aninhados demais/],
    ["10 MB string", "[[" + "1,".repeat(5_000_000) + "1]]", /longa demais/],
    ["not a string", undefined, /texto/],
  ];
  it.each(nasty)("%s", (_, answer, message) => {
    const started = performance.now();
    const result = sync(matrixType.grade(avg, defaults(avg), answer as string));
    expect(performance.now() - started).toBeLessThan(200);
    expect(result.invalid).toBe(true);
    expect(result.score).toBe(0);
    expect(result.feedback).toMatch(message);
  });

  it("refuses by length before reading", () => {
    expect(sync(grade(avg, " ".repeat(MAX_MATRIX_ANSWER_LENGTH + 1))).feedback).toMatch(/longa demais/);
  });
});

describe("matrix question schema", () => {
  const errors = (fields: Record<string, unknown>) => {
    const parsed = matrixType.schema.safeParse(fields);
    return parsed.success ? [] : parsed.error.issues.map((issue) => issue.message).join(" | ");
  };
  it("catches broken questions", () => {
    expect(errors({ params: { X: matrixParam(X4) }, answer: { op: "conv2d", input: "X", kernel: "K" } })).toMatch(/no parameter or derived value named "K"/);
    expect(errors({ params: { X: matrixParam([[1, 2], [3, 4]]) }, answer: { op: "maxpool", input: "X", size: 3 } })).toMatch(/does not fit/);
    expect(errors({ params: { X: matrixParam(X4) }, answer: { op: "maxpool", input: "X", size: 2, kernel: "X" } })).toMatch(/kernel|Unrecognized/);
    expect(errors({ params: { X: matrixParam(X4) }, answer: { op: "median", input: "X", size: 2 } })).not.toEqual([]);
    expect(errors({ params: { X: matrixParam(X4) }, answer: { op: "maxpool", input: "X", size: 0 } })).toMatch(/positive integers/);
  });
});

describe("matrix answers written or pasted as text", () => {
  const q = question({ params: { X: matrixParam(X4) }, answer: { op: "maxpool", input: "X", size: 2 } });
  const reference = JSON.parse(sync(matrixType.referenceAnswer(q, { seed: null, params: { X: X4 } })) as string) as number[][];
  const rowsText = (sep: string, cellSep: string) => reference.map((row) => row.join(cellSep)).join(sep);
  it.each([
    ["rows by ;", rowsText("; ", " ")],
    ["rows by ; and commas", rowsText(";", ",")],
    ["lines with single spaces", rowsText("\n", " ")],
    ["lines with tabs and commas", rowsText("\r\n", ",\t")],
    ["MATLAB", `[${rowsText("; ", " ")}]`],
    ["MATLAB print", `A =\n\n   ${rowsText("\n   ", "   ")}\n`],
    ["numpy print", `[[${reference.map((row) => row.join(" ")).join("]\n [")}]]`],
    ["numpy floats", `array([[${reference.map((row) => row.map((c) => `${c}.`).join(", ")).join("],\n       [")}]])`],
    ["wrapped in a key", JSON.stringify({ matrix: reference })],
  ])("reads %s", (_label, text) => {
    expect(parseMatrixAnswer(text)).toEqual({ ok: true, matrix: reference });
    expect(sync(grade(q, text)).score).toBe(1);
  });

  it("reads decimal commas between spaces and semicolons as decimals", () => {
    expect(parseMatrixAnswer("3,75 1,25; 3,75 2")).toEqual({ ok: true, matrix: [[3.75, 1.25], [3.75, 2]] });
    expect(parseMatrixAnswer("[[177,75; 175,38]; [141,06; 133,19]]")).toEqual({ ok: true, matrix: [[177.75, 175.38], [141.06, 133.19]] });
    expect(parseMatrixAnswer("1, 2, 3\n4, 5, 6")).toEqual({ ok: true, matrix: [[1, 2, 3], [4, 5, 6]] });
  });

  it("names a transposed answer and gives no credit to a constant grid", () => {
    const transposed = reference[0].map((_, c) => reference.map((row) => row[c]));
    expect(sync(grade(q, JSON.stringify(transposed)))).toMatchObject({ score: 0, misconception: "transposed" });
    const max = Math.max(...reference.flat());
    expect(sync(grade(q, JSON.stringify(reference.map((row) => row.map(() => max)))))).toMatchObject({ score: 0, misconception: "constant-matrix" });
  });
});

describe("matrixTextRows (the answer grid's paste)", () => {
  it("splits a pasted block into rows and cells in every format the grader reads", () => {
    const expected = [["8", "9"], ["8", "8"]];
    for (const text of ["8 9\n8 8", "8\t9\n8\t8", "8 9; 8 8", "[[8 9]\n [8 8]]", "[8 9; 8 8]", "[[8, 9], [8, 8]]", "8,9\n8,8"]) {
      expect(matrixTextRows(text)).toEqual(expected);
    }
    expect(matrixTextRows("3,75 1,25\n3,75 2")).toEqual([["3,75", "1,25"], ["3,75", "2"]]);
    expect(matrixTextRows("hello world")).toBeNull();
  });
});
