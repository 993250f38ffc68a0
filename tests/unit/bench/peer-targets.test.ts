import { describe, expect, it } from "vitest";
import { rushTargets } from "@/bench/peer";

describe("exam bench: issue #17's requests-per-second target", () => {
  it("is twice the peer's rush from the same run", () => {
    const targets = rushTargets({ commit: "71c189f2d929ba2054bd77e9266c4180a8723d78", requestsPerSecond: 71.66 });
    expect(targets.requestsPerSecond).toBe(143.3);
    expect(targets.basis).toContain("71c189f");
    expect(targets.instantP95Ms).toBe(1000);
  });

  it("without a peer, is twice the README's figure from another machine, and says so", () => {
    const targets = rushTargets(null);
    expect(targets.requestsPerSecond).toBe(166.4);
    expect(targets.basis).toMatch(/another machine/);
  });
});
