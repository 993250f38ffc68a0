/**
 * How a stored answer is shown to students and staff: architecture answers as a table of layer, field and value,
 * matrices as a grid, everything else as typed. Never raw JSON.
 */
import { parseMatrixAnswer } from "@/grader/types/matrix/parse";

export type AnswerDisplay =
  | { kind: "text"; text: string }
  | { kind: "matrix"; rows: number[][] }
  | { kind: "table"; rows: { layer: string; field: string; value: string }[] };

const MAX_ROWS = 200;

function showValue(value: unknown): string {
  if (Array.isArray(value)) return value.map(showValue).join(" × ");
  if (value === null || value === undefined) return "—";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** The rows of an architecture answer given as JSON ({"conv1": {"output_shape": [..], "params": 280}}), or null. */
function architectureRows(answer: string): { layer: string; field: string; value: string }[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer);
  } catch {
    return null;
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return null;
  const rows: { layer: string; field: string; value: string }[] = [];
  for (const [layer, fields] of Object.entries(parsed as Record<string, unknown>)) {
    if (fields !== null && typeof fields === "object" && !Array.isArray(fields)) {
      for (const [field, value] of Object.entries(fields as Record<string, unknown>)) rows.push({ layer, field, value: showValue(value) });
    } else rows.push({ layer, field: "", value: showValue(fields) });
  }
  return rows.length > 0 && rows.length <= MAX_ROWS ? rows : null;
}

export function answerDisplay(type: string, answer: string): AnswerDisplay {
  if (type === "architecture") {
    const rows = architectureRows(answer);
    if (rows) return { kind: "table", rows };
  }
  if (type === "matrix") {
    const read = parseMatrixAnswer(answer);
    if (read.ok && read.matrix.length <= 50 && read.matrix[0].length <= 50) return { kind: "matrix", rows: read.matrix };
  }
  return { kind: "text", text: answer };
}

/** One line for lists and CSV: "conv1 output_shape 37 × 37 × 10 · conv1 params 280", "[[1, 2], [3, 4]]" as "1 2; 3 4". */
export function answerSummary(type: string, answer: string): string {
  const display = answerDisplay(type, answer);
  if (display.kind === "table") return display.rows.map((r) => `${r.layer}${r.field ? ` ${r.field}` : ""}: ${r.value}`).join(" · ");
  if (display.kind === "matrix") return display.rows.map((row) => row.join(" ")).join("; ");
  return display.text;
}
