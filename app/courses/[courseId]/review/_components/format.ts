import type { getFormatter } from "next-intl/server";
import type { HistogramBin } from "@/lib/analytics/stats";

type NumberFormatter = Pick<Awaited<ReturnType<typeof getFormatter>>, "number">;

/** Display helpers for the review pages, on top of next-intl's formatter (locale-aware numbers). */
export function reviewFormat(format: NumberFormatter) {
  const dash = "—";
  return {
    percent: (x: number | null) => (x === null ? dash : format.number(x, { style: "percent", maximumFractionDigits: 1 })),
    decimal: (x: number | null, digits = 2) => (x === null ? dash : format.number(x, { maximumFractionDigits: digits })),
    signed: (x: number | null) => (x === null ? dash : format.number(x, { maximumFractionDigits: 2, signDisplay: "exceptZero" })),
    duration: (ms: number | null) => (ms === null ? dash : humanDuration(ms)),
    bars: (bins: HistogramBin[]) => bins.map((b) => ({ label: `${Math.round(b.from * 100)}–${Math.round(b.to * 100)}%`, count: b.count })),
  };
}

export function humanDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** Facility colours: very easy or very hard items stand out. */
export function facilityTone(x: number | null): "good" | "warn" | "bad" | undefined {
  if (x === null) return undefined;
  return x >= 0.7 ? "good" : x >= 0.4 ? "warn" : "bad";
}

/** Discrimination below 0.2 is the usual "review this item" threshold. */
export function discriminationTone(x: number | null): "good" | "warn" | "bad" | undefined {
  if (x === null) return undefined;
  return x >= 0.3 ? "good" : x >= 0.2 ? "warn" : "bad";
}
