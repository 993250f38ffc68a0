import { spawn } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");

export interface RunOptions {
  /** default: the repository */
  cwd?: string;
  /** default: this process's */
  env?: NodeJS.ProcessEnv;
  /** copy the command's output to our stderr as it comes (a long command's progress; our stdout stays the bench's own) */
  echo?: boolean;
}

/** Runs a command to its end and returns its stdout, trimmed; its stderr goes to ours. Rejects unless it exits 0. */
export function run(command: string, args: string[], { cwd = ROOT, env = process.env, echo = false }: RunOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d;
      if (echo) process.stderr.write(d);
    });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`${command} ${args.join(" ")}${cwd === ROOT ? "" : ` in ${cwd}`} exited ${code}`))));
  });
}
