import { say, type Said } from "@/domain/questions/feedback";
import { parseNumber } from "@/domain/questions/numbers";
import { nestingDepth, readJsonAnswer } from "./json";
import { matrixTextRows } from "./text";

export { matrixTextRows };

export const MAX_MATRIX_ANSWER_LENGTH = 50_000;
export const MATRIX_EXAMPLE = "[[1, 2], [3, 4]]";

export type MatrixRead = { ok: true; matrix: number[][] } | { ok: false; error: Said };

/** "linha 2, coluna 3" (pt-BR text and its message). */
const cellName = (row: number, col: number): Said => say("matrix.cell", { row: row + 1, col: col + 1 });
const cellValues = (row: number, col: number) => ({ cell: cellName(row, col).message[0]! });

/** One cell: a JSON number, or a text number ("3,75", "-2", "3/4") read by the shared number parser. */
function readCell(cell: unknown, row: number, col: number): { ok: true; value: number } | { ok: false; error: Said } {
  if (typeof cell === "number") {
    if (!Number.isFinite(cell)) return { ok: false, error: say("matrix.cellTooBig", cellValues(row, col)) };
    return { ok: true, value: cell === 0 ? 0 : cell };
  }
  if (typeof cell === "string") {
    const parsed = parseNumber(cell.trim().replace(/(\d)\.$/, "$1"), { loneGroup: "decimal" });
    if (parsed.ok) return parsed;
    const problem = parsed.message?.[0] ?? { key: "grader.text", values: { text: parsed.error } };
    return { ok: false, error: say("matrix.cellUnreadable", { ...cellValues(row, col), problem }) };
  }
  return { ok: false, error: say("matrix.cellNotNumber", { ...cellValues(row, col), got: cell === null ? "null" : typeof cell }) };
}

/**
 * A student's matrix, in any of the ways people write or paste one: JSON (`[[1, 2], [3, 4]]`, also wrapped in one
 * object key such as `{"matrix": …}`), rows separated by `;` or new lines with cells separated by spaces or commas
 * (`9 9 5; 9 9 5`, `3,75 1,25; 3,75 2`), numpy prints (`[[9 9 5]\n [9 9 5]]`, `array([[1., 2.], …])`) and MATLAB
 * (`[1 2; 3 4]`, `A = …`). Every row the same length, every cell a number.
 */
export function parseMatrixAnswer(answer: unknown): MatrixRead {
  const json = readJsonAnswer(answer, { maxLength: MAX_MATRIX_ANSWER_LENGTH, maxDepth: 3, example: MATRIX_EXAMPLE });
  if (json.ok) return fromRows(unwrap(json.value));
  if (typeof answer !== "string" || answer.length > MAX_MATRIX_ANSWER_LENGTH || answer.trim() === "" || nestingDepth(answer) > 3) return json;
  return readMatrixText(answer) ?? { ok: false, error: say("matrix.unreadable", { example: MATRIX_EXAMPLE }) };
}

/** `{"matrix": [[…]]}`: a single key holding the matrix. */
function unwrap(value: unknown): unknown {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const entries = Object.values(value as Record<string, unknown>);
    if (entries.length === 1 && Array.isArray(entries[0])) return entries[0];
  }
  return value;
}

function fromRows(value: unknown): MatrixRead {
  const notMatrix = { ok: false as const, error: say("matrix.notMatrix", { example: MATRIX_EXAMPLE }) };
  if (!Array.isArray(value) || value.length === 0 || !value.every(Array.isArray)) return notMatrix;
  const rows = value as unknown[][];
  if (rows[0].length === 0) return { ok: false, error: say("matrix.firstRowEmpty") };
  const matrix: number[][] = [];
  for (let r = 0; r < rows.length; r++) {
    if (rows[r].length !== rows[0].length) {
      return { ok: false, error: say("matrix.ragged", { row: r + 1, size: rows[r].length, first: rows[0].length }) };
    }
    const row: number[] = [];
    for (let c = 0; c < rows[r].length; c++) {
      const cell = readCell(rows[r][c], r, c);
      if (!cell.ok) return cell;
      row.push(cell.value);
    }
    matrix.push(row);
  }
  return { ok: true, matrix };
}

function readMatrixText(answer: string): MatrixRead | null {
  const rows = matrixTextRows(answer);
  return rows ? fromRows(rows) : null;
}

export { cellName };

/**
 * The matrix read as if every comma between two digits were a decimal comma ("[[3,75, 1,25]]" -> [[3.75, 1.25]]),
 * or null when that reading fails. Used only to explain a wrong shape, never to grade.
 */
export function readWithDecimalCommas(answer: string): number[][] | null {
  if (!/\d,\d/.test(answer)) return null;
  const read = parseMatrixAnswer(answer.replace(/(\d),(?=\d)/g, "$1."));
  return read.ok ? read.matrix : null;
}
