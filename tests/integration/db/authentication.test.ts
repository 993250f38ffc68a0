import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { openTestDatabase } from "@/tests/integration/test-database";
import { seedDemo, demoPassword } from "@/lib/demo/seed";
import { authenticate } from "@/lib/auth/credentials";
import { signInLimits } from "@/lib/auth/rate-limit";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
  await seedDemo(database.db);
});
afterAll(() => database.close());

describe("credentials sign-in", () => {
  it("accepts the right password, case-insensitively on the email", async () => {
    const result = await authenticate(database.db, { email: " Aluno2@Forja.dev ", password: demoPassword() }, "10.0.0.1");
    expect(result).toMatchObject({ ok: true, user: { email: "aluno2@forja.dev", name: "Bruno Alves" } });
  });

  it("rejects a wrong password, an unknown email and malformed input alike", async () => {
    for (const input of [
      { email: "aluno2@forja.dev", password: "wrong" },
      { email: "nobody@forja.dev", password: demoPassword() },
      { email: "not-an-email", password: "x" },
      { email: "aluno2@forja.dev", password: "x".repeat(5000) },
      null,
    ]) {
      expect(await authenticate(database.db, input, "10.0.0.2")).toEqual({ ok: false, reason: "invalid" });
    }
  });

  it("blocks an email after too many failures, even with the right password then", async () => {
    const email = "aluno3@forja.dev";
    for (let i = 0; i < signInLimits.maxFailuresPerEmail; i++) {
      expect(await authenticate(database.db, { email, password: "wrong" }, `10.1.0.${i}`)).toEqual({ ok: false, reason: "invalid" });
    }
    expect(await authenticate(database.db, { email, password: demoPassword() }, "10.1.1.1")).toEqual({ ok: false, reason: "rate_limited" });
    // Other accounts are not affected.
    expect((await authenticate(database.db, { email: "aluno4@forja.dev", password: demoPassword() }, "10.1.1.1")).ok).toBe(true);
  });

  it("20 simultaneous sign-ins for one email test no more passwords than the limit", async () => {
    const email = "aluno1@forja.dev";
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => authenticate(database.db, { email, password: `guess-${i}` }, `10.2.0.${i}`)),
    );
    // "invalid" means a password was tested; the rest were refused before any check
    expect(results.filter((r) => !r.ok && r.reason === "invalid")).toHaveLength(signInLimits.maxFailuresPerEmail);
    expect(results.filter((r) => !r.ok && r.reason === "rate_limited")).toHaveLength(20 - signInLimits.maxFailuresPerEmail);
  });

  it("successful sign-ins do not use up the limit", async () => {
    for (let i = 0; i < signInLimits.maxFailuresPerEmail + 2; i++) {
      expect((await authenticate(database.db, { email: "instrutora@forja.dev", password: demoPassword() }, "10.3.0.1")).ok).toBe(true);
    }
  });

  it("blocks an address after too many failures, without spending the emails' own limits on the refusals", async () => {
    const address = "10.5.0.1";
    for (let i = 0; i < signInLimits.maxFailuresPerIp; i++) {
      expect(await authenticate(database.db, { email: `guess-${i}@forja.dev`, password: "wrong" }, address)).toEqual({ ok: false, reason: "invalid" });
    }
    // the address is spent: even a right password from it is refused before any check
    expect(await authenticate(database.db, { email: "aluno4@forja.dev", password: demoPassword() }, address)).toEqual({ ok: false, reason: "rate_limited" });
    // those refusals gave the email's reservation back: from another address its whole failure budget is left
    for (let i = 0; i < signInLimits.maxFailuresPerEmail + 3; i++) {
      await authenticate(database.db, { email: "aluno4@forja.dev", password: demoPassword() }, address);
    }
    for (let i = 0; i < signInLimits.maxFailuresPerEmail - 1; i++) {
      expect(await authenticate(database.db, { email: "aluno4@forja.dev", password: "wrong" }, `10.5.1.${i}`)).toEqual({ ok: false, reason: "invalid" });
    }
    expect((await authenticate(database.db, { email: "aluno4@forja.dev", password: demoPassword() }, "10.5.2.1")).ok).toBe(true);
  });

  it("an unknown email takes as long as a known one (a dummy Argon2 verification)", async () => {
    const time = async (email: string) => {
      const start = performance.now();
      const result = await authenticate(database.db, { email, password: "wrong-password" }, `10.4.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`);
      expect(result).toEqual({ ok: false, reason: "invalid" }); // a password was checked, not refused by the limit
      return performance.now() - start;
    };
    // The fastest of several runs: other test files share these cores, and load only ever adds time.
    const fastest = (xs: number[]) => Math.min(...xs);
    await time("nobody-warmup@forja.dev");
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 8; i++) {
      // two accounts, four failures each: under the per-email limit
      known.push(await time(i % 2 ? "monitor@forja.dev" : "instrutora@forja.dev"));
      unknown.push(await time(`nobody-${i}@forja.dev`));
    }
    // Argon2id costs ~16 ms here against ~1 ms of queries: without the dummy check the unknown email is many times faster
    expect(fastest(unknown)).toBeGreaterThan(fastest(known) * 0.5);
  });
});
