import { describe, expect, it } from "vitest";
import { createRateLimiter, rateLimitedResponse } from "@/lib/http/rate-limit";
import { requestIdOf } from "@/lib/observability/request-id";

describe("submission rate limit", () => {
  it("allows `limit` events per key in any window, then says when to come back", () => {
    const limiter = createRateLimiter({ limit: 3, windowMs: 60_000 });
    const t = 1_000_000;
    expect([0, 10, 20].map((dt) => limiter.take("ana", t + dt).ok)).toEqual([true, true, true]);
    expect(limiter.take("ana", t + 30)).toEqual({ ok: false, retryAfterSeconds: 60 });
    expect(limiter.take("bia", t + 30).ok).toBe(true);
    expect(limiter.take("ana", t + 45_000)).toEqual({ ok: false, retryAfterSeconds: 15 });
    expect(limiter.take("ana", t + 60_001).ok).toBe(true);
  });

  it("forgets idle keys when it reaches its size bound", () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 1_000, maxKeys: 2 });
    limiter.take("a", 0);
    limiter.take("b", 0);
    expect(limiter.take("c", 5_000).ok).toBe(true);
    expect(limiter.take("a", 5_000).ok).toBe(true);
  });

  it("answers 429 in Portuguese with Retry-After", async () => {
    const response = rateLimitedResponse(12);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("12");
    expect((await response.json()).error).toMatch(/Muitas submissões.*12 s/);
  });
});

describe("request ids", () => {
  it("keeps a well-formed x-request-id and replaces a missing or hostile one", () => {
    expect(requestIdOf(new Headers({ "x-request-id": "lb-1234abcd" }))).toBe("lb-1234abcd");
    for (const bad of [undefined, "short", "has spaces in it", "x".repeat(200), "quote\"injection{}"]) {
      const id = requestIdOf(new Headers(bad === undefined ? {} : { "x-request-id": bad }));
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});
