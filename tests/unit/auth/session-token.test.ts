import { decode, encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { decodeSessionToken, encodeSessionToken } from "@/lib/auth/session-token";

const secret = "a-test-secret-of-some-length-0123456789";
const token = { uid: "8d3c1f8e-2b9a-4c1e-9f0a-0c2b7e4d5a61", sv: 3, email: "aluno@forja.dev" };

describe("session tokens: next-auth's format with the key derived once", () => {
  it("next-auth's own decode reads what encodeSessionToken issues", async () => {
    const issued = await encodeSessionToken({ token, secret, maxAge: 60 });
    expect(await decode({ token: issued, secret })).toMatchObject({ ...token, jti: expect.any(String), exp: expect.any(Number) });
  });

  it("decodeSessionToken reads a token next-auth issued (sessions from before the change stay valid)", async () => {
    const issued = await encode({ token, secret, maxAge: 60 });
    expect(await decodeSessionToken({ token: issued, secret })).toMatchObject(token);
  });

  it("a salt derives another key, as in next-auth", async () => {
    const issued = await encode({ token, secret, salt: "authjs.other" });
    expect(await decodeSessionToken({ token: issued, secret, salt: "authjs.other" })).toMatchObject(token);
    await expect(decodeSessionToken({ token: issued, secret })).rejects.toThrow();
  });

  it("refuses a token for another secret, a tampered one and an expired one", async () => {
    const issued = await encodeSessionToken({ token, secret });
    await expect(decodeSessionToken({ token: issued, secret: `${secret}x` })).rejects.toThrow();
    const [header, key, iv, body, tag] = issued.split(".");
    const flipped = body!.slice(0, -2) + (body!.at(-2) === "A" ? "B" : "A") + body!.at(-1);
    await expect(decodeSessionToken({ token: [header, key, iv, flipped, tag].join("."), secret })).rejects.toThrow();
    const expired = await encodeSessionToken({ token, secret, maxAge: -60 });
    await expect(decodeSessionToken({ token: expired, secret })).rejects.toThrow(/exp/);
  });

  it("no token, no session", async () => {
    expect(await decodeSessionToken({ token: undefined, secret })).toBeNull();
  });
});
