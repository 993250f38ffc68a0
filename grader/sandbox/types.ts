/** Limits enforced on every job (see README.md for how each one is enforced). */
export interface SandboxLimits {
  /** wall-clock time of the job process, ms */
  wall_ms: number;
  /** CPU time, ms (RLIMIT_CPU: rounded up to whole seconds) */
  cpu_ms: number;
  /** address space allowed above the warm interpreter's own, MiB (RLIMIT_AS) */
  memory_mb: number;
  /** processes + threads the job may run at once, itself included (RLIMIT_NPROC, per job user namespace) */
  processes: number;
  /** largest file the job may write, KiB (RLIMIT_FSIZE) */
  file_kb: number;
  /** open file descriptors (RLIMIT_NOFILE) */
  open_files: number;
  /** stdout and stderr captured, bytes each; more kills the job (status output-limit) */
  output_bytes: number;
  /** bytes the job may write on its result channel; more kills the job */
  result_bytes: number;
}

export const DEFAULT_LIMITS: SandboxLimits = {
  wall_ms: 2000,
  cpu_ms: 1000,
  memory_mb: 256,
  processes: 8,
  file_kb: 1024,
  open_files: 64,
  output_bytes: 64 * 1024,
  result_bytes: 4 * 1024 * 1024,
};

export type Scalar = number;

export interface Float64Tensor {
  shape: number[];
  data: Float64Array;
}

/** One call of the student's code: `returns = call(*args)`; args name case inputs or earlier returns. */
export interface CallStep {
  call: string;
  args: string[];
  returns: string[];
}

export interface SandboxCase {
  arrays: Record<string, Float64Tensor>;
  scalars: Record<string, Scalar>;
}

export interface SandboxJob {
  source: string;
  /** names that must exist and be callable after the module runs */
  required: string[];
  plan: CallStep[];
  /** values (from returns) sent back for grading, converted to float64 arrays */
  outputs: string[];
  cases: SandboxCase[];
  limits?: Partial<SandboxLimits>;
}

/** What the student's code produced for one case. */
export interface CaseOutcome {
  index: number;
  values: Record<string, Float64Tensor | { error: string; type: string }>;
  error: StudentError | null;
}

export interface StudentError {
  stage: "syntax" | "load" | "call" | "returns" | "missing" | "memory";
  exc?: string;
  message?: string;
  line?: number | null;
  offset?: number | null;
  code?: string | null;
  fn?: string;
  function?: string | null;
  memory?: boolean;
  expected?: number;
  got?: number | string;
  names?: string[];
}

export type SandboxStatus =
  | "ok" // the harness ran every case (individual cases may still carry errors)
  | "error" // syntax error, exception at import time, or missing names: no case ran
  | "timeout"
  | "cpu-limit"
  | "memory-limit"
  | "output-limit"
  | "crashed" // killed by a signal (segfault, abort...)
  | "exited" // the process ended before finishing (os._exit, exit code)
  | "internal"; // the sandbox itself failed

export interface SandboxResult {
  status: SandboxStatus;
  /** set when status is error (or a memory error) */
  error: StudentError | null;
  cases: CaseOutcome[];
  stdout: string;
  stderr: string;
  wallMs: number;
  cpuMs: number;
  exitCode: number | null;
  signal: number | null;
  /** peak memory of the job's whole process tree (its cgroup), KiB above the warm interpreter; absent without cgroups */
  memoryPeakKb?: number;
  /** human detail for internal failures */
  detail?: string;
}
