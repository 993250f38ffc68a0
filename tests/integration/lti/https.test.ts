import { decode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { makeAssessment, makeFixture, NUMERIC, type Fixture } from "@/tests/integration/assessments/fixture";
import { startTestPlatform, type TestPlatform } from "./platform";

// Over https the state is bound to the browser: the login sets a SameSite=None; Secure cookie the launch requires.
const state = vi.hoisted(() => ({ db: null as unknown }));
vi.hoisted(() => {
  process.env.NEXTAUTH_SECRET = "lti-https-secret-000000000000000";
  process.env.NEXTAUTH_URL = "https://forja.test";
});
vi.mock("server-only", () => ({}));
vi.mock("@/lib/auth/options", () => ({ authOptions: {} }));
vi.mock("@/db/client", async (original) => ({ ...(await original<object>()), getDb: async () => state.db as Db }));

const loginRoute = await import("@/app/api/lti/login/route");
const launchRoute = await import("@/app/api/lti/launch/route");
const jwksRoute = await import("@/app/api/lti/jwks/route");
const { addPlatform, linkContext } = await import("@/lib/lti/platforms");

const C = "https://purl.imsglobal.org/spec/lti/claim/";
let f: Fixture;
let platform: TestPlatform;
beforeAll(async () => {
  f = await makeFixture();
  state.db = f.database.db;
  await makeAssessment(f, { slug: "lista-1" }, [[NUMERIC]]);
  platform = await startTestPlatform(3916, async () => (await jwksRoute.GET()).json());
  const added = await addPlatform(f.database.db, { name: "P", issuer: platform.issuer, clientId: platform.clientId, deploymentIds: [platform.deploymentId], authLoginUrl: `${platform.url}/auth`, tokenUrl: `${platform.url}/token`, jwksUrl: `${platform.url}/jwks` });
  if (!added.ok) throw new Error("platform");
  await linkContext(f.database.db, added.platform.id, "ctx-1", "t");
});
afterAll(async () => {
  await platform?.close();
  await f?.database.close();
});

async function login() {
  const response = await loginRoute.GET(new Request(`https://forja.test/api/lti/login?${new URLSearchParams({ iss: platform.issuer, login_hint: "h", target_link_uri: "https://forja.test/api/lti/launch" })}`));
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get("location")!);
  return { state: location.searchParams.get("state")!, nonce: location.searchParams.get("nonce")!, setCookie: response.headers.getSetCookie(), redirect: location.searchParams.get("redirect_uri") };
}

async function idToken(nonce: string) {
  const iat = Math.floor(Date.now() / 1000);
  return platform.sign({
    iss: platform.issuer, aud: platform.clientId, sub: "s-1", iat, exp: iat + 300, nonce,
    [`${C}message_type`]: "LtiResourceLinkRequest", [`${C}version`]: "1.3.0", [`${C}deployment_id`]: platform.deploymentId,
    [`${C}target_link_uri`]: "https://forja.test/api/lti/launch", [`${C}resource_link`]: { id: "rl" },
    [`${C}roles`]: ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"], [`${C}context`]: { id: "ctx-1" }, [`${C}custom`]: { forja_assessment: "lista-1" },
  });
}

const post = (token: string, s: string, cookie?: string) =>
  launchRoute.POST(new Request("https://forja.test/api/lti/launch", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...(cookie ? { cookie } : {}) }, body: new URLSearchParams({ id_token: token, state: s }) }));

describe("LTI over https", () => {
  it("the state cookie is SameSite=None; Secure, required at the launch, and the session cookie is __Secure-", async () => {
    const first = await login();
    expect(first.redirect).toBe("https://forja.test/api/lti/launch");
    const cookie = first.setCookie.find((c) => c.startsWith("forja-lti-state="))!;
    expect(cookie).toContain(`forja-lti-state=${first.state}`);
    expect(cookie).toMatch(/HttpOnly; Secure; SameSite=None/);
    const refused = await post(await idToken(first.nonce), first.state);
    expect(refused.status).toBe(401);
    expect(await refused.text()).toContain('data-lti-error="unknown_state"');

    const second = await login();
    const launched = await post(await idToken(second.nonce), second.state, `forja-lti-state=${second.state}`);
    expect(launched.status, await launched.clone().text()).toBe(303);
    const session = launched.headers.getSetCookie().find((c) => c.startsWith("__Secure-next-auth.session-token="))!;
    expect(session).toContain("; Secure");
    const token = await decode({ token: session.split(";")[0]!.split("=")[1]!, secret: "lti-https-secret-000000000000000" });
    expect(token?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(launched.headers.getSetCookie().some((c) => c.startsWith("forja-lti-state=;") && c.includes("Max-Age=0"))).toBe(true);
  });
});
