import { readdirSync, readFileSync } from "node:fs";

/**
 * Where a machine's cores went between two moments, per group of processes (the web processes, the graders with
 * their sandboxes, PostgreSQL, the bench's load generator, everything else), from /proc: each process's user and
 * system time plus that of its children it has reaped (a sandbox job's process ends within milliseconds; its time
 * reaches its parent's count when it is reaped). Linux only.
 */
export const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux architecture Node runs on

interface ProcessTime {
  parent: number;
  name: string;
  /** utime + stime + cutime + cstime, in ticks */
  ticks: number;
  /** utime + stime alone */
  own: number;
  /** start time since boot, in ticks: a pid reused between the two snapshots is another process */
  started: number;
}

export type CpuSnapshot = Map<number, ProcessTime>;

/** One process's times from /proc/<pid>/stat, or null when it has ended. */
export function processTime(pid: number): ProcessTime | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  const close = stat.lastIndexOf(")");
  const fields = stat.slice(close + 2).split(" ");
  const name = stat.slice(stat.indexOf("(") + 1, close);
  const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
  return { parent: Number(fields[1]), name, ticks, own: Number(fields[11]) + Number(fields[12]), started: Number(fields[19]) };
}

export function cpuSnapshot(): CpuSnapshot {
  const snapshot: CpuSnapshot = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const time = processTime(Number(entry));
    if (time) snapshot.set(Number(entry), time); // else it ended meanwhile
  }
  return snapshot;
}

const ownTicks = (p: ProcessTime) => p.own;

/** The group of a process: the first of its ancestors (itself included) that `roots` names, else by its name, else "other". */
function groupOf(pid: number, snapshot: CpuSnapshot, roots: Map<number, string>, byName: (name: string) => string | null): string {
  for (let at: number | undefined = pid, depth = 0; at && depth < 64; at = snapshot.get(at)?.parent, depth++) {
    const root = roots.get(at);
    if (root) return root;
  }
  return byName(snapshot.get(pid)?.name ?? "") ?? "other";
}

/**
 * CPU seconds per group between `before` and `after` (a process that started in between counts whole). `roots`:
 * a process id → its group (its descendants join it); `byName` groups the rest by their name (e.g. "postgres");
 * `ownOnly`: processes whose reaped children's time is not theirs (the bench's own, whose children are the services).
 */
export function cpuSecondsByGroup(before: CpuSnapshot, after: CpuSnapshot, roots: Map<number, string>, byName: (name: string) => string | null, ownOnly: ReadonlySet<number> = new Set()): Record<string, number> {
  const seconds: Record<string, number> = {};
  for (const [pid, now] of after) {
    const then = before.get(pid);
    const group = groupOf(pid, after, roots, byName);
    // reaped children's time counts only inside the groups: an init process reaping another session's long-lived
    // orphans would add all of their lives' CPU to "other"
    // …and not for the bench's own process either: its children are the services, counted in their own groups (a
    // grader it killed would add its whole life to the load generator when reaped)
    const own = group === "other" || ownOnly.has(pid) ? ownTicks : (p: ProcessTime) => p.ticks;
    const ticks = own(now) - (then && then.started === now.started ? own(then) : 0);
    seconds[group] = (seconds[group] ?? 0) + ticks / TICKS_PER_SECOND;
  }
  return Object.fromEntries(Object.entries(seconds).map(([group, s]) => [group, Number(s.toFixed(1))]).sort((a, b) => Number(b[1]) - Number(a[1])));
}
