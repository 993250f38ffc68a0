/**
 * Splitting a matrix written as text into rows and cell texts. No dependencies: the answer grid (a client component)
 * uses it for pasted text, the matrix reader (parse.ts) reads the cells.
 */

/** The rows of a matrix written as text; null when the text does not look like a matrix at all. */
export function matrixTextRows(answer: string): string[][] | null {
  let text = answer.trim().replace(/^[A-Za-z]\w*\s*=\s*/, "");
  const call = /^(?:np\.|numpy\.)?(?:array|matrix|tensor)\s*\(([\s\S]*)\)$/.exec(text);
  if (call) text = call[1].replace(/,\s*dtype\s*=\s*[\w.]+\s*$/, "").trim();
  if (!/^[-+\d\s.,;[\]/eE\u2212]+$/.test(text)) return null;
  let rows: string[];
  if (/^\[\s*\[/.test(text)) {
    const outside = text.slice(1, -1).replace(/\[[^[\]]*\]/g, "");
    if (!text.endsWith("]") || !/^[\s,;]*$/.test(outside)) return null;
    rows = [...text.matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1]);
  } else {
    if (text.startsWith("[") && text.endsWith("]")) text = text.slice(1, -1);
    if (/[[\]]/.test(text)) return null;
    rows = text.split(/\s*(?:;|\r?\n)\s*/);
  }
  rows = rows.map((row) => row.trim()).filter((row) => row !== "");
  if (rows.length === 0) return null;
  return rows.map((row) => {
    if (row.includes(";")) return row.split(/\s*;\s*/).filter((c) => c !== "");
    // with spaces between values a comma stuck between digits is decimal ("3,75 1,25"); ", " always separates
    if (/\s/.test(row)) return row.split(/\s*,\s+|\s+|,$/).filter((c) => c !== "");
    return row.split(",").filter((c) => c !== "");
  });
}
