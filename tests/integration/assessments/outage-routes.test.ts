import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rateLimits, submissions } from "@/db/schema";
import { losingAnswerOf } from "../outage-db";
import { makeAssessment, makeFixture, DAY, type Fixture } from "./fixture";

// The submission route runs for real; only the session, the locale cookie and the process-wide database are the test's.
const state = vi.hoisted(() => ({ userId: null as string | null, db: null as unknown, locale: undefined as string | undefined }));
vi.mock("server-only", () => ({}));
vi.mock("next-auth", () => ({ getServerSession: async () => (state.userId ? { user: { id: state.userId } } : null) }));
vi.mock("@/lib/auth/options", () => ({ authOptions: {} }));
vi.mock("@/db/client", async (original) => ({
  ...(await original<object>()),
  getDb: async () => state.db as Db,
  getDatabase: async () => ({ db: state.db as Db, kind: "postgres", close: async () => undefined }),
}));
vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => (state.locale ? { value: state.locale } : undefined) }) }));

const submissionsRoute = await import("@/app/api/courses/[courseId]/items/[itemId]/submissions/route");
const healthRoute = await import("@/app/api/health/route");

let f: Fixture;
let itemIds: string[];
beforeAll(async () => {
  f = await makeFixture();
  const today = Date.now();
  ({ itemIds } = await makeAssessment(f, { opensAt: new Date(today - DAY), closesAt: new Date(today + DAY), attemptsAllowed: 10 }, [["lista-i-d-lenet5-parametros"], ["lista-i-d-lenet5-parametros"]]));
  state.userId = f.student;
});
afterAll(() => f.database.close());

function submit(itemId: string, idempotencyKey: string, answer = "61706") {
  const request = new Request("http://test/api", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ answer, idempotencyKey }) });
  return submissionsRoute.POST(request, { params: Promise.resolve({ courseId: f.courseId, itemId }) } as never);
}

const storedUnder = async (key: string) =>
  f.database.db.select().from(submissions).where(and(eq(submissions.userId, f.student), eq(submissions.idempotencyKey, key)));

describe("submissions while the database restarts", () => {
  it("stored although the answer of its insert was lost: 503 with Retry-After, and the retry with the same key gets that one submission", async () => {
    const { db, lost } = losingAnswerOf(f.database.db, "insert", submissions);
    state.db = db;
    const failed = await submit(itemIds[0]!, "key-lost-answer");
    expect(lost.count).toBe(1);
    expect(failed.status).toBe(503);
    expect(failed.headers.get("retry-after")).toBe("2");
    const body = (await failed.json()) as { error: string; reason: string };
    expect(body.reason).toBe("database-unavailable");
    expect(body.error).toContain("O banco de dados está reiniciando");
    expect(await storedUnder("key-lost-answer")).toHaveLength(1);

    const retried = await submit(itemIds[0]!, "key-lost-answer");
    expect(retried.status).toBe(200);
    const [row] = await storedUnder("key-lost-answer");
    expect(((await retried.json()) as { id: string }).id).toBe(row!.id);
    expect(await storedUnder("key-lost-answer")).toHaveLength(1);
  });

  it("says so in the person's language", async () => {
    // every select fails as while the server shuts down, whatever the query's chain
    const failing: object = new Proxy(() => undefined, {
      get: (_, key) =>
        key === "then" ? (_resolve: unknown, reject: (e: unknown) => void) => reject(Object.assign(new Error("the database system is shutting down"), { code: "57P03" })) : () => failing,
    });
    state.db = new Proxy(f.database.db, { get: (target, property) => (property === "select" ? () => failing : Reflect.get(target, property)) });
    state.locale = "en";
    try {
      const response = await submit(itemIds[0]!, "key-english");
      expect(response.status).toBe(503);
      expect(((await response.json()) as { error: string }).error).toContain("The database is restarting");
    } finally {
      state.locale = undefined;
    }
  });

  it("a replayed idempotency key is answered before the rate limit; a new key still meets it", async () => {
    state.db = f.database.db;
    await f.database.db.delete(rateLimits);
    vi.stubEnv("SUBMISSION_RATE_PER_MINUTE", "1");
    try {
      const first = await submit(itemIds[1]!, "key-replayed");
      expect(first.status).toBe(201);
      const { id } = (await first.json()) as { id: string };
      const replay = await submit(itemIds[1]!, "key-replayed");
      expect(replay.status).toBe(200);
      expect(((await replay.json()) as { id: string }).id).toBe(id);
      expect((await submit(itemIds[1]!, "key-another")).status).toBe(429);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("/api/health says degraded while the database is away and ok when it is back", async () => {
    state.db = new Proxy(f.database.db, {
      get: (target, property) =>
        property === "execute" ? () => Promise.reject(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })) : Reflect.get(target, property),
    });
    const away = await healthRoute.GET();
    expect(away.status).toBe(503);
    expect(await away.json()).toMatchObject({ status: "degraded", database: "unavailable" });
    state.db = f.database.db;
    const back = await healthRoute.GET();
    expect(back.status).toBe(200);
    expect(await back.json()).toMatchObject({ status: "ok" });
  });
});
