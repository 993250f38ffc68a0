import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { config, systemPath } from "@/platform/config";

export interface PythonInfo {
  /** real path of the interpreter binary */
  executable: string;
  version: string;
  numpy: string;
  /** directories (and files) the interpreter needs, bound read-only into the sandbox */
  readOnlyPaths: string[];
}

const PROBE = [
  "import json, os, sys, numpy",
  "print(json.dumps({'executable': os.path.realpath(sys.executable), 'version': sys.version.split()[0],",
  " 'numpy': numpy.__version__, 'numpy_dir': os.path.dirname(os.path.dirname(os.path.realpath(numpy.__file__))),",
  " 'prefixes': sorted({sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}),",
  " 'stdlib': os.path.dirname(os.path.realpath(os.__file__))}))",
].join("\n");

/** What the sandbox's host side looks programs up with: the system's PATH and FORJA_PYTHON (platform/config.ts). */
export function sandboxHostEnv(): NodeJS.ProcessEnv {
  return { PATH: systemPath(), FORJA_PYTHON: config().sandbox.python } as unknown as NodeJS.ProcessEnv;
}

/** Candidates in order: $FORJA_PYTHON, python3 on PATH (e.g. a pyenv build), Debian's /usr/bin/python3 (python3-numpy). */
export function pythonCandidates(env: NodeJS.ProcessEnv = sandboxHostEnv()): string[] {
  const list = [env.FORJA_PYTHON, "python3", "/usr/bin/python3"].filter((c): c is string => Boolean(c));
  return [...new Set(list)];
}

/** Directories a prefix contributes: a system prefix (/usr, /usr/local) only through its lib dirs, never whole. */
export function pathsForPrefixes(prefixes: string[], stdlib: string, numpyDir: string, executable: string): string[] {
  const system = new Set(["/usr", "/usr/local", "/"]);
  const out = new Set<string>([executable, stdlib, numpyDir]);
  for (const prefix of prefixes) {
    if (!system.has(prefix)) out.add(prefix);
  }
  // drop paths already inside another listed directory
  const sorted = [...out].sort();
  return sorted.filter((p) => !sorted.some((q) => q !== p && p.startsWith(q.endsWith("/") ? q : q + "/")));
}

/** Run each candidate and keep the first that imports numpy. */
export function detectPython(env: NodeJS.ProcessEnv = sandboxHostEnv()): PythonInfo {
  const failures: string[] = [];
  for (const candidate of pythonCandidates(env)) {
    try {
      const raw = execFileSync(candidate, ["-I", "-c", PROBE], {
        encoding: "utf8",
        timeout: 20_000,
        env: { PATH: env.PATH ?? "/usr/bin:/bin", HOME: env.HOME ?? "/", PYENV_VERSION: env.PYENV_VERSION ?? "" } as unknown as NodeJS.ProcessEnv,
        stdio: ["ignore", "pipe", "pipe"],
      });
      const probe = JSON.parse(raw.trim().split("\n").pop() ?? "{}");
      return {
        executable: probe.executable,
        version: probe.version,
        numpy: probe.numpy,
        readOnlyPaths: pathsForPrefixes(probe.prefixes, probe.stdlib, probe.numpy_dir, probe.executable),
      };
    } catch (err) {
      failures.push(`${candidate}: ${(err as Error).message.split("\n")[0]}`);
    }
  }
  throw new Error(
    `Nenhum python3 com numpy encontrado (tentados: ${failures.join("; ")}). ` +
      "Instale numpy no python3 do PATH ou `apt-get install -y python3-numpy`, ou defina FORJA_PYTHON.",
  );
}

/** Absolute path of an executable on PATH, or null. */
export function which(name: string, env: NodeJS.ProcessEnv = sandboxHostEnv()): string | null {
  for (const dir of (env.PATH ?? "/usr/bin:/bin").split(path.delimiter)) {
    if (!dir) continue;
    const full = path.join(dir, name);
    try {
      fs.accessSync(full, fs.constants.X_OK);
      return full;
    } catch {
      /* keep looking */
    }
  }
  return null;
}
