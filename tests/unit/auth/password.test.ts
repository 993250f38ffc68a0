import { describe, expect, it } from "vitest";
import { hashPassword, PASSWORD_HASHES_AT_ONCE, passwordWork, verifyAgainstDummy, verifyPassword } from "@/lib/auth/password";

describe("password hashing", () => {
  it("checks a password against its Argon2id hash", async () => {
    const stored = await hashPassword("uma frase longa");
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(stored, "uma frase longa")).toBe(true);
    expect(await verifyPassword(stored, "outra frase")).toBe(false);
    expect(await verifyPassword("not a hash", "uma frase longa")).toBe(false);
    expect(await verifyAgainstDummy("uma frase longa")).toBe(false);
  });

  it("computes at most one hash per two cores at once; the others wait their turn", async () => {
    const stored = await hashPassword("uma frase longa");
    let most = 0;
    const watch = setInterval(() => (most = Math.max(most, passwordWork.activeCount)), 1);
    const checks = Array.from({ length: 6 }, () => verifyPassword(stored, "uma frase longa"));
    expect(passwordWork.activeCount).toBeLessThanOrEqual(PASSWORD_HASHES_AT_ONCE);
    expect(passwordWork.activeCount + passwordWork.pendingCount).toBe(6);
    expect(await Promise.all(checks)).toEqual(Array(6).fill(true));
    clearInterval(watch);
    expect(most).toBeLessThanOrEqual(PASSWORD_HASHES_AT_ONCE);
  });
});
