import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT, type JWK, type KeyLike } from "jose";

/**
 * An LTI 1.3 platform played by the tests: real RSA keys, its JWKS, token, AGS and NRPS endpoints over HTTP on
 * 127.0.0.1. It signs id_tokens as an LMS does; what Forja sends back (scores, token requests) is recorded.
 */
export interface TestPlatform {
  issuer: string;
  clientId: string;
  deploymentId: string;
  url: string;
  jwksFetches: number;
  tokenRequests: { assertion: Record<string, unknown>; scope: string }[];
  scores: { lineItem: string; body: Record<string, unknown>; authorization: string }[];
  /** answer the next N score posts with 503 */
  failScores: number;
  members: Record<string, unknown>[];
  kid: string;
  sign(claims: Record<string, unknown>, options?: { key?: KeyLike; kid?: string; alg?: string }): Promise<string>;
  /** a new signing key (the old one leaves the JWKS): key rotation */
  rotate(): Promise<void>;
  close(): Promise<void>;
}

export async function startTestPlatform(port: number, toolJwks: () => Promise<{ keys: JWK[] }>): Promise<TestPlatform> {
  let keys = await generateKeyPair("RS256", { extractable: true });
  const platform: TestPlatform = {
    issuer: `http://127.0.0.1:${port}`,
    clientId: `forja-client-${randomUUID().slice(0, 8)}`,
    deploymentId: "deployment-1",
    url: `http://127.0.0.1:${port}`,
    jwksFetches: 0,
    tokenRequests: [],
    scores: [],
    failScores: 0,
    members: [],
    kid: randomUUID(),
    async sign(claims, options = {}) {
      return new SignJWT(claims)
        .setProtectedHeader({ alg: options.alg ?? "RS256", kid: options.kid ?? platform.kid, typ: "JWT" })
        .sign(options.key ?? keys.privateKey);
    },
    async rotate() {
      keys = await generateKeyPair("RS256", { extractable: true });
      platform.kid = randomUUID();
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const body = (req: http.IncomingMessage) =>
    new Promise<string>((resolve) => {
      let text = "";
      req.on("data", (c) => (text += c));
      req.on("end", () => resolve(text));
    });
  const server = http.createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", platform.url).pathname;
    const json = (status: number, value: unknown, type = "application/json") => {
      res.writeHead(status, { "content-type": type });
      res.end(JSON.stringify(value));
    };
    if (path === "/jwks") {
      platform.jwksFetches++;
      return json(200, { keys: [{ ...(await exportJWK(keys.publicKey)), kid: platform.kid, alg: "RS256", use: "sig" }] });
    }
    if (path === "/token" && req.method === "POST") {
      const form = new URLSearchParams(await body(req));
      try {
        if (form.get("grant_type") !== "client_credentials") throw new Error("grant_type");
        if (form.get("client_assertion_type") !== "urn:ietf:params:oauth:client-assertion-type:jwt-bearer") throw new Error("assertion type");
        const { payload } = await jwtVerify(form.get("client_assertion") ?? "", createLocalJWKSet(await toolJwks()), { issuer: platform.clientId, subject: platform.clientId, audience: `${platform.url}/token` });
        platform.tokenRequests.push({ assertion: payload, scope: form.get("scope") ?? "" });
        return json(200, { access_token: `token-${randomUUID()}`, token_type: "Bearer", expires_in: 3600, scope: form.get("scope") });
      } catch (error) {
        return json(400, { error: "invalid_client", error_description: (error as Error).message });
      }
    }
    const scores = path.match(/^\/lineitems\/([\w-]+)\/scores$/);
    if (scores && req.method === "POST") {
      if (platform.failScores > 0) {
        platform.failScores--;
        return json(503, { error: "try later" });
      }
      if (req.headers["content-type"] !== "application/vnd.ims.lis.v1.score+json") return json(415, { error: "content type" });
      platform.scores.push({ lineItem: scores[1]!, body: JSON.parse(await body(req)) as Record<string, unknown>, authorization: String(req.headers.authorization) });
      return json(200, {});
    }
    if (path === "/memberships" && req.method === "GET") {
      return json(200, { id: `${platform.url}/memberships`, context: { id: "ctx-1" }, members: platform.members }, "application/vnd.ims.lti-nrps.v2.membershipcontainer+json");
    }
    json(404, { error: "not found" });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const actual = (server.address() as AddressInfo).port;
  if (actual !== port) throw new Error(`platform on ${actual}`);
  return platform;
}
