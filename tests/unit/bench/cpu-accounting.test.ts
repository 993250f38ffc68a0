import { describe, expect, it } from "vitest";
import { cpuSecondsByGroup, type CpuSnapshot } from "@/bench/cpu-accounting";

// Ticks are 1/100 s. utime+stime is `own`; `ticks` adds the reaped children's time (cutime+cstime).
const proc = (parent: number, name: string, own: number, reaped = 0, started = 1) => ({ parent, name, own, ticks: own + reaped, started });
const snapshot = (entries: [number, ReturnType<typeof proc>][]): CpuSnapshot => new Map(entries);

describe("exam bench: CPU seconds per group of processes", () => {
  const roots = new Map([
    [10, "load generator"],
    [20, "web"],
    [30, "graders and their sandboxes"],
  ]);
  const byName = (name: string) => (name === "postgres" ? "PostgreSQL" : null);

  it("counts each group's processes, their descendants and what they reaped during the window", () => {
    const before = snapshot([
      [10, proc(1, "node", 100)],
      [20, proc(10, "node", 500)],
      [30, proc(10, "node", 200)],
      [31, proc(30, "python3", 50, 100)], // a zygote: its jobs' time arrives as reaped time
      [40, proc(1, "postgres", 300)],
    ]);
    const after = snapshot([
      [10, proc(1, "node", 150)],
      [20, proc(10, "node", 900)],
      [30, proc(10, "node", 260)],
      [31, proc(30, "python3", 60, 400)],
      [40, proc(1, "postgres", 420)],
      [41, proc(40, "postgres", 80)], // a backend started during the window counts whole
    ]);
    expect(cpuSecondsByGroup(before, after, roots, byName, new Set([10]))).toEqual({ web: 4, "graders and their sandboxes": 3.7, PostgreSQL: 2, "load generator": 0.5 });
  });

  // Regressions: init reaping another session's long-lived orphan added that orphan's whole life to "other", and a
  // grader the bench killed and reaped added its whole life to the load generator.
  it("a reaper outside the groups, and the bench itself, count only their own time", () => {
    const before = snapshot([
      [1, proc(0, "init", 10, 0)],
      [10, proc(1, "node", 100, 0)],
    ]);
    const after = snapshot([
      [1, proc(0, "init", 12, 90_000)], // reaped an orphan that ran for 15 minutes
      [10, proc(1, "node", 150, 5_000)], // reaped the grader it killed
    ]);
    expect(cpuSecondsByGroup(before, after, roots, byName, new Set([10]))).toEqual({ "load generator": 0.5, other: 0 });
  });

  it("a pid reused by another process in between counts as a new process", () => {
    const before = snapshot([[20, proc(10, "node", 5_000, 0, 7)]]);
    const after = snapshot([[20, proc(10, "node", 300, 0, 9)]]);
    expect(cpuSecondsByGroup(before, after, roots, byName)).toEqual({ web: 3 });
  });
});
