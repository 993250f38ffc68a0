import fs from "node:fs";
import path from "node:path";
import type { PythonInfo } from "./interpreter";

/** Inside the sandbox the trusted Python files live here, bound read-only; nothing else of the project is visible. */
export const SANDBOX_CODE_DIR = "/sandbox";
export const NOBODY_UID = 65534;

export const SANDBOX_ENV: Record<string, string> = {
  PATH: "/usr/bin:/bin",
  HOME: "/tmp",
  LANG: "C.UTF-8",
  LC_ALL: "C.UTF-8",
  OPENBLAS_NUM_THREADS: "1",
  OMP_NUM_THREADS: "1",
  MKL_NUM_THREADS: "1",
  NUMEXPR_NUM_THREADS: "1",
  PYTHONDONTWRITEBYTECODE: "1",
  PYTHONHASHSEED: "0",
};

export interface BwrapOptions {
  python: PythonInfo;
  /** directory holding zygote.py and harness.py */
  codeDir: string;
  /** the server's uid: when 0, the zygote drops to `dropToUid` itself (bwrap keeps CAP_SETUID/SETGID for that) */
  hostUid: number;
  dropToUid?: number;
  tmpKb: number;
  /** fd (open in bwrap) holding the zygote's seccomp program */
  seccompFd?: number;
  /** lets tests check what exists on the host */
  exists?: (p: string) => fs.Stats | null;
}

function statOrNull(p: string): fs.Stats | null {
  try {
    return fs.lstatSync(p);
  } catch {
    return null;
  }
}

/** "/a/b/c" -> ["/a", "/a/b"] */
export function ancestors(p: string): string[] {
  const parts = p.split("/").filter(Boolean);
  return parts.slice(0, -1).map((_, i) => "/" + parts.slice(0, i + 1).join("/"));
}

/** bwrap argv (without the program name) that starts one zygote. Pure apart from stat calls. */
export function bwrapArgs(opts: BwrapOptions): string[] {
  const exists = opts.exists ?? statOrNull;
  const args = [
    "--unshare-ipc",
    "--unshare-pid",
    "--unshare-net",
    "--unshare-uts",
    "--unshare-cgroup-try",
    "--die-with-parent",
    "--new-session",
    "--clearenv",
    "--hostname",
    "forja-sandbox",
  ];
  if (opts.hostUid === 0) {
    // Without a user namespace bwrap drops every capability except these; the zygote uses them
    // once, to become NOBODY_UID, and holds none afterwards.
    args.push("--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID");
  } else {
    args.push("--unshare-user");
  }
  for (const [k, v] of Object.entries(SANDBOX_ENV)) args.push("--setenv", k, v);
  // bwrap would copy the host's modes for missing parents (/root is 0700) and the unprivileged job
  // could not traverse them: create every parent world-traversable (read-only, since / is remounted ro)
  const made = new Set<string>();
  const bind = (p: string) => {
    for (const dir of ancestors(p)) {
      if (made.has(dir)) continue;
      made.add(dir);
      args.push("--perms", "0755", "--dir", dir);
    }
    args.push("--ro-bind", p, p);
  };
  const roDirs = ["/usr/lib", "/usr/lib64", "/usr/lib32", "/etc/alternatives", "/etc/ld.so.cache"];
  for (const dir of roDirs) if (exists(dir)) bind(dir);
  // merged-/usr systems have /lib -> usr/lib; older ones have real directories
  for (const top of ["/lib", "/lib64", "/lib32"]) {
    const st = exists(top);
    if (!st) continue;
    if (st.isSymbolicLink()) args.push("--symlink", fs.readlinkSync(top), top);
    else args.push("--ro-bind", top, top);
  }
  for (const p of opts.python.readOnlyPaths) {
    if (!roDirs.some((d) => p === d || p.startsWith(d + "/"))) bind(p);
  }
  args.push("--perms", "0755", "--dir", SANDBOX_CODE_DIR);
  args.push(
    "--ro-bind", path.join(opts.codeDir, "zygote.py"), `${SANDBOX_CODE_DIR}/zygote.py`,
    "--ro-bind", path.join(opts.codeDir, "harness.py"), `${SANDBOX_CODE_DIR}/harness.py`,
    "--proc", "/proc",
    "--dev", "/dev",
    "--tmpfs", "/tmp",
    "--remount-ro", "/dev",
    "--remount-ro", "/",
    "--chdir", "/tmp",
    ...(opts.seccompFd === undefined ? [] : ["--seccomp", String(opts.seccompFd)]),
    "--",
    opts.python.executable, "-I", "-B", `${SANDBOX_CODE_DIR}/zygote.py`, "--tmp-kb", String(opts.tmpKb),
  );
  if (opts.hostUid === 0) args.push("--drop-to-uid", String(opts.dropToUid ?? NOBODY_UID));
  return args;
}
