/**
 * Sliding-window rate limiter kept in this process's memory: at most `limit` events per key in any `windowMs`.
 * With several web processes each counts its own requests, so the effective limit is per process (a load balancer
 * with sticky sessions keeps a user on one).
 */
export interface RateLimiter {
  /** Records one event for `key` if allowed; otherwise says how long until the next one is. */
  take(key: string, now?: number): { ok: true } | { ok: false; retryAfterSeconds: number };
}

export function createRateLimiter(options: { limit: number; windowMs: number; maxKeys?: number }): RateLimiter {
  const { limit, windowMs, maxKeys = 100_000 } = options;
  const events = new Map<string, number[]>();

  const recent = (key: string, now: number): number[] => {
    const kept = (events.get(key) ?? []).filter((t) => t > now - windowMs);
    if (kept.length) events.set(key, kept);
    else events.delete(key);
    return kept;
  };

  const forgetIdleKeys = (now: number) => {
    for (const key of events.keys()) recent(key, now);
  };

  return {
    take(key, now = Date.now()) {
      if (limit <= 0) return { ok: true };
      const kept = recent(key, now);
      if (kept.length >= limit) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((kept[0]! + windowMs - now) / 1000)) };
      if (!events.has(key) && events.size >= maxKeys) forgetIdleKeys(now);
      events.set(key, [...kept, now]);
      return { ok: true };
    },
  };
}

const holder = globalThis as unknown as { forjaSubmissionLimiter?: RateLimiter };

/** Per-user limit on answer submissions: SUBMISSION_RATE_PER_MINUTE (default 30; 0 turns it off). */
export function submissionRateLimiter(): RateLimiter {
  const configured = Number(process.env.SUBMISSION_RATE_PER_MINUTE ?? 30);
  holder.forjaSubmissionLimiter ??= createRateLimiter({ limit: Number.isFinite(configured) ? configured : 30, windowMs: 60_000 });
  return holder.forjaSubmissionLimiter;
}

export function rateLimitedResponse(retryAfterSeconds: number): Response {
  return Response.json(
    { error: `Muitas submissões em pouco tempo. Aguarde ${retryAfterSeconds} s e tente de novo.`, reason: "rate-limited" },
    { status: 429, headers: { "Retry-After": String(retryAfterSeconds) } },
  );
}
