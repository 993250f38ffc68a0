import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { openDatabase, type Database } from "@/db/client";
import { rateLimits } from "@/db/schema";
import { rateLimitedResponse, takeRateLimited } from "@/lib/http/rate-limit";
import { requestIdOf } from "@/platform/observability/request-id";
import { openTestDatabase, testDatabaseUrl, urlOfTestDatabase } from "../test-database";

describe("submission rate limit (in the database)", () => {
  let database: Database;
  const rule = { limit: 3, windowMs: 60_000 };
  const t = Date.parse("2026-11-30T12:00:00Z");
  const at = (ms: number) => new Date(t + ms);

  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    await database?.close();
  });

  it("allows `limit` events per key in any window, then says when to come back", async () => {
    const take = (key: string, ms: number) => takeRateLimited(database.db, key, rule, at(ms));
    expect([(await take("ana", 0)).ok, (await take("ana", 10)).ok, (await take("ana", 20)).ok]).toEqual([true, true, true]);
    expect(await take("ana", 30)).toEqual({ ok: false, retryAfterSeconds: 60 });
    expect((await take("bia", 30)).ok).toBe(true);
    expect(await take("ana", 45_000)).toEqual({ ok: false, retryAfterSeconds: 15 });
    expect((await take("ana", 60_001)).ok).toBe(true);
    expect(await take("ana", 60_002)).toEqual({ ok: false, retryAfterSeconds: 1 });
  });

  it("keeps only the events still inside the window", async () => {
    const hits = async () => (await database.db.select().from(rateLimits).where(eq(rateLimits.key, "carla")))[0]!.hits.map((h) => h.getTime() - t);
    for (const ms of [0, 1_000, 2_000]) await takeRateLimited(database.db, "carla", rule, at(ms));
    expect(await hits()).toEqual([0, 1_000, 2_000]);
    await takeRateLimited(database.db, "carla", rule, at(61_500));
    expect(await hits()).toEqual([2_000, 61_500]);
  });

  it("lets exactly `limit` of many simultaneous requests through", async () => {
    const decisions = await Promise.all(Array.from({ length: 12 }, () => takeRateLimited(database.db, "duda", rule, at(0))));
    expect(decisions.filter((d) => d.ok)).toHaveLength(3);
  });

  it.skipIf(!testDatabaseUrl())("is shared by separate web processes (two connection pools on PostgreSQL)", async () => {
    const other = await openDatabase({ url: urlOfTestDatabase(database)! });
    try {
      const decisions = await Promise.all(
        Array.from({ length: 10 }, (_, i) => takeRateLimited((i % 2 ? other : database).db, "eva", rule, at(0))),
      );
      expect(decisions.filter((d) => d.ok)).toHaveLength(3);
    } finally {
      await other.close();
    }
  });

  it("is off with limit 0", async () => {
    for (let i = 0; i < 5; i++) expect((await takeRateLimited(database.db, "fabi", { limit: 0, windowMs: 60_000 }, at(0))).ok).toBe(true);
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
