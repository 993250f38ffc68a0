/**
 * The exam rush of another commit of Forja, run by that commit's own `bench -- exam` in a worktree of it
 * (.data/bench/peer-<commit>, installed and built once), so that a target written as "twice today's requests per
 * second" is a ratio of two rushes on the same machine in the same run: these shared machines differ by 2× from one
 * day to the next, a ratio of back-to-back rushes much less.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { run } from "./command";

/** The code issue #17 measured "today's" rush on (README: 83.2 req/s on the machine of 2026-11-30). */
export const ISSUE_17_BASELINE = "71c189f";

export interface PeerOptions {
  students: number;
  graders: number;
  rampSeconds: number;
  killGrader: boolean;
  port: number;
}

export interface PeerReport {
  commit: string;
  requestsPerSecond: number;
  rushSeconds: number;
  instantSubmission: { p50: number | null; p95: number | null; p99: number | null };
  verdict: string;
  report: string;
}

const withoutTelemetry = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

/** The worktree of `revision`, with its npm packages and production build (each made once). */
export async function peerCheckout(root: string, revision: string, say: (text: string) => void): Promise<{ dir: string; commit: string }> {
  const commit = await run("git", ["rev-parse", "--verify", "--quiet", `${revision}^{commit}`], { cwd: root }).catch(() => {
    throw new Error(`the peer ${revision} is not in this clone's history (a shallow clone?): fetch it, or run with --no-peer`);
  });
  const dir = path.join(root, ".data", "bench", `peer-${commit.slice(0, 12)}`);
  if (!existsSync(path.join(dir, ".git"))) {
    say(`peer ${commit.slice(0, 7)}: git worktree in ${path.relative(root, dir)}`);
    await run("git", ["worktree", "add", "--force", "--detach", dir, commit], { cwd: root, echo: true });
  }
  if (!existsSync(path.join(dir, "node_modules", ".package-lock.json"))) {
    say(`peer ${commit.slice(0, 7)}: npm install`);
    await run("npm", ["install", "--no-audit", "--no-fund"], { cwd: dir, echo: true });
  }
  if (!existsSync(path.join(dir, ".next", "BUILD_ID"))) {
    say(`peer ${commit.slice(0, 7)}: production build`);
    await run("flock", ["/tmp/next-build.lock", "npx", "next", "build"], { cwd: dir, env: withoutTelemetry, echo: true });
  }
  return { dir, commit };
}

/** One rush of the peer's own exam bench with the same students, graders, ramp and port; its PostgreSQL stopped after. */
export async function peerRush(root: string, revision: string, options: PeerOptions, say: (text: string) => void): Promise<PeerReport> {
  const { dir, commit } = await peerCheckout(root, revision, say);
  // --no-peer: a newer peer's bench would first run a peer of its own (an older bench ignores the flag)
  const args = ["tsx", "bench/run.ts", "exam", "--no-build", "--no-peer", "--students", String(options.students), "--graders", String(options.graders), "--ramp", String(options.rampSeconds), "--port", String(options.port)];
  if (options.killGrader) args.push("--kill-grader");
  say(`peer ${commit.slice(0, 7)}: its own exam bench (${args.slice(3).join(" ")})`);
  try {
    const out = await run("npx", args, { cwd: dir, env: withoutTelemetry, echo: true });
    const file = /\[exam\] report: (\S+?);/.exec(out)?.[1];
    if (!file) throw new Error(`the peer's bench printed no report path`);
    const report = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as {
      requestsPerSecond: number;
      rushSeconds: number;
      latencyMs: { instantSubmission: PeerReport["instantSubmission"] };
      verdict: string;
    };
    const { p50, p95, p99 } = report.latencyMs.instantSubmission;
    return { commit, requestsPerSecond: report.requestsPerSecond, rushSeconds: report.rushSeconds, instantSubmission: { p50, p95, p99 }, verdict: report.verdict, report: path.join(dir, file) };
  } finally {
    await run("bash", ["scripts/postgres.sh", "stop"], { cwd: dir }).catch(() => undefined);
  }
}

/** README's figure of "today's" rush, measured on 2026-11-30 on another machine: the fallback without a peer. */
export const README_BASELINE_REQUESTS_PER_SECOND = 83.2;
export const INSTANT_P95_TARGET_MS = 1_000;

/** Issue #17's targets for one rush: twice "today's" req/s (the peer's from this run, else the README's), instant answers p95 within 1 s. */
export function rushTargets(peer: Pick<PeerReport, "commit" | "requestsPerSecond"> | null) {
  return peer
    ? { requestsPerSecond: Math.round(2 * peer.requestsPerSecond * 10) / 10, basis: `2 × ${peer.commit.slice(0, 7)} (the peer) in this run`, instantP95Ms: INSTANT_P95_TARGET_MS }
    : { requestsPerSecond: 2 * README_BASELINE_REQUESTS_PER_SECOND, basis: `2 × the README's ${README_BASELINE_REQUESTS_PER_SECOND} (another machine and day)`, instantP95Ms: INSTANT_P95_TARGET_MS };
}
