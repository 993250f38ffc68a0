import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bwrapArgs, SANDBOX_ENV } from "./bwrap";
import { detectPython, which, type PythonInfo } from "./interpreter";
import { encodeJob, FrameReader, parseResultChannel, splitHeader } from "./protocol";
import { DEFAULT_LIMITS, type SandboxJob, type SandboxLimits, type SandboxResult, type SandboxStatus } from "./types";

const CODE_DIR = path.dirname(fileURLToPath(import.meta.url));
const SIGKILL = 9;
/** grace beyond the job's own wall limit before the server kills a whole zygote */
const WATCHDOG_MARGIN_MS = 3000;
const READY_TIMEOUT_MS = 30_000;

export class SandboxUnavailableError extends Error {}

export interface SandboxOptions {
  /** zygotes running jobs at once (default: number of cores) */
  concurrency?: number;
  /** defaults for every job; a job's own limits override them */
  limits?: Partial<SandboxLimits>;
  /** size of each job's private /tmp, KiB */
  tmpKb?: number;
  /** run without bwrap (development only); default: env ALLOW_UNSANDBOXED_DEV === "1" */
  allowUnsandboxed?: boolean;
  /** start a new bwrap + python for every job (the slow baseline of the benchmark) */
  coldStart?: boolean;
  python?: PythonInfo;
  env?: NodeJS.ProcessEnv;
}

interface Pending {
  id: number;
  job: SandboxJob;
  limits: SandboxLimits;
  resolve: (r: SandboxResult) => void;
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
  readonly ready: Promise<void>;
  alive = true;

  constructor(command: string, args: string[], private readonly onIdle: (z: Zygote) => void) {
    this.proc = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"], env: {} as NodeJS.ProcessEnv, detached: true });
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
    pending.resolve(toResult(header, blob, pending));
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

export function toResult(header: Record<string, unknown>, blob: Buffer, pending: Pending): SandboxResult {
  if (typeof header.internal === "string") return internal(header.internal);
  const channel = parseResultChannel(blob, pending.job.cases.length, pending.job.outputs);
  const num = (v: unknown) => (typeof v === "number" ? v : null);
  const signal = num(header.signal);
  const cpuMs = num(header.cpuMs) ?? 0;
  const cpuLimitMs = Math.max(1, Math.ceil(pending.limits.cpu_ms / 1000)) * 1000;
  const memoryHit = channel.error?.stage === "memory" || channel.error?.memory || channel.cases.some((c) => c.error?.memory);
  let status: SandboxStatus;
  if (header.hint === "timeout") status = "timeout";
  else if (header.hint === "output-limit" || header.hint === "result-limit") status = "output-limit";
  // RLIMIT_CPU kills with SIGKILL. Under machine load the job's CPU time may not be fully accounted to the process
  // we wait for (it can die before reaping its child), but a SIGKILL after at least the CPU limit in wall time is
  // still the CPU limit (wall time never runs slower than CPU time); a quick SIGKILL is not.
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
  private queue: Pending[] = [];
  private nextId = 1;
  private command: { cmd: string; args: string[] } | null = null;
  private started: Promise<void> | null = null;
  private closed = false;
  /** true when jobs run without bwrap (ALLOW_UNSANDBOXED_DEV=1 and no bwrap) */
  unsandboxed = false;
  python: PythonInfo | null = null;

  constructor(options: SandboxOptions = {}) {
    const env = options.env ?? process.env;
    this.opts = {
      ...options,
      concurrency: Math.max(1, options.concurrency ?? os.availableParallelism()),
      tmpKb: options.tmpKb ?? 8192,
      coldStart: options.coldStart ?? false,
      allowUnsandboxed: options.allowUnsandboxed ?? env.ALLOW_UNSANDBOXED_DEV === "1",
    };
    this.defaults = { ...DEFAULT_LIMITS, ...options.limits };
  }

  get concurrency(): number {
    return this.opts.concurrency;
  }

  start(): Promise<void> {
    this.started ??= this.boot();
    return this.started;
  }

  private async boot(): Promise<void> {
    const env = this.opts.env ?? process.env;
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
    if (bwrap) {
      this.command = { cmd: bwrap, args: bwrapArgs({ python, codeDir: CODE_DIR, hostUid, tmpKb: this.opts.tmpKb }) };
    } else {
      this.unsandboxed = true;
      process.emitWarning("ALLOW_UNSANDBOXED_DEV=1: código de alunos rodando SEM sandbox (apenas desenvolvimento)");
      this.command = {
        cmd: "/usr/bin/env",
        args: [...Object.entries(SANDBOX_ENV).map(([k, v]) => `${k}=${v}`), python.executable, "-I", "-B", path.join(CODE_DIR, "zygote.py"), "--unsandboxed"],
      };
    }
    if (!this.opts.coldStart) {
      for (let i = 0; i < this.opts.concurrency; i++) this.zygotes.push(this.spawnZygote());
      try {
        await Promise.all(this.zygotes.map((z) => z.ready));
      } catch (err) {
        await this.close();
        throw new SandboxUnavailableError(`a sandbox não iniciou: ${(err as Error).message}`);
      }
    }
  }

  private spawnZygote(): Zygote {
    const { cmd, args } = this.command!;
    return new Zygote(cmd, args, () => this.dispatch());
  }

  /** Run one job; resolves with what the submission did (never rejects because of the submission). */
  async run(job: SandboxJob): Promise<SandboxResult> {
    if (this.closed) throw new Error("sandbox fechada");
    await this.start();
    const limits = { ...this.defaults, ...job.limits };
    if (this.opts.coldStart) return this.runCold(job, limits);
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, job, limits, resolve });
      this.dispatch();
    });
  }

  private async runCold(job: SandboxJob, limits: SandboxLimits): Promise<SandboxResult> {
    const z = this.spawnZygote();
    try {
      await z.ready;
    } catch (err) {
      return internal((err as Error).message);
    }
    const result = await new Promise<SandboxResult>((resolve) => z.run({ id: this.nextId++, job, limits, resolve }));
    await z.close();
    return result;
  }

  private dispatch(): void {
    // replace zygotes that died (killed by the watchdog or crashed)
    this.zygotes = this.zygotes.map((z) => (z.alive || this.closed ? z : this.spawnZygote()));
    for (const z of this.zygotes) {
      if (!this.queue.length) return;
      if (z.idle) z.run(this.queue.shift()!);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.resolve(internal("sandbox fechada"));
    await Promise.all(this.zygotes.map((z) => z.close()));
    this.zygotes = [];
  }
}
