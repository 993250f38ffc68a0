import { decode, encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { decodeSessionToken, encodeSessionToken, sessionTokenOf } from "@/lib/auth/session-token";

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

  it("finds the session cookie by next-auth's name, its chunks joined in order", () => {
    const other = { name: "next-auth.csrf-token", value: "x" };
    expect(sessionTokenOf([other, { name: "next-auth.session-token", value: "abc" }], false)).toBe("abc");
    expect(sessionTokenOf([{ name: "next-auth.session-token", value: "abc" }], true)).toBeNull();
    expect(sessionTokenOf([{ name: "__Secure-next-auth.session-token", value: "abc" }], true)).toBe("abc");
    const chunks = [2, 0, 10, 1].map((i) => ({ name: `next-auth.session-token.${i}`, value: `<${i}>` }));
    expect(sessionTokenOf([other, ...chunks], false)).toBe("<0><1><2><10>");
    expect(sessionTokenOf([{ name: "next-auth.session-token.evil", value: "x" }, other], false)).toBeNull();
  });
});
