import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAsOwner } from "@/grader/sandbox/owner";
import { Sandbox, SandboxBusyError } from "@/grader/sandbox/pool";
import type { SandboxJob } from "@/grader/sandbox/types";
import { gradeCode } from "@/grader/types/code/grade";
import { loadCodeQuestion } from "@/tests/unit/grader/code-fixtures";

const job = (source: string): SandboxJob => ({ source, required: ["f"], plan: [{ call: "f", args: [], returns: ["y"] }], outputs: ["y"], cases: [{ arrays: {}, scalars: {} }], limits: { wall_ms: 3000 } });
const SLOW = job("import time\ndef f():\n    time.sleep(1.0)\n    return 1.0\n");
const QUICK = job("def f():\n    return 2.0\n");

/**
 * The bound: with 2 zygotes a student uses at most one at a time (per-owner concurrency = half the pool) and owners
 * are served round-robin, so another student's run waits for no job of the flooding student at all — its latency
 * stays that of a solo run plus scheduling (asserted: under 800 ms while each flooding job takes 1 s). The flooding
 * student keeps 1 running + 4 waiting; the rest is refused at once (SandboxBusyError "owner": 429 + Retry-After).
 */
describe("fair sandbox queue", () => {
  const sandbox = new Sandbox({ concurrency: 2 });
  beforeAll(() => sandbox.start());
  afterAll(() => sandbox.close());

  it("one student's flood of 30 runs leaves another student's run within the bound", async () => {
    const flood = Array.from({ length: 30 }, () => runAsOwner("student-a", () => sandbox.run(SLOW)).catch((e: unknown) => e));
    await new Promise((r) => setTimeout(r, 50));
    const t = performance.now();
    const quick = await runAsOwner("student-b", () => sandbox.run(QUICK));
    const waited = performance.now() - t;
    expect(quick.status).toBe("ok");
    expect(waited).toBeLessThan(800);
    const outcomes = await Promise.all(flood);
    const refused = outcomes.filter((o) => o instanceof SandboxBusyError);
    expect(refused.length).toBe(25);
    expect(refused.every((e) => e.scope === "owner" && e.retryAfterSeconds >= 1)).toBe(true);
  }, 30_000);

  it("a full server queue is refused with scope server", async () => {
    const small = new Sandbox({ concurrency: 1, maxQueued: 2, maxQueuedPerOwner: 4 });
    await small.start();
    try {
      const runs = ["a", "b", "c", "d"].map((o) => runAsOwner(o, () => small.run(SLOW)).catch((e: unknown) => e));
      const outcomes = await Promise.all(runs);
      const refused = outcomes.filter((o) => o instanceof SandboxBusyError);
      expect(refused.map((e) => e.scope)).toEqual(["server"]);
    } finally {
      await small.close();
    }
  }, 30_000);
});

describe("the reference's jobs of a Python-declared checker", () => {
  const sandbox = new Sandbox({ concurrency: 2 });
  beforeAll(() => sandbox.start());
  afterAll(() => sandbox.close());

  // Regression: the reference's jobs for the seed (one per case, plus one per 48 entries of finite differences) were
  // counted in the student's bounded queue (4 waiting) and refused, so the run answered 429 and a grading sharing
  // the same computation failed as a platform problem.
  it("a student's run on a new seed is graded: the reference jobs it triggers run in the platform's slot, not in the student's bounded queue", async () => {
    const conv = loadCodeQuestion("001-slides-inf721/inf721-convolucao-codigo");
    const seed = 900_000 + Math.floor(Math.random() * 100_000); // never prepared in this process
    const r = await runAsOwner("student-new-seed", () => gradeCode(conv, { seed, params: {} }, conv.reference_solution, { sandbox }));
    expect(r.score).toBe(1);
  });

  // Regression: the reference ran with the student's wall limit (2 s by default), so on a loaded machine it ended in
  // `timeout` and every grading of the question failed as a platform problem. A stretched wall (here a sleep past the
  // question's wall limit, as load stretches it) no longer breaks the question; its CPU limit still holds.
  it("the reference may take longer than the question's wall limit, not more CPU", async () => {
    const pooling = loadCodeQuestion("001-slides-inf721/inf721-average-pooling-codigo");
    const slow = { ...pooling, limits: { wall_ms: 1000, cpu_ms: 1000 }, reference_solution: `import time\n${pooling.reference_solution}\ntime.sleep(1.2)\n` };
    const r = await gradeCode(slow, { seed: 7, params: {} }, pooling.reference_solution, { sandbox });
    expect(r.score).toBe(1);
  });
});
