import os from "node:os";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cgroupSupport, SANDBOX_OWN_PROCESSES } from "@/grader/sandbox/cgroup";
import { Sandbox } from "@/grader/sandbox/pool";
import type { SandboxJob } from "@/grader/sandbox/types";

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, "../../fixtures/sandbox", name), "utf8");

function job(source: string, limits: SandboxJob["limits"] = {}): SandboxJob {
  return { source, required: ["f"], plan: [{ call: "f", args: [], returns: ["y"] }], outputs: ["y"], cases: [{ arrays: {}, scalars: {} }], limits: { wall_ms: 4000, ...limits } };
}

function values(r: Awaited<ReturnType<Sandbox["run"]>>): number[] {
  const v = r.cases[0]?.values.y;
  return v && "data" in v ? Array.from(v.data) : [];
}

describe("limits for the whole process tree, seccomp, no nested user namespaces", () => {
  const sandbox = new Sandbox({ concurrency: 1 });
  beforeAll(() => sandbox.start());
  afterAll(() => sandbox.close());

  it("seven forked children of 150 MiB each are held to the job's 256 MiB (cgroup v1 memory)", async () => {
    expect(sandbox.cgroupFallback).toBeNull(); // this host has cgroup v1 and the tests run as root
    // a generous wall limit: first-touch page faults are slow here, and under load the job must not time out first
    const r = await sandbox.run(job(fixture("seven-children.py"), { memory_mb: 256, processes: 8, wall_ms: 20_000 }));
    expect(r.status).toBe("memory-limit");
    // the kernel's own peak: the job's tree never held more than its limit (plus tmpfs and slack)
    expect(r.memoryPeakKb).toBeLessThanOrEqual((256 + 8 + 48) * 1024);
    // The fixture counts the children that got their 150 MiB within its 2 s window, each holding it for 1 s: without
    // the limit all seven at once; with it one at a time fits, so at most three in turn (a loaded machine slows the
    // OOM kills, which let the next child through once a holder has left)
    expect(values(r)[0]).toBeLessThanOrEqual(3);
  });

  it("a fork bomb is held by the job's pids limit", async () => {
    const bomb = "import os\ndef f():\n    n = 0\n    for _ in range(200):\n        try:\n            if os.fork() == 0:\n                import time; time.sleep(2); os._exit(0)\n            n += 1\n        except OSError:\n            break\n    return float(n)\n";
    const r = await sandbox.run(job(bomb, { processes: 8 }));
    expect(r.status).toBe("ok");
    expect(values(r)[0]).toBeLessThan(8);
  });

  it("denies ptrace, unshare, mount, bpf, keyctl, perf_event_open, userfaultfd, setns, netlink/raw/packet sockets and namespace clones with EPERM; threads, fork and UDP still work", async () => {
    const r = await sandbox.run(job(fixture("denied-syscalls.py")));
    expect(r.status).toBe("ok");
    expect(values(r)).toEqual([...Array(12).fill(-1), 1]);
  });
});

describe("a zygote's cgroup, reused by every job it runs", () => {
  const sandbox = new Sandbox({ concurrency: 1 });
  beforeAll(() => sandbox.start());
  afterAll(() => sandbox.close());
  const group = (controller: string) => {
    const parent = path.join((cgroupSupport() as { bases: Record<string, string> }).bases[controller]!);
    return path.join(parent, fs.readdirSync(parent).find((n) => /^z\d+$/.test(n))!);
  };
  const read = (controller: string, file: string) => Number(fs.readFileSync(path.join(group(controller), file), "utf8").trim());
  const forks = "import os, time\ndef f():\n    n = 0\n    for _ in range(20):\n        try:\n            if os.fork() == 0:\n                time.sleep(1); os._exit(0)\n            n += 1\n        except OSError:\n            break\n    return float(n)\n";

  // pids.max = the job's processes + the sandbox's own: bwrap's two, the supervisor, the zygote, the next job's process
  it("holds, besides the job, exactly the sandbox's own processes that pids.max allows for", async () => {
    const running = sandbox.run(job("import time\ndef f():\n    time.sleep(1.0)\n    return 1.0\n"));
    let done = false;
    void running.then(() => (done = true));
    let most = 0;
    while (!done) {
      const procs = fs.readFileSync(path.join(group("pids"), "cgroup.procs"), "utf8").split("\n").filter(Boolean);
      most = Math.max(most, procs.length);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect((await running).status).toBe("ok");
    expect(most).toBe(SANDBOX_OWN_PROCESSES + 1);
  });

  // the limits are written only when they change: a job must never run under the previous job's
  it("gives each job its own limits, whatever the previous job had", async () => {
    const peak = "def f():\n    b = bytearray(64 * 1024 * 1024)\n    for j in range(0, len(b), 4096):\n        b[j] = 1\n    return 1.0\n";
    const sequence: [number, number][] = [[3, 256], [8, 100], [8, 100], [3, 256], [8, 256]];
    const limitsSeen: number[][] = [];
    for (const [processes, memory_mb] of sequence) {
      const r = await sandbox.run(job(forks, { processes, memory_mb }));
      expect(r.status).toBe("ok");
      expect(values(r)[0]).toBe(processes - 1); // the job's own processes: P and its children
      limitsSeen.push([read("pids", "pids.max"), read("memory", "memory.limit_in_bytes")]);
    }
    const pidsMax = limitsSeen.map(([p]) => p);
    expect(pidsMax.map((p, i) => p - sequence[i]![0])).toEqual(Array(sequence.length).fill(pidsMax[0]! - 3));
    const memory = limitsSeen.map(([, m]) => m);
    expect(memory[1]! - memory[0]!).toBe((100 - 256) * 1024 * 1024);
    expect(memory[3]).toBe(memory[0]);
    // the peak is the job's own, not a maximum carried over from the job before
    const big = await sandbox.run(job(peak, { memory_mb: 256 }));
    const small = await sandbox.run(job("def f():\n    return 1.0\n", { memory_mb: 256 }));
    expect(big.memoryPeakKb).toBeGreaterThan(60 * 1024);
    expect(small.memoryPeakKb).toBeLessThan(big.memoryPeakKb! - 50 * 1024);
  });
});

describe("CPU weight of the sandbox's cgroups", () => {
  const parent = () => (cgroupSupport() as { bases: { cpu: string } }).bases.cpu;
  const shares = () => Number(fs.readFileSync(path.join(parent(), "cpu.shares"), "utf8"));
  const zygoteGroups = () => fs.readdirSync(parent()).filter((n) => /^z\d+$/.test(n)).length;

  // Regression: the forja-<pid> group weighed as one ordinary process (cpu.shares 1024) whatever the number of
  // zygotes in it, so under load all jobs together got one process's CPU and slow ones (a Python-declared checker's
  // reference jobs) ended past their wall limit: "A correção falhou por um problema da plataforma".
  it("each zygote weighs one ordinary process: the server's sandbox group has 1024 shares per zygote", async () => {
    expect(cgroupSupport().ok).toBe(true);
    const pool = new Sandbox({ concurrency: 3 });
    await pool.start();
    try {
      expect(zygoteGroups()).toBeGreaterThanOrEqual(3);
      expect(shares()).toBe(1024 * zygoteGroups());
    } finally {
      await pool.close();
    }
  });

  // GRADER_NICE: a grader at nice 10 must not give its jobs the weight of nice-0 processes, or the web processes it
  // yields to would still lose the CPU to its sandboxes.
  it("at a nice value, each zygote weighs what a process at that nice value weighs (110 at nice 10)", async () => {
    expect(cgroupSupport().ok).toBe(true);
    const before = os.getPriority();
    os.setPriority(10);
    const pool = new Sandbox({ concurrency: 2 });
    try {
      await pool.start();
      expect(zygoteGroups()).toBeGreaterThanOrEqual(2);
      expect(shares()).toBe(110 * zygoteGroups());
    } finally {
      await pool.close();
      os.setPriority(before); // root may raise it again
    }
  });
});
