"use client";

import { useTranslations } from "next-intl";
import { useId, useRef, useState } from "react";
import { matrixTextRows } from "@/grader/types/matrix/text";
import type { InputProps } from "./types";

function toAnswer(cells: string[][]): string {
  return JSON.stringify(cells.map((row) => row.map((cell) => (cell.trim() !== "" && Number.isFinite(Number(cell)) ? Number(cell) : cell.trim()))));
}

function fromAnswer(value: string, rows: number, cols: number): string[][] {
  try {
    const parsed = JSON.parse(value) as unknown[][];
    return Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => String(parsed[r]?.[c] ?? "")));
  } catch {
    return Array.from({ length: rows }, () => Array.from({ length: cols }, () => ""));
  }
}

/** A grid sized from the question: arrows move between cells, a pasted block from a spreadsheet fills the grid. */
export function MatrixInput({ value, onChange, publicView, disabled }: InputProps) {
  const t = useTranslations("answer");
  const rows = Number(publicView.rows ?? 0);
  const cols = Number(publicView.cols ?? 0);
  const [cells, setCells] = useState(() => fromAnswer(value, rows, cols));
  const refs = useRef<(HTMLInputElement | null)[]>([]);
  const hintId = useId();
  const update = (next: string[][]) => {
    setCells(next);
    onChange(toAnswer(next));
  };
  const focus = (r: number, c: number) => refs.current[r * cols + c]?.focus();

  function onKeyDown(event: React.KeyboardEvent<HTMLInputElement>, r: number, c: number) {
    const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1], Enter: [1, 0] };
    const move = moves[event.key];
    if (!move) return;
    const input = event.currentTarget;
    const atStart = input.selectionStart === 0 && input.selectionEnd === 0;
    const atEnd = input.selectionStart === input.value.length;
    if ((event.key === "ArrowLeft" && !atStart) || (event.key === "ArrowRight" && !atEnd)) return;
    event.preventDefault();
    const nr = Math.min(rows - 1, Math.max(0, r + move[0]));
    const nc = Math.min(cols - 1, Math.max(0, c + move[1]));
    focus(nr, nc);
  }

  /** A pasted block in any format the grader reads (spreadsheet, `9 9 5; 9 9 5`, numpy, MATLAB, JSON) fills the grid. */
  function onPaste(event: React.ClipboardEvent<HTMLInputElement>, r: number, c: number) {
    const text = event.clipboardData.getData("text");
    if (!/[\t\n;[]/.test(text.trim())) return;
    const block = matrixTextRows(text);
    if (!block) return;
    event.preventDefault();
    // the whole matrix pasted anywhere fills the grid from its first cell
    const [top, left] = block.length === rows && block.every((line) => line.length === cols) ? [0, 0] : [r, c];
    const next = cells.map((row) => [...row]);
    block.forEach((line, i) => line.forEach((cell, j) => {
      if (top + i < rows && left + j < cols) next[top + i]![left + j] = cell.trim();
    }));
    update(next);
  }

  // a table with the grid role (rows and cells for assistive technology); every cell is also a Tab stop
  return (
    <div>
      <p id={hintId} className="mb-2 text-sm text-slate-600">{t("matrixHint", { rows, cols })}</p>
      <div className="max-w-full overflow-x-auto">
        <table role="grid" aria-labelledby={hintId} className="border-separate border-spacing-1">
          <tbody>
            {cells.map((row, r) => (
              <tr key={r}>
                {row.map((cell, c) => (
                  <td key={c} className="p-0">
                    <input
                      ref={(el) => { refs.current[r * cols + c] = el; }}
                      aria-label={t("matrixCell", { row: r + 1, col: c + 1 })}
                      inputMode="decimal"
                      autoComplete="off"
                      value={cell}
                      disabled={disabled}
                      onChange={(e) => update(cells.map((line, i) => (i === r ? line.map((v, j) => (j === c ? e.target.value : v)) : line)))}
                      onKeyDown={(e) => onKeyDown(e, r, c)}
                      onPaste={(e) => onPaste(e, r, c)}
                      className="w-16 rounded border border-slate-300 px-2 py-1.5 text-center font-mono"
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
