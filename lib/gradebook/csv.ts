/** CSV for spreadsheet users: UTF-8 with a BOM (so Excel reads accents), CRLF lines, formulas neutralised. */
import Papa from "papaparse";

export type CsvCell = string | number | null;

/** "comma": comma-separated with decimal points; "semicolon": what Excel in pt-BR expects (decimal commas). */
export type CsvDialect = "comma" | "semicolon";

export const BOM = "\uFEFF";

/**
 * A text a spreadsheet would run as a formula (=, +, -, @, or a tab/CR first, also after leading spaces) gets a
 * leading apostrophe. Done here for every cell: papaparse's own escapeFormulae skips values it has to quote, such as
 * a multi-line answer starting with "=".
 */
export function neutralised(text: string): string {
  return /^\s*[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function cellText(value: CsvCell, dialect: CsvDialect): string {
  if (value === null) return "";
  if (typeof value === "number") {
    const text = String(Math.round(value * 1000) / 1000);
    return dialect === "semicolon" ? text.replace(".", ",") : text;
  }
  return neutralised(value);
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[], dialect: CsvDialect = "comma"): string {
  const body = Papa.unparse(
    { fields: header.map(neutralised), data: rows.map((row) => row.map((cell) => cellText(cell, dialect))) },
    { delimiter: dialect === "semicolon" ? ";" : ",", newline: "\r\n", escapeFormulae: false },
  );
  return `${BOM}${body}\r\n`;
}

/** A file name safe for Content-Disposition: ascii letters, digits and dashes. */
export function safeFileName(base: string): string {
  const ascii = base
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return `${ascii || "export"}.csv`;
}

export function csvResponse(csv: string, fileName: string): Response {
  return new Response(csv, {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "no-store",
    },
  });
}
