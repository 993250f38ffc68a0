import type { z } from "zod";
import { applyMatrixOp, matrixOpShape, matrixShape, type MatrixOp } from "@/domain/cnn/matrix-ops";
import type { BaseQuestion, GradeResult, QuestionTexts, QuestionTypeModule, Variant } from "@/domain/questions/base";
import { withinTolerance } from "../numeric/compare";
import type { Tolerance } from "../numeric/schema";
import { say, sayAll, type Said } from "@/domain/questions/feedback";
import { cellName, parseMatrixAnswer, readWithDecimalCommas } from "./parse";
import { computeMatrixReference, type MatrixReference } from "./reference";
import { matrixFields } from "./schema";

export type MatrixQuestion = BaseQuestion & QuestionTexts & z.infer<typeof matrixFields>;

/** At most this many wrong cells are named in the feedback. */
export const MAX_LISTED_CELLS = 8;

const showShape = ([rows, cols]: [number, number]) => `${rows}×${cols}`;

function cellMatches(value: number, reference: number, tolerance: Tolerance, errorBound: number): boolean {
  // the reference is float32 tidied to a decimal: an exact answer may differ from it by up to twice the bound
  return withinTolerance(value, reference, tolerance) || Math.abs(value - reference) <= 2 * errorBound;
}

/** A shape that a known slip would give (other padding, stride forgotten), to name the slip. */
function shapeSlip(op: MatrixOp, given: [number, number]): { id: string; hint: Said } | null {
  const same = (shape: [number, number]) => shape[0] === given[0] && shape[1] === given[1];
  const attempt = (variant: MatrixOp) => {
    try {
      return same(matrixOpShape(variant));
    } catch {
      return false;
    }
  };
  if (attempt({ ...op, padding: op.padding === "valid" ? "same" : "valid" })) {
    return { id: "padding-confusion", hint: say(op.padding === "valid" ? "matrix.hintValid" : "matrix.hintSame") };
  }
  if (op.stride.some((s) => s > 1) && attempt({ ...op, stride: [1, 1] })) {
    return { id: "stride-ignored", hint: say("matrix.hintStride", { stride: op.stride.join("×") }) };
  }
  return null;
}

/** True when the answer is the textbook convolution (kernel rotated 180°), which CNN layers do not compute. */
function isFlippedKernel(op: MatrixOp, answer: number[][], reference: MatrixReference, tolerance: Tolerance): boolean {
  if (op.op !== "conv2d") return false;
  const flipped = op.kernel.map((row) => [...row].reverse()).reverse();
  if (flipped.every((row, r) => row.every((cell, c) => cell === op.kernel[r][c]))) return false;
  const { values, errorBound } = applyMatrixOp({ ...op, kernel: flipped });
  const differs = values.some((row, r) => row.some((cell, c) => !cellMatches(cell, reference.values[r][c], tolerance, errorBound)));
  return differs && values.every((row, r) => row.every((cell, c) => cellMatches(answer[r][c], cell, tolerance, errorBound)));
}

const transpose = (m: number[][]) => m[0].map((_, c) => m.map((row) => row[c]));

function sameMatrix(answer: number[][], expected: number[][], tolerance: Tolerance, errorBound: number): boolean {
  return (
    answer.length === expected.length &&
    answer[0].length === expected[0].length &&
    expected.every((row, r) => row.every((cell, c) => cellMatches(answer[r][c], cell, tolerance, errorBound)))
  );
}

const transposedResult = (): GradeResult => ({ score: 0, misconception: "transposed", ...say("matrix.transposed") });

function gradeMatrix(question: MatrixQuestion, variant: Variant, answer: string): GradeResult {
  const read = parseMatrixAnswer(answer);
  if (!read.ok) return { score: 0, ...read.error, invalid: true };
  const reference = computeMatrixReference(question, variant);
  const expected = matrixShape(reference.values);
  const given = matrixShape(read.matrix);
  const transposed = transpose(reference.values);
  const symmetric = sameMatrix(transposed, reference.values, question.tolerance, reference.errorBound);
  if (!symmetric && sameMatrix(read.matrix, transposed, question.tolerance, reference.errorBound)) return transposedResult();
  if (expected[0] !== given[0] || expected[1] !== given[1]) {
    const commaReading = readWithDecimalCommas(answer);
    if (commaReading && commaReading.length === expected[0] && commaReading[0].length === expected[1]) {
      return { score: 0, invalid: true, ...say("matrix.decimalComma", { given: showShape(given) }) };
    }
    const slip = shapeSlip(reference.op, given);
    const shape = say("matrix.shape", { expected: showShape(expected), given: showShape(given) });
    return { score: 0, ...(slip ? sayAll([shape, slip.hint], " ") : shape), misconception: slip?.id ?? "output-shape" };
  }
  const parts: NonNullable<GradeResult["parts"]> = [];
  const wrong: Said[] = [];
  reference.values.forEach((row, r) =>
    row.forEach((cell, c) => {
      const ok = cellMatches(read.matrix[r][c], cell, question.tolerance, reference.errorBound);
      if (!ok) wrong.push(cellName(r, c));
      parts.push({ name: cellName(r, c).feedback, score: ok ? 1 : 0, weight: 1, ...say(ok ? "matrix.cellCorrect" : "matrix.cellWrong") });
    }),
  );
  const total = parts.length;
  if (wrong.length === 0) return { score: 1, ...say("correct"), parts };
  // a constant grid (every cell the same guess) computes nothing: no credit for the cells it happens to hit
  const first = read.matrix[0][0];
  if (total > 1 && read.matrix.every((row) => row.every((cell) => cell === first))) {
    return {
      score: 0,
      parts: parts.map((part) => ({ ...part, score: 0 })),
      misconception: "constant-matrix",
      ...say("matrix.constant"),
    };
  }
  const score = (total - wrong.length) / total;
  if (isFlippedKernel(reference.op, read.matrix, reference, question.tolerance)) {
    return {
      score,
      parts,
      misconception: "flipped-kernel",
      ...say("matrix.flippedKernel"),
    };
  }
  const more = Math.max(0, wrong.length - MAX_LISTED_CELLS);
  const head = say("matrix.correctCellsHead", { right: total - wrong.length, total });
  const tail = say("matrix.correctCellsMore", { more });
  return { score, parts, ...sayAll([sayAll([head, sayAll(wrong.slice(0, MAX_LISTED_CELLS), "; ")], " "), tail], "") };
}

function referenceText(question: MatrixQuestion, variant: Variant): string {
  const { values } = computeMatrixReference(question, variant);
  if ("mode" in question.tolerance && values.some((row) => row.some((cell) => !Number.isInteger(cell)))) {
    throw new Error(`question ${question.id}: tolerance mode integer but the reference has non-integer cells`);
  }
  return JSON.stringify(values);
}

export const matrixType: QuestionTypeModule<MatrixQuestion> = {
  type: "matrix",
  schema: matrixFields,
  referenceAnswer: referenceText,
  grade: gradeMatrix,
  // The answer grid's size: the student still has to work out every value (and the shape follows from the prompt).
  publicView: (question, variant) => {
    const [rows, cols] = matrixShape(computeMatrixReference(question, variant).values);
    return { rows, cols };
  },
};
