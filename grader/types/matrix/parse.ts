import { parseNumber } from "@/lib/questions/numbers";
import { readJsonAnswer } from "./json";

export const MAX_MATRIX_ANSWER_LENGTH = 50_000;
export const MATRIX_EXAMPLE = "[[1, 2], [3, 4]]";

export type MatrixRead = { ok: true; matrix: number[][] } | { ok: false; error: string };

const cellName = (row: number, col: number) => `linha ${row + 1}, coluna ${col + 1}`;

/** One cell: a JSON number, or a text number ("3,75", "-2", "3/4") read by the shared number parser. */
function readCell(cell: unknown, row: number, col: number): { ok: true; value: number } | { ok: false; error: string } {
  if (typeof cell === "number") {
    if (!Number.isFinite(cell)) return { ok: false, error: `O valor na ${cellName(row, col)} é grande demais para ser um número.` };
    return { ok: true, value: cell === 0 ? 0 : cell };
  }
  if (typeof cell === "string") {
    const parsed = parseNumber(cell);
    return parsed.ok ? parsed : { ok: false, error: `${cellName(row, col)}: ${parsed.error}` };
  }
  return { ok: false, error: `O valor na ${cellName(row, col)} não é um número (recebi ${cell === null ? "null" : typeof cell}).` };
}

/** A student's matrix: a JSON list of rows, every row the same length, every cell a number. */
export function parseMatrixAnswer(answer: unknown): MatrixRead {
  const json = readJsonAnswer(answer, { maxLength: MAX_MATRIX_ANSWER_LENGTH, maxDepth: 2, example: MATRIX_EXAMPLE });
  if (!json.ok) return json;
  const value = json.value;
  const notMatrix = { ok: false as const, error: `A resposta deve ser uma matriz: uma lista de linhas, como ${MATRIX_EXAMPLE}.` };
  if (!Array.isArray(value) || value.length === 0 || !value.every(Array.isArray)) return notMatrix;
  const rows = value as unknown[][];
  if (rows[0].length === 0) return { ok: false, error: "A primeira linha da matriz está vazia." };
  const matrix: number[][] = [];
  for (let r = 0; r < rows.length; r++) {
    if (rows[r].length !== rows[0].length) {
      return { ok: false, error: `As linhas têm tamanhos diferentes: a linha ${r + 1} tem ${rows[r].length} valores, a linha 1 tem ${rows[0].length}.` };
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
