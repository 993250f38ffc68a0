import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { Sandbox } from "@/grader/sandbox/pool";
import { setSharedSandbox } from "@/grader/types/code/grade";
import { CODE_QUESTION_FOLDERS, loadCodeQuestion } from "@/tests/unit/grader/code-fixtures";
import { makeAssessment, makeFixture, DAY, type Fixture } from "./fixture";

// The public-test route runs for real on a real sandbox; only the session and the database are the test's.
const state = vi.hoisted(() => ({ userId: null as string | null, db: null as unknown }));
vi.mock("server-only", () => ({}));
vi.mock("next-auth", () => ({ getServerSession: async () => (state.userId ? { user: { id: state.userId } } : null) }));
vi.mock("@/lib/auth/options", () => ({ authOptions: {} }));
vi.mock("@/db/client", async (original) => ({ ...(await original<object>()), getDb: async () => state.db as Db }));
vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => undefined }), headers: async () => new Headers() }));

const route = await import("@/app/api/courses/[courseId]/items/[itemId]/public-tests/route");

const reference = loadCodeQuestion(CODE_QUESTION_FOLDERS.batchnorm).reference_solution;
/** correct code that takes about 0.6 s per run (a sleep at import: each run is a fresh job) */
const slow = `import time\ntime.sleep(0.6)\n${reference}`;

let f: Fixture;
let itemId: string;
const sandbox = new Sandbox({ concurrency: 2 });
beforeAll(async () => {
  f = await makeFixture();
  const today = Date.now();
  const { itemIds } = await makeAssessment(f, { opensAt: new Date(today - DAY), closesAt: new Date(today + DAY), attemptsAllowed: 3 }, [["xi-batchnorm-codigo"]]);
  itemId = itemIds[0]!;
  state.db = f.database.db;
  await sandbox.start();
  setSharedSandbox(sandbox);
});
afterAll(async () => {
  setSharedSandbox(null);
  await sandbox.close();
  await f.database.close();
});

/** One public-test run of `userId` (the route reads the session when called: no await before it). */
function run(userId: string, answer: string): Promise<Response> {
  state.userId = userId;
  const request = new Request("http://test/api", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ answer }) });
  return route.POST(request, { params: Promise.resolve({ courseId: f.courseId, itemId }) } as never);
}

/**
 * The bound stated in the README ("Fair use of the sandbox"): with 2 sandboxes a student uses at most one at a time
 * and students are served round-robin, so another student's run waits for none of the flooding student's jobs: its
 * latency stays its solo latency plus scheduling (asserted: + at most 500 ms, while each flooding job takes 0.6 s
 * and 30 of them are sent). The flood beyond 1 running + 4 waiting is refused at once with 429 and Retry-After.
 */
describe("a flood of public-test runs by one student", () => {
  it("leaves another student's run within its solo latency + 500 ms, and is refused with 429 + Retry-After", async () => {
    const solo0 = performance.now();
    const solo = await run(f.otherStudent, reference);
    const soloMs = performance.now() - solo0;
    expect(solo.status).toBe(200);

    const flood = Array.from({ length: 30 }, () => run(f.student, slow));
    await new Promise((r) => setTimeout(r, 300)); // the flood is in the queues
    const t0 = performance.now();
    const other = await run(f.otherStudent, reference);
    const otherMs = performance.now() - t0;
    expect(other.status).toBe(200);
    expect(((await other.json()) as { score: number }).score).toBe(1);
    expect(otherMs).toBeLessThan(soloMs + 500);

    const responses = await Promise.all(flood);
    const refused = responses.filter((r) => r.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(20);
    for (const r of refused) {
      expect(Number(r.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
      expect(((await r.json()) as { error: string }).error).toMatch(/já tem execuções de código na fila/); // the sandbox's queue, not the rate limit
    }
    expect(responses.filter((r) => r.status === 200).length).toBe(30 - refused.length);
  });
});
