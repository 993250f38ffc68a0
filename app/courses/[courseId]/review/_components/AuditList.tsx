import { useFormatter } from "next-intl";

export interface AuditEntry {
  createdAt: Date;
  actorName: string | null;
  /** what changed, when the list mixes kinds (an attempt, an override) */
  label?: string;
  oldScore: number | null;
  newScore: number | null;
  reason: string;
}

const percent = (x: number | null) => (x === null ? "—" : `${Math.round(x * 1000) / 10}%`);

/** A grade's change log: when, who, (what), old → new, why. */
export function AuditList({ entries, testId, className }: { entries: AuditEntry[]; testId: string; className?: string }) {
  const format = useFormatter();
  return (
    <ol className={className ?? "space-y-1"} data-testid={testId}>
      {entries.map((a, index) => (
        <li key={index}>
          {format.dateTime(a.createdAt, { dateStyle: "short", timeStyle: "short" })} · {a.actorName ?? "—"} · {a.label ? `${a.label} · ` : ""}
          {percent(a.oldScore)} → {percent(a.newScore)} · {a.reason}
        </li>
      ))}
    </ol>
  );
}
