import { describe, expect, it } from "vitest";
import pino from "pino";
import { DatabaseHealth, isDatabaseUnavailable, OUTAGE_FLAP_MS, retryWhileUnavailable } from "@/db/outage";

const pgError = (code: string, message = "x") => Object.assign(new Error(message), { code });

/** A logger that keeps its lines. */
function recordingLogger() {
  const lines: { msg: string; level: number }[] = [];
  const log = pino({ level: "info" }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { log, lines };
}

describe("database outage", () => {
  it("tells a database that went away from other errors, through drizzle's wrapping and AggregateError", () => {
    expect(isDatabaseUnavailable(pgError("57P03", "the database system is shutting down"))).toBe(true);
    expect(isDatabaseUnavailable(pgError("57P01", "terminating connection due to administrator command"))).toBe(true);
    expect(isDatabaseUnavailable(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isDatabaseUnavailable(new Error("Failed query: insert ...", { cause: pgError("ECONNREFUSED") }))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([pgError("ECONNREFUSED"), pgError("ECONNREFUSED")]))).toBe(true);
    expect(isDatabaseUnavailable(pgError("23505", "duplicate key value"))).toBe(false);
    expect(isDatabaseUnavailable(new Error("Failed query", { cause: pgError("42P01", "relation does not exist") }))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("x is undefined"))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });

  it("is degraded from the first failure of an outage to the next success, and logs it once each way", () => {
    let clock = 1_000;
    const health = new DatabaseHealth(() => clock);
    const { log, lines } = recordingLogger();
    health.useLogger(log);
    expect(health.state).toEqual({ status: "ok" });
    expect(health.failed(pgError("23505"), "insert")).toBe(false);
    expect(health.state.status).toBe("ok");
    for (let i = 0; i < 50; i++) expect(health.failed(pgError("ECONNREFUSED"), "query")).toBe(true);
    expect(health.state).toEqual({ status: "degraded", since: new Date(1_000), failures: 50 });
    clock = 3_500;
    health.succeeded("query");
    health.succeeded("query");
    expect(health.state).toEqual({ status: "ok" });
    expect(lines.map((l) => l.msg)).toEqual(["database unavailable: retrying until it is back", "database available again"]);
    expect(lines[1]).toMatchObject({ outageMs: 2_500, failedCalls: 50 });
  });

  it("a failure just after the database came back continues that outage (a server shutting down lets a query through)", () => {
    let clock = 1_000;
    const health = new DatabaseHealth(() => clock);
    const { log, lines } = recordingLogger();
    health.useLogger(log);
    health.failed(pgError("57P01"), "pool");
    clock = 1_200;
    health.succeeded("query");
    clock = 1_300;
    health.failed(pgError("57P03"), "job queue");
    expect(health.state).toEqual({ status: "degraded", since: new Date(1_000), failures: 2 });
    clock = 4_000;
    health.succeeded("query");
    const unavailable = () => lines.filter((l) => l.msg === "database unavailable: retrying until it is back").length;
    expect(unavailable()).toBe(1);
    expect(lines.at(-1)).toMatchObject({ msg: "database available again", outageMs: 3_000, failedCalls: 2 });
    // a failure well after the recovery is a new outage
    clock = 4_000 + OUTAGE_FLAP_MS;
    health.failed(pgError("ECONNREFUSED"), "query");
    expect(unavailable()).toBe(2);
    expect(health.state).toMatchObject({ since: new Date(4_000 + OUTAGE_FLAP_MS), failures: 1 });
  });

  it("retries while the database is away with a capped back-off, then answers; other errors are thrown at once", async () => {
    let clock = 0;
    const pauses: number[] = [];
    const health = new DatabaseHealth(() => clock);
    health.useLogger(pino({ level: "silent" }));
    const sleep = async (ms: number) => {
      pauses.push(ms);
      clock += ms;
    };
    const retries: boolean[] = [];
    let calls = 0;
    const value = await retryWhileUnavailable(
      async (retry) => {
        retries.push(retry);
        if (++calls < 8) throw pgError("57P03");
        return "stored";
      },
      { source: "test", health, sleep, now: () => clock, firstDelayMs: 100, maxDelayMs: 1_000, budgetMs: 60_000 },
    );
    expect(value).toBe("stored");
    expect(retries).toEqual([false, true, true, true, true, true, true, true]);
    // doubling with ±25 % jitter, never above the cap (+25 %)
    expect(pauses).toHaveLength(7);
    expect(pauses[0]).toBeGreaterThanOrEqual(75);
    expect(pauses[0]).toBeLessThanOrEqual(125);
    expect(Math.max(...pauses)).toBeLessThanOrEqual(1_250);
    expect(pauses.slice(4).every((p) => p >= 750)).toBe(true);
    expect(health.state.status).toBe("ok");

    await expect(retryWhileUnavailable(async () => Promise.reject(pgError("23505")), { source: "test", health, sleep })).rejects.toMatchObject({ code: "23505" });
    expect(pauses).toHaveLength(7);
  });

  it("gives up after its budget, leaving the state degraded", async () => {
    let clock = 0;
    const health = new DatabaseHealth(() => clock);
    health.useLogger(pino({ level: "silent" }));
    const sleep = async (ms: number) => void (clock += ms);
    await expect(
      retryWhileUnavailable(async () => Promise.reject(pgError("ECONNREFUSED")), { source: "test", health, sleep, now: () => clock, budgetMs: 10_000 }),
    ).rejects.toMatchObject({ code: "ECONNREFUSED" });
    expect(clock).toBeGreaterThanOrEqual(10_000);
    expect(clock).toBeLessThan(20_000);
    expect(health.state.status).toBe("degraded");
  });
});
