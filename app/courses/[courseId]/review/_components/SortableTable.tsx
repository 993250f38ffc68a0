"use client";

import Link from "next/link";
import { useMemo, useState } from "react";

export interface SortableColumn {
  key: string;
  label: string;
  numeric?: boolean;
  /** long text (titles): wraps instead of widening the table */
  wrap?: boolean;
}

export interface SortableCell {
  text: string;
  /** what the column sorts by; null sorts last */
  sort: number | string | null;
  href?: string;
  /** extra classes, e.g. a colour for a low score */
  tone?: "good" | "warn" | "bad" | "muted";
}

const tones: Record<NonNullable<SortableCell["tone"]>, string> = {
  good: "text-emerald-700",
  warn: "text-amber-700",
  bad: "text-red-700",
  muted: "text-slate-500",
};

/** A table whose columns sort on click (ascending, then descending); the data is rendered by the server. */
export function SortableTable(props: {
  caption: string;
  columns: SortableColumn[];
  rows: { id: string; cells: SortableCell[] }[];
  sortHint: string;
  testId?: string;
  /** optional header row above the columns, e.g. one assessment title over its questions */
  groups?: { label: string; span: number }[];
}) {
  const [sort, setSort] = useState<{ column: number; descending: boolean } | null>(null);
  const rows = useMemo(() => {
    if (!sort) return props.rows;
    const compare = (a: SortableCell["sort"], b: SortableCell["sort"]) => {
      if (a === b) return 0;
      if (a === null) return 1;
      if (b === null) return -1;
      const order = typeof a === "number" && typeof b === "number" ? a - b : String(a).localeCompare(String(b), undefined, { numeric: true });
      return sort.descending ? -order : order;
    };
    return [...props.rows].sort((x, y) => compare(x.cells[sort.column]!.sort, y.cells[sort.column]!.sort));
  }, [props.rows, sort]);

  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white" data-testid={props.testId}>
      <table className="w-full text-left text-sm">
        <caption className="sr-only">
          {props.caption}. {props.sortHint}
        </caption>
        <thead className="bg-slate-50 text-slate-600">
          {props.groups && (
            <tr className="border-b border-slate-200">
              {props.groups.map((group, index) => (
                <th key={index} scope="colgroup" colSpan={group.span} className="border-l border-slate-200 px-3 pt-2 text-center text-xs font-semibold text-slate-700 first:border-l-0">
                  {group.label}
                </th>
              ))}
            </tr>
          )}
          <tr>
            {props.columns.map((column, index) => {
              const active = sort?.column === index;
              return (
                <th
                  key={column.key}
                  scope="col"
                  aria-sort={active ? (sort.descending ? "descending" : "ascending") : "none"}
                  className={`whitespace-nowrap px-3 py-2 font-medium ${column.numeric ? "text-right" : ""} ${index === 0 ? "sticky left-0 z-10 bg-slate-50" : ""}`}
                >
                  <button
                    type="button"
                    className="inline-flex items-center gap-1 rounded hover:text-slate-900"
                    onClick={() => setSort(active ? { column: index, descending: !sort.descending } : { column: index, descending: !!column.numeric })}
                  >
                    {column.label}
                    <span aria-hidden className={active ? "text-brand-700" : "text-slate-300"}>
                      {active ? (sort.descending ? "▼" : "▲") : "↕"}
                    </span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={row.id} className="hover:bg-slate-50/60">
              {row.cells.map((cell, index) => (
                <td
                  key={props.columns[index]!.key}
                  className={`px-3 py-2 ${index === 0 ? "sticky left-0 bg-white" : ""} ${props.columns[index]!.wrap ? "min-w-48" : "whitespace-nowrap"} ${props.columns[index]!.numeric ? "text-right tabular-nums" : ""} ${cell.tone ? tones[cell.tone] : ""}`}
                >
                  {cell.href ? (
                    <Link href={cell.href} className="font-medium text-brand-700 hover:underline">
                      {cell.text}
                    </Link>
                  ) : (
                    cell.text
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
