import { describe, expect, it } from "vitest";
import { fetchRetrying, retryAfterMs } from "@/lib/http/retry-fetch";

const unavailable = (retryAfter?: string) => new Response("{}", { status: 503, headers: retryAfter ? { "retry-after": retryAfter } : {} });

describe("answer form retries", () => {
  it("sends again after a 503 (waiting its Retry-After) or a network failure, until an answer", async () => {
    const answers: (Response | Error)[] = [unavailable("2"), new TypeError("fetch failed"), unavailable(), new Response("{}", { status: 200 })];
    const pauses: number[] = [];
    const retries: number[] = [];
    let sent = 0;
    const response = await fetchRetrying(
      async () => {
        const next = answers[sent++]!;
        if (next instanceof Error) throw next;
        return next;
      },
      { sleep: async (ms) => void pauses.push(ms), onRetry: (attempt) => retries.push(attempt), policy: { attempts: 8, firstDelayMs: 1_000, maxDelayMs: 8_000 } },
    );
    expect(response.status).toBe(200);
    expect(sent).toBe(4);
    expect(retries).toEqual([2, 3, 4]);
    expect(pauses).toEqual([2_000, 2_000, 4_000]);
  });

  it("does not repeat other answers, and gives the last one back after its attempts", async () => {
    let sent = 0;
    const bad = await fetchRetrying(async () => (sent++, new Response("{}", { status: 500 })), { sleep: async () => undefined });
    expect([bad.status, sent]).toEqual([500, 1]);
    sent = 0;
    const still = await fetchRetrying(async () => (sent++, unavailable("60")), { sleep: async () => undefined, policy: { attempts: 3, firstDelayMs: 10, maxDelayMs: 5_000 } });
    expect([still.status, sent]).toEqual([503, 3]);
    await expect(fetchRetrying(async () => Promise.reject(new TypeError("fetch failed")), { sleep: async () => undefined, policy: { attempts: 2, firstDelayMs: 1, maxDelayMs: 1 } })).rejects.toThrow("fetch failed");
  });

  it("reads Retry-After in seconds or as a date", () => {
    expect(retryAfterMs(unavailable("3"))).toBe(3_000);
    expect(retryAfterMs(unavailable("Tue, 01 Dec 2026 12:00:10 GMT"), Date.parse("2026-12-01T12:00:00Z"))).toBe(10_000);
    expect(retryAfterMs(unavailable())).toBeNull();
  });
});
