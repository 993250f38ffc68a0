import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { openTestDatabase } from "@/tests/integration/test-database";
import { seedDemo, demoPassword } from "@/db/seed";
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
});
