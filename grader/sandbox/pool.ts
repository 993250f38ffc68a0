import { spawn, type ChildProcessWithoutNullStreams, type StdioOptions } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fs from "node:fs";
import { bwrapArgs, SANDBOX_ENV } from "./bwrap";
import { cgroupSupport, ZygoteCgroup } from "./cgroup";
import { currentOwner } from "./owner";
import { jobFilter, SECCOMP_SUPPORTED, zygoteFilter } from "./seccomp";
import { detectPython, sandboxHostEnv, which, type PythonInfo } from "./interpreter";
import { encodeJob, FrameReader, parseResultChannel, splitHeader } from "./protocol";
import { DEFAULT_LIMITS, type SandboxJob, type SandboxLimits, type SandboxResult, type SandboxStatus } from "./types";
import { CODE_JOBS_PER_CORE, config } from "@/platform/config";
import { openOnce, type OpenOnce } from "@/platform/process-wide";

const CODE_DIR = path.dirname(fileURLToPath(import.meta.url));
const SIGKILL = 9;
/** grace beyond the job's own wall limit before the server kills a whole zygote */
const WATCHDOG_MARGIN_MS = 3000;
const READY_TIMEOUT_MS = 30_000;
/** The wrapper that puts itself into the zygote's cgroups before exec'ing bwrap, so nothing forked escapes them. */
const CGROUP_WRAPPER = 'n=$1; shift; while [ "$n" -gt 0 ]; do echo $$ > "$1" || exit 97; shift; n=$((n-1)); done; exec "$@"';
/** bwrap reads the zygote's seccomp program from this fd (`--seccomp 3`) */
export const SECCOMP_FD = 3;

let seccompFile: string | null = null;
/** the zygote filter, written once per server process to a private file that every bwrap reads through fd 3 */
function seccompProgramFile(): string {
  if (!seccompFile) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "forja-seccomp-"));
    seccompFile = path.join(dir, "zygote.bpf");
    fs.writeFileSync(seccompFile, zygoteFilter(), { mode: 0o600 });
  }
  return seccompFile;
}

interface ZygoteSetup {
  command: string;
  args: string[];
  /** per-zygote cgroups (null: the host has none we can use) */
  cgroups: boolean;
  /** pass the seccomp program on fd 3 */
  seccomp: boolean;
  tmpKb: number;
}

export class SandboxUnavailableError extends Error {}

/** The pool refuses a job of an owner (a student) now: `owner` = that owner's queue is full (429), `server` = all are. */
export class SandboxBusyError extends Error {
  constructor(
    readonly scope: "owner" | "server",
    readonly retryAfterSeconds: number,
  ) {
    super(scope === "owner" ? "too many code runs of this student in progress" : "the code sandbox is saturated");
  }
}

/** Jobs started outside runAsOwner/runAsPlatform (the worker, regrades): one round-robin slot of their own, never refused. */
const NO_OWNER = "";

export interface SandboxOptions {
  /** zygotes running jobs at once (default: CODE_JOBS_PER_CORE per core) */
  concurrency?: number;
  /** defaults for every job; a job's own limits override them */
  limits?: Partial<SandboxLimits>;
  /** size of each job's private /tmp, KiB */
  tmpKb?: number;
  /** run without bwrap (development only); default: env ALLOW_UNSANDBOXED_DEV === "1" */
  allowUnsandboxed?: boolean;
  /** start a new bwrap + python for every job (the slow baseline of the benchmark) */
  coldStart?: boolean;
  /** zygotes one owner may use at once (default: half the pool, at least 1) */
  perOwnerConcurrency?: number;
  /** jobs one owner may have waiting; more are refused with SandboxBusyError("owner") (default 4) */
  maxQueuedPerOwner?: number;
  /** owned jobs waiting in all; more are refused with SandboxBusyError("server") (default 16 per zygote) */
  maxQueued?: number;
  python?: PythonInfo;
  env?: NodeJS.ProcessEnv;
}

interface Pending {
  id: number;
  owner: string;
  /** a student's job (runAsOwner): counted in the bounded queues and the per-owner concurrency */
  bounded: boolean;
  job: SandboxJob;
  limits: SandboxLimits;
  resolve: (r: SandboxResult) => void;
  started?: { at: number };
}

function internal(detail: string): SandboxResult {
  return { status: "internal", error: null, cases: [], stdout: "", stderr: "", wallMs: 0, cpuMs: 0, exitCode: null, signal: null, detail };
}

/** One zygote process (a bwrap holding a warm python) that runs one job at a time. */
class Zygote {
  private proc: ChildProcessWithoutNullStreams;
  private reader = new FrameReader(64 * 1024 * 1024);
  private current: { pending: Pending; timer: NodeJS.Timeout } | null = null;
  private stderrTail = "";
  private readonly cgroup: ZygoteCgroup | null;
  private oomBefore = 0;
  readonly ready: Promise<void>;
  alive = true;

  constructor(private readonly setup: ZygoteSetup, private readonly onIdle: (z: Zygote) => void) {
    this.cgroup = setup.cgroups ? ZygoteCgroup.create() : null;
    let command = setup.command;
    let args = setup.args;
    if (this.cgroup) {
      const files = this.cgroup.procsFiles;
      args = ["-c", CGROUP_WRAPPER, "sh", String(files.length), ...files, command, ...args];
      command = "/bin/sh";
    }
    const seccompFd = setup.seccomp ? fs.openSync(seccompProgramFile(), "r") : null;
    const stdio: StdioOptions = seccompFd === null ? ["pipe", "pipe", "pipe"] : ["pipe", "pipe", "pipe", seccompFd];
    try {
      this.proc = spawn(command, args, { stdio, env: {} as NodeJS.ProcessEnv, detached: true }) as unknown as ChildProcessWithoutNullStreams;
    } finally {
      if (seccompFd !== null) fs.closeSync(seccompFd);
    }
    // An idle pool must not keep the server or a CLI alive: only a running job's watchdog timer does.
    // (bwrap --die-with-parent takes the zygote down when this process exits.)
    this.proc.unref();
    for (const stream of [this.proc.stdin, this.proc.stdout, this.proc.stderr]) (stream as unknown as { unref?: () => void }).unref?.();
    let markReady!: () => void;
    let fail!: (e: Error) => void;
    this.ready = new Promise((res, rej) => ((markReady = res), (fail = rej)));
    const readyTimer = setTimeout(() => fail(new Error(`sandbox não ficou pronta em ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
    this.proc.stdout.on("data", (chunk: Buffer) => {
      let frames: Buffer[];
      try {
        frames = this.reader.push(chunk);
      } catch (err) {
        this.kill(`protocolo inválido: ${(err as Error).message}`);
        return;
      }
      for (const frame of frames) {
        const { header, blob } = splitHeader(frame);
        if (header.ready) {
          clearTimeout(readyTimer);
          this.cgroup?.measureBaseline();
          markReady();
        } else this.finish(header, blob);
      }
    });
    this.proc.stderr.on("data", (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString("utf8")).slice(-2000);
    });
    this.proc.stdin.on("error", () => {});
    this.proc.on("exit", (code, signal) => {
      this.alive = false;
      clearTimeout(readyTimer);
      const why = `zygote terminou (código ${code}, sinal ${signal}) ${this.stderrTail.trim()}`.trim();
      fail(new Error(why));
      this.cgroup?.remove();
      if (this.current) {
        clearTimeout(this.current.timer);
        const { pending } = this.current;
        this.current = null;
        pending.resolve(internal(why));
      }
      this.onIdle(this);
    });
  }

  get idle(): boolean {
    return this.alive && this.current === null;
  }

  /** Take a job now (the zygote counts as busy at once); it is written once the zygote is ready. */
  run(pending: Pending): void {
    const timer = setTimeout(() => this.kill("watchdog: o job não respondeu a tempo"), pending.limits.wall_ms + WATCHDOG_MARGIN_MS + READY_TIMEOUT_MS);
    this.current = { pending, timer };
    this.ready.then(
      () => {
        if (this.current?.pending !== pending) return;
        clearTimeout(timer);
        this.current.timer = setTimeout(() => this.kill("watchdog: o job não respondeu a tempo"), pending.limits.wall_ms + WATCHDOG_MARGIN_MS);
        this.oomBefore = this.cgroup?.prepare(pending.limits, this.setup.tmpKb) ?? 0;
        this.proc.stdin.write(encodeJob(pending.id, pending.job, pending.limits));
      },
      () => {},
    );
  }

  private finish(header: Record<string, unknown>, blob: Buffer): void {
    if (!this.current || header.id !== this.current.pending.id) {
      this.kill("resposta fora de ordem");
      return;
    }
    const { pending, timer } = this.current;
    clearTimeout(timer);
    this.current = null;
    const tree = this.cgroup ? { oomKilled: this.cgroup.oomKills() > this.oomBefore, peakKb: this.cgroup.peakKb() } : undefined;
    pending.resolve(toResult(header, blob, pending, tree));
    this.onIdle(this);
  }

  kill(reason: string): void {
    this.stderrTail += `\n${reason}`;
    try {
      if (this.proc.pid) process.kill(-this.proc.pid, "SIGKILL");
    } catch {
      this.proc.kill("SIGKILL");
    }
  }

  /** Close stdin: the zygote exits after its current job. */
  async close(): Promise<void> {
    if (!this.alive) return;
    const exited = new Promise<void>((res) => this.proc.once("exit", () => res()));
    this.proc.stdin.end();
    const timer = setTimeout(() => this.kill("close"), 2000);
    await exited;
    clearTimeout(timer);
  }
}

/** What the job's cgroup saw: whether the kernel killed one of its processes for memory, and its peak. */
export interface TreeUsage {
  oomKilled: boolean;
  peakKb: number | null;
}

export function toResult(header: Record<string, unknown>, blob: Buffer, pending: Pending, tree?: TreeUsage): SandboxResult {
  if (typeof header.internal === "string") return internal(header.internal);
  const channel = parseResultChannel(blob, pending.job.cases.length, pending.job.outputs);
  const num = (v: unknown) => (typeof v === "number" ? v : null);
  const signal = num(header.signal);
  const cpuMs = num(header.cpuMs) ?? 0;
  const cpuLimitMs = Math.max(1, Math.ceil(pending.limits.cpu_ms / 1000)) * 1000;
  const memoryHit =
    tree?.oomKilled || channel.error?.stage === "memory" || channel.error?.memory || channel.cases.some((c) => c.error?.memory);
  let status: SandboxStatus;
  if (header.hint === "timeout") status = "timeout";
  else if (header.hint === "output-limit" || header.hint === "result-limit") status = "output-limit";
  // RLIMIT_CPU kills with SIGKILL. Under machine load the job's CPU time may not be fully accounted to the process
  // we wait for (it can die before reaping its child), but a SIGKILL after at least the CPU limit in wall time is
  // still the CPU limit (wall time never runs slower than CPU time); a quick SIGKILL is not.
  else if (tree?.oomKilled) status = "memory-limit"; // the kernel killed a process of the job's tree for memory
  else if (signal === SIGKILL && Math.max(cpuMs, num(header.wallMs) ?? 0) >= cpuLimitMs * 0.95) status = "cpu-limit";
  else if (memoryHit) status = "memory-limit";
  else if (signal !== null) status = "crashed";
  else if (channel.error) status = "error";
  else if (!channel.done || channel.malformed) status = "exited";
  else status = "ok";
  return {
    status,
    error: channel.error,
    cases: channel.cases,
    stdout: String(header.stdout ?? ""),
    stderr: String(header.stderr ?? ""),
    wallMs: num(header.wallMs) ?? 0,
    cpuMs,
    exitCode: num(header.exitCode),
    signal,
    ...(tree?.peakKb != null ? { memoryPeakKb: tree.peakKb } : {}),
  };
}

/**
 * Pool of warm zygotes. `run` never throws for anything a submission does; it throws only when the
 * sandbox cannot be used at all (no bwrap, no python with numpy) — never a silent unsandboxed fallback.
 */
export class Sandbox {
  private readonly opts: Required<Pick<SandboxOptions, "concurrency" | "tmpKb" | "coldStart" | "allowUnsandboxed">> & SandboxOptions;
  private readonly defaults: SandboxLimits;
  private zygotes: Zygote[] = [];
  /** waiting jobs per owner; the map's order is the round-robin order (an owner served moves to the end) */
  private queues = new Map<string, Pending[]>();
  private running = new Map<string, number>();
  private queuedOwned = 0;
  /** moving average of a job's time in a zygote, for Retry-After */
  private avgJobMs = 50;
  private nextId = 1;
  private setup: ZygoteSetup | null = null;
  private readonly started: OpenOnce<void> = {};
  private closed = false;
  /** true when jobs run without bwrap (ALLOW_UNSANDBOXED_DEV=1 and no bwrap) */
  unsandboxed = false;
  /** why jobs run without per-job cgroups (null: they have them) */
  cgroupFallback: string | null = null;
  python: PythonInfo | null = null;

  constructor(options: SandboxOptions = {}) {
    this.opts = {
      ...options,
      concurrency: Math.max(1, options.concurrency ?? os.availableParallelism() * CODE_JOBS_PER_CORE),
      tmpKb: options.tmpKb ?? 8192,
      coldStart: options.coldStart ?? false,
      allowUnsandboxed: options.allowUnsandboxed ?? config().sandbox.allowUnsandboxed,
    };
    this.defaults = { ...DEFAULT_LIMITS, ...options.limits };
  }

  get concurrency(): number {
    return this.opts.concurrency;
  }

  /**
   * Starts the zygotes once. A start that failed (bwrap missing, a zygote that did not come up) is not kept: the next
   * job tries again, so a passing failure does not leave the process unable to grade code until it is restarted.
   */
  start(): Promise<void> {
    if (this.closed) return Promise.reject(new Error("sandbox fechada"));
    return openOnce(this.started, () => this.boot());
  }

  private async boot(): Promise<void> {
    const env = this.opts.env ?? sandboxHostEnv();
    const bwrap = which("bwrap", env);
    if (!bwrap && !this.opts.allowUnsandboxed) {
      throw new SandboxUnavailableError(
        "bwrap (bubblewrap) não está instalado: o corretor de código não executa submissões sem sandbox. " +
          "Instale com `apt-get install -y bubblewrap` (ou defina ALLOW_UNSANDBOXED_DEV=1 apenas em desenvolvimento).",
      );
    }
    const python = this.opts.python ?? detectPython(env);
    this.python = python;
    const hostUid = process.getuid?.() ?? 1000;
    const support = cgroupSupport();
    this.cgroupFallback = support.ok ? null : support.reason;
    const jobSeccomp = SECCOMP_SUPPORTED ? ["--job-seccomp", jobFilter().toString("hex")] : [];
    const common = { cgroups: support.ok, tmpKb: this.opts.tmpKb };
    if (bwrap) {
      const seccomp = SECCOMP_SUPPORTED;
      const args = bwrapArgs({ python, codeDir: CODE_DIR, hostUid, tmpKb: this.opts.tmpKb, seccompFd: seccomp ? SECCOMP_FD : undefined });
      this.setup = { ...common, command: bwrap, args: [...args, ...jobSeccomp], seccomp };
    } else {
      this.unsandboxed = true;
      process.emitWarning("ALLOW_UNSANDBOXED_DEV=1: código de alunos rodando SEM sandbox (apenas desenvolvimento)");
      this.setup = {
        ...common,
        seccomp: false,
        command: "/usr/bin/env",
        args: [...Object.entries(SANDBOX_ENV).map(([k, v]) => `${k}=${v}`), python.executable, "-I", "-B", path.join(CODE_DIR, "zygote.py"), "--unsandboxed", ...jobSeccomp],
      };
    }
    if (!this.opts.coldStart) {
      for (let i = 0; i < this.opts.concurrency; i++) this.zygotes.push(this.spawnZygote());
      try {
        await Promise.all(this.zygotes.map((z) => z.ready));
      } catch (err) {
        const failed = this.zygotes;
        this.zygotes = [];
        await Promise.all(failed.map((z) => z.close()));
        throw new SandboxUnavailableError(`a sandbox não iniciou: ${(err as Error).message}`);
      }
    }
  }

  private spawnZygote(): Zygote {
    return new Zygote(this.setup!, () => this.dispatch());
  }

  /** Run one job; resolves with what the submission did (never rejects because of the submission). */
  async run(job: SandboxJob): Promise<SandboxResult> {
    if (this.closed) throw new Error("sandbox fechada");
    await this.start();
    const limits = { ...this.defaults, ...job.limits };
    if (this.opts.coldStart) return this.runCold(job, limits);
    const context = currentOwner();
    const owner = context?.owner ?? NO_OWNER;
    const bounded = context?.bounded ?? false;
    const queue = this.queues.get(owner) ?? [];
    if (bounded) {
      const retryAfter = Math.max(1, Math.ceil(((this.queuedOwned + 1) * this.avgJobMs) / this.opts.concurrency / 1000));
      if (queue.length >= (this.opts.maxQueuedPerOwner ?? 4)) throw new SandboxBusyError("owner", retryAfter);
      if (this.queuedOwned >= (this.opts.maxQueued ?? 16 * this.opts.concurrency)) throw new SandboxBusyError("server", retryAfter);
      this.queuedOwned++;
    }
    return new Promise((resolve) => {
      const started = { at: 0 };
      queue.push({
        id: this.nextId++,
        owner,
        bounded,
        job,
        limits,
        resolve: (r) => {
          if (started.at) {
            this.running.set(owner, (this.running.get(owner) ?? 1) - 1);
            this.avgJobMs = 0.9 * this.avgJobMs + 0.1 * (performance.now() - started.at);
          }
          resolve(r);
        },
        started,
      });
      if (!this.queues.has(owner)) this.queues.set(owner, queue);
      this.dispatch();
    });
  }

  /** The next job in round-robin order among owners below their concurrency, or null. */
  private nextJob(): Pending | null {
    const cap = this.opts.perOwnerConcurrency ?? Math.max(1, Math.floor(this.opts.concurrency / 2));
    for (const [owner, queue] of this.queues) {
      if (queue[0]!.bounded && (this.running.get(owner) ?? 0) >= cap) continue;
      const pending = queue.shift()!;
      this.queues.delete(owner);
      if (queue.length) this.queues.set(owner, queue); // to the end of the round
      if (pending.bounded) this.queuedOwned--;
      this.running.set(owner, (this.running.get(owner) ?? 0) + 1);
      pending.started!.at = performance.now();
      return pending;
    }
    return null;
  }

  private async runCold(job: SandboxJob, limits: SandboxLimits): Promise<SandboxResult> {
    const z = this.spawnZygote();
    try {
      await z.ready;
    } catch (err) {
      return internal((err as Error).message);
    }
    const result = await new Promise<SandboxResult>((resolve) => z.run({ id: this.nextId++, owner: NO_OWNER, bounded: false, job, limits, resolve }));
    await z.close();
    return result;
  }

  private dispatch(): void {
    // replace zygotes that died (killed by the watchdog or crashed)
    this.zygotes = this.zygotes.map((z) => (z.alive || this.closed ? z : this.spawnZygote()));
    for (const z of this.zygotes) {
      if (!z.idle) continue;
      const next = this.nextJob();
      if (!next) return;
      z.run(next);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const waiting = [...this.queues.values()].flat();
    this.queues.clear();
    for (const p of waiting) p.resolve(internal("sandbox fechada"));
    await Promise.all(this.zygotes.map((z) => z.close()));
    this.zygotes = [];
  }
}
