import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAsOwner } from "@/grader/sandbox/owner";
import { Sandbox, SandboxBusyError } from "@/grader/sandbox/pool";
import type { SandboxJob } from "@/grader/sandbox/types";

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
