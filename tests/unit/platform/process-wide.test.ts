import { describe, expect, it, vi } from "vitest";

describe("process-wide state", () => {
  it("two copies of a module (as Next.js bundles them) get the same value", async () => {
    const first = await import("@/platform/process-wide");
    vi.resetModules();
    const second = await import("@/platform/process-wide");
    expect(second).not.toBe(first); // really a second copy of the module
    const made = first.processWide("test-shared", () => ({ n: 0 }));
    made.n++;
    expect(second.processWide("test-shared", () => ({ n: 100 }))).toBe(made);
  });

  it("openOnce opens once, and opens again after a failure", async () => {
    const { openOnce } = await import("@/platform/process-wide");
    const box = {};
    let opens = 0;
    const failing = () => (opens++, Promise.reject(new Error("down")));
    await expect(openOnce(box, failing)).rejects.toThrow("down");
    const ok = () => (opens++, Promise.resolve("up"));
    const [a, b] = await Promise.all([openOnce(box, ok), openOnce(box, ok)]);
    expect([a, b, opens]).toEqual(["up", "up", 2]);
  });
});
