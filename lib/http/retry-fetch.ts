/**
 * The answer forms' side of a database outage: a request answered 502/503/504 (the server or its database is away
 * for a moment) or that cannot reach the server is sent again, after the server's Retry-After when it gives one and a
 * capped exponential back-off otherwise. Only for requests that are safe to repeat: a submission carries its
 * idempotency key, so a retry returns the submission stored before the failure instead of storing a second one.
 */
export interface RetryPolicy {
  /** sends in all, the first included */
  attempts: number;
  firstDelayMs: number;
  maxDelayMs: number;
}

export const answerRetryPolicy: RetryPolicy = { attempts: 8, firstDelayMs: 1_000, maxDelayMs: 8_000 };

const retryable = (status: number) => status === 502 || status === 503 || status === 504;

/** Retry-After in milliseconds (seconds or an HTTP date), null when absent or unreadable. */
export function retryAfterMs(response: Response, now = Date.now()): number | null {
  const value = response.headers.get("retry-after");
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

export async function fetchRetrying(
  send: () => Promise<Response>,
  options: { policy?: RetryPolicy; onRetry?: (attempt: number, delayMs: number) => void; sleep?: (ms: number) => Promise<void> } = {},
): Promise<Response> {
  const policy = options.policy ?? answerRetryPolicy;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let backoff = policy.firstDelayMs;
  for (let attempt = 1; ; attempt++) {
    let response: Response | null = null;
    try {
      response = await send();
      if (!retryable(response.status) || attempt >= policy.attempts) return response;
    } catch (error) {
      if (attempt >= policy.attempts) throw error;
    }
    const delay = Math.min(policy.maxDelayMs, (response && retryAfterMs(response)) ?? backoff);
    backoff = Math.min(backoff * 2, policy.maxDelayMs);
    options.onRetry?.(attempt + 1, delay);
    await sleep(delay);
  }
}
