import { describe, expect, it, vi } from "vitest";

/**
 * Next.js loads the grading modules twice in one web server: the queue started by instrumentation.ts installs the
 * expected-outputs store and reads the draft check, while the route handlers' copy prepares variants and registers the
 * check. Both copies must see what the other one installed.
 */
describe("grading state installed by one module copy is seen by the other", () => {
  it("the expected-outputs store and the authoring checker", async () => {
    const routes = { store: await import("@/grader/types/code/python/expected-store"), quick: await import("@/grader/jobs/quick-jobs") };
    vi.resetModules();
    const queue = { store: await import("@/grader/types/code/python/expected-store"), quick: await import("@/grader/jobs/quick-jobs") };
    expect(queue.store).not.toBe(routes.store);

    const store = { get: async () => null, put: async () => {} };
    queue.store.setExpectedStore(store);
    expect(routes.store.expectedStore()).toBe(store);
    queue.store.setExpectedStore(null);

    routes.quick.registerAuthoringChecker(async (check) => ({ checked: check.draft.prompt }));
    const result = await queue.quick.handleQuickJob({ kind: "authoring-check", check: { draft: { fields: {}, prompt: "p", solution: "" }, options: {} } });
    expect(result).toEqual({ kind: "authoring-check", validation: { checked: "p" } });
  });
});
