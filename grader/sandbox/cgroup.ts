import os from "node:os";
import fs from "node:fs";
import path from "node:path";
import { config } from "@/platform/config";
import { processWide } from "@/platform/process-wide";

/**
 * Per-zygote control groups (cgroup v1: memory, pids, cpu), so that a job's limits hold for its whole process tree.
 * A zygote runs one job at a time and its cgroup holds nothing else but the zygote itself, so the group's limit is the
 * job's limit plus the warm interpreter it was forked from (measured when the zygote is ready).
 *
 * Fallback: without root or without these v1 controllers (e.g. a cgroup v2-only host) `cgroupSupport()` says why and
 * the sandbox keeps only the per-process rlimits (see README.md).
 */

const ROOT = "/sys/fs/cgroup";
const CONTROLLERS = ["memory", "pids", "cpu"] as const;
type Controller = (typeof CONTROLLERS)[number];
/** processes of the sandbox's own (bwrap monitor and init, the supervisor S, the zygote Z, the next job's P) */
export const SANDBOX_OWN_PROCESSES = 5;
/** room for S's buffers (result channel up to 4 MiB), the next job's P, page tables */
const MEMORY_SLACK = 48 * 1024 * 1024;
const CPU_PERIOD_US = 100_000;
/** the kernel's weight of one ordinary process (cpu.shares of a group nobody configured) */
const CPU_SHARES_PER_PROCESS = 1024;
const CPU_SHARES_MAX = 262_144;
/** The kernel's weight of a process at each nice value, -20 … 19 (sched_prio_to_weight in kernel/sched/core.c). */
const NICE_WEIGHTS = [
  88761, 71755, 56483, 46273, 36291, 29154, 23254, 18705, 14949, 11916, 9548, 7620, 6100, 4904, 3906, 3121, 2501, 1991, 1586, 1277,
  1024, 820, 655, 526, 423, 335, 272, 215, 172, 137, 110, 87, 70, 56, 45, 36, 29, 23, 18, 15,
];
/** What one of this server's processes weighs: its nice value's weight (a grader run with GRADER_NICE weighs less). */
const processWeight = () => NICE_WEIGHTS[Math.min(39, Math.max(0, os.getPriority() + 20))]!;

export type CgroupSupport = { ok: true; bases: Record<Controller, string> } | { ok: false; reason: string };

function ownPath(controller: string, procSelfCgroup: string): string | null {
  for (const line of procSelfCgroup.split("\n")) {
    const [, list, p] = line.split(":");
    if (list?.split(",").includes(controller)) return p ?? "/";
  }
  return null;
}

let cached: CgroupSupport | null = null;

export function cgroupSupport(): CgroupSupport {
  if (cached) return cached;
  if (!config().sandbox.cgroups) return (cached = { ok: false, reason: "FORJA_SANDBOX_CGROUPS=0" });
  if (process.getuid?.() !== 0) return (cached = { ok: false, reason: "o servidor não roda como root" });
  let self = "";
  try {
    self = fs.readFileSync("/proc/self/cgroup", "utf8");
  } catch {
    return (cached = { ok: false, reason: "/proc/self/cgroup ilegível" });
  }
  const bases = {} as Record<Controller, string>;
  for (const c of CONTROLLERS) {
    const own = ownPath(c, self);
    const dir = own === null ? null : path.join(ROOT, c, own);
    if (!dir || !fs.existsSync(path.join(dir, "cgroup.procs"))) return (cached = { ok: false, reason: `controlador cgroup v1 "${c}" ausente` });
    bases[c] = path.join(dir, `forja-${process.pid}`);
  }
  for (const c of CONTROLLERS) removeStale(path.dirname(bases[c]));
  try {
    for (const c of CONTROLLERS) fs.mkdirSync(bases[c], { recursive: true });
  } catch (err) {
    return (cached = { ok: false, reason: `não foi possível criar cgroups: ${(err as Error).message}` });
  }
  return (cached = { ok: true, bases });
}

/** Empty groups left by servers that exited before their zygotes' groups could be removed. */
function removeStale(parent: string): void {
  let names: string[] = [];
  try {
    names = fs.readdirSync(parent).filter((n) => /^forja-\d+$/.test(n));
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(name.slice("forja-".length));
    try {
      process.kill(pid, 0);
      continue; // still running
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "EPERM") continue;
    }
    const dir = path.join(parent, name);
    try {
      for (const sub of fs.readdirSync(dir, { withFileTypes: true })) if (sub.isDirectory()) fs.rmdirSync(path.join(dir, sub.name));
      fs.rmdirSync(dir);
    } catch {
      /* a process is still in it: left for a later sweep */
    }
  }
}

/**
 * The zygote groups of this process: how many were named (each gets the next number) and how many are alive (their
 * parent's weight is one process per zygote). Process-wide, not per module copy: a Next.js server loads this module
 * twice (instrumentation's in-process worker, the route handlers), and two copies that each counted from z1 put two
 * pools' zygotes in the same groups, whose process limit then made the jobs' forks fail (a platform failure).
 */
const zygotes = processWide("zygote-groups", () => ({ named: 0, live: 0 }));

/**
 * With group scheduling, the `forja-<pid>` group as a whole competes with each process of the server's own group as
 * one process would (cpu.shares 1024): under load all zygotes together got the CPU of one ordinary process, so jobs
 * (and the reference jobs of Python-declared checkers) ran past their wall limits where they did not without cgroups.
 * The group's weight is one process per live zygote, at this server's own priority (its nice value's weight), so a
 * job weighs what the same process would outside.
 */
function weighParent(cpuDir: string): void {
  try {
    write(path.join(path.dirname(cpuDir), "cpu.shares"), Math.min(CPU_SHARES_MAX, Math.max(2, Math.max(1, zygotes.live) * processWeight())));
  } catch {
    /* best effort, as every cgroup write */
  }
}

const write = (file: string, value: string | number) => fs.writeFileSync(file, String(value));
const readNumber = (file: string) => Number(fs.readFileSync(file, "utf8").trim());

/**
 * One zygote's groups, reused by all its jobs (each job is the only one in it while it runs). Every method is best
 * effort: a failing cgroup file never fails a job. The per-job files stay open and the limits are written only when
 * they differ from the last ones applied (a job's limits are the question's: most jobs repeat them).
 */
export class ZygoteCgroup {
  readonly dirs: Record<Controller, string>;
  private baseline = 0;
  private removed = false;
  private readonly fds = new Map<string, number>();
  /** the pids.max / memory.limit_in_bytes pair the kernel accepted last */
  private applied: string | null = null;

  private constructor(bases: Record<Controller, string>) {
    const name = `z${++zygotes.named}`;
    this.dirs = Object.fromEntries(CONTROLLERS.map((c) => [c, path.join(bases[c], name)])) as Record<Controller, string>;
    for (const c of CONTROLLERS) fs.mkdirSync(this.dirs[c], { recursive: true });
    write(path.join(this.dirs.cpu, "cpu.cfs_period_us"), CPU_PERIOD_US);
    write(path.join(this.dirs.cpu, "cpu.cfs_quota_us"), CPU_PERIOD_US); // one core per job, whatever it forks
    write(path.join(this.dirs.cpu, "cpu.shares"), CPU_SHARES_PER_PROCESS);
    zygotes.live++;
    weighParent(this.dirs.cpu);
  }

  static create(): ZygoteCgroup | null {
    const support = cgroupSupport();
    if (!support.ok) return null;
    try {
      return new ZygoteCgroup(support.bases);
    } catch {
      return null;
    }
  }

  /** files a wrapper writes its own pid into before exec'ing bwrap (so nothing escapes the groups) */
  get procsFiles(): string[] {
    return CONTROLLERS.map((c) => path.join(this.dirs[c], "cgroup.procs"));
  }

  /** call when the zygote is ready: what it holds then is the part every job inherits */
  measureBaseline(): void {
    try {
      this.baseline = readNumber(path.join(this.dirs.memory, "memory.usage_in_bytes"));
    } catch {
      this.baseline = 0;
    }
  }

  private fd(controller: Controller, file: string): number {
    const key = `${controller}/${file}`;
    let fd = this.fds.get(key);
    if (fd === undefined) {
      fd = fs.openSync(path.join(this.dirs[controller], file), "r+");
      this.fds.set(key, fd);
    }
    return fd;
  }

  private put(controller: Controller, file: string, value: number): void {
    fs.writeSync(this.fd(controller, file), String(value), 0);
  }

  private get(controller: Controller, file: string): string {
    const buf = Buffer.alloc(1024);
    return buf.toString("utf8", 0, fs.readSync(this.fd(controller, file), buf, 0, buf.length, 0));
  }

  /** set the group's limits for the next job; returns the oom-kill count to compare with after the job */
  prepare(limits: { memory_mb: number; processes: number }, tmpKb: number): number {
    const pids = limits.processes + SANDBOX_OWN_PROCESSES;
    const bytes = this.baseline + limits.memory_mb * 1024 * 1024 + tmpKb * 1024 + MEMORY_SLACK;
    try {
      if (this.applied !== `${pids}/${bytes}`) {
        this.applied = null;
        this.put("pids", "pids.max", pids);
        this.put("memory", "memory.limit_in_bytes", bytes);
        this.applied = `${pids}/${bytes}`;
      }
      this.put("memory", "memory.max_usage_in_bytes", 0);
    } catch {
      /* e.g. EBUSY while the previous job's pages are still being freed: the earlier limit stays (tried again next job) */
    }
    return this.oomKills();
  }

  oomKills(): number {
    try {
      const m = /^oom_kill (\d+)/m.exec(this.get("memory", "memory.oom_control"));
      return m ? Number(m[1]) : 0;
    } catch {
      return 0;
    }
  }

  /** peak memory of the group during the last job, above the baseline, KiB */
  peakKb(): number | null {
    try {
      return Math.max(0, Math.round((Number(this.get("memory", "memory.max_usage_in_bytes").trim()) - this.baseline) / 1024));
    } catch {
      return null;
    }
  }

  /** remove the groups once their processes are gone (retries briefly; never keeps the process alive) */
  remove(attempt = 0): void {
    if (!this.removed) {
      this.removed = true;
      for (const fd of this.fds.values()) fs.closeSync(fd);
      this.fds.clear();
      zygotes.live--;
      weighParent(this.dirs.cpu);
    }
    const left = CONTROLLERS.filter((c) => {
      try {
        fs.rmdirSync(this.dirs[c]);
        return false;
      } catch (err) {
        return (err as NodeJS.ErrnoException).code !== "ENOENT";
      }
    });
    if (left.length && attempt < 20) setTimeout(() => this.remove(attempt + 1), 100).unref();
  }
}
