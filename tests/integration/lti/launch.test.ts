import { and, eq } from "drizzle-orm";
import { generateKeyPair, type JWK } from "jose";
import { decode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { enrolments, ltiIdentities, ltiScores, submissions, users } from "@/db/schema";
import { makeVariant, referenceAnswer } from "@/grader/grade";
import { loadItemContext } from "@/lib/assessments/context";
import { courseScores, resendScores } from "@/lib/lti/ags";
import { syncRosterFromLms } from "@/lib/lti/nrps";
import { createLocalJWKSet, jwtVerify } from "jose";
import { LtiScoreWorker } from "@/lib/lti/score-worker";
import { makeAssessment, makeFixture, NUMERIC, type Fixture } from "@/tests/integration/assessments/fixture";
import { startTestPlatform, type TestPlatform } from "./platform";

// Forja's routes run for real against a platform with real keys over HTTP. The test is the browser: it follows the
// redirects and carries the session cookie, which the routes decode (lib/auth/session.ts).
const SECRET = "lti-test-secret-0000000000000000";
const state = vi.hoisted(() => ({ db: null as unknown, now: new Date(), cookie: "" }));
vi.hoisted(() => {
  process.env.NEXTAUTH_SECRET = "lti-test-secret-0000000000000000";
  process.env.NEXTAUTH_URL = "http://forja.test";
});
vi.mock("server-only", () => ({}));
vi.mock("@/lib/auth/options", () => ({ authOptions: {} }));
vi.mock("@/lib/clock", () => ({ currentTime: () => state.now }));
// the browser's cookies as the route sees them: lib/auth/session.ts decodes the session token itself
vi.mock("next/headers", () => {
  const jar = () =>
    state.cookie
      .split(";")
      .map((pair) => pair.trim())
      .filter(Boolean)
      .map((pair) => ({ name: pair.slice(0, pair.indexOf("=")), value: pair.slice(pair.indexOf("=") + 1) }));
  return {
    cookies: async () => ({ getAll: jar, get: (name: string) => jar().find((c) => c.name === name) }),
    headers: async () => new Headers(),
  };
});
vi.mock("@/db/client", async (original) => ({ ...(await original<object>()), getDb: async () => state.db as Db }));

const loginRoute = await import("@/app/api/lti/login/route");
const launchRoute = await import("@/app/api/lti/launch/route");
const jwksRoute = await import("@/app/api/lti/jwks/route");
const deepLinkRoute = await import("@/app/api/lti/deep-link/route");
const resendRoute = await import("@/app/api/courses/[courseId]/manage/lti/scores/resend/route");
const rosterSyncRoute = await import("@/app/api/courses/[courseId]/manage/lti/roster-sync/route");
const platformsRoute = await import("@/app/api/admin/lti/platforms/route");
const { sessionCookieFor } = await import("@/lib/lti/session");
const postJson = (route: { POST: (r: Request, c: never) => Promise<Response> }, body: unknown = {}) =>
  route.POST(new Request("http://forja.test/api", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }), { params: Promise.resolve({ courseId: f.courseId }) } as never);
const submissionsRoute = await import("@/app/api/courses/[courseId]/items/[itemId]/submissions/route");
const { runAdminCli } = await import("@/db/admin-cli");

const PORT = 3915;
const C = "https://purl.imsglobal.org/spec/lti/claim/";
const ROLE = "http://purl.imsglobal.org/vocab/lis/v2/membership#";
let f: Fixture;
let platform: TestPlatform;
let assessmentId = "";
let assessmentSlug = "";
let itemId = "";
let platformId = "";

async function admin(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await runAdminCli(argv, { out: (s: string) => void (out += s), err: (s: string) => void (err += s) } as never, {
    openDb: async () => ({ db: f.database.db, close: async () => undefined }),
    readStdin: async () => "",
  });
  return { code, out, err };
}

beforeAll(async () => {
  f = await makeFixture();
  state.db = f.database.db;
  state.now = new Date();
  const made = await makeAssessment(f, { opensAt: new Date(Date.now() - 86_400_000), closesAt: new Date(Date.now() + 86_400_000), slug: "lista-1", title: "Lista 1", penaltySchedule: [1] }, [[NUMERIC]]);
  assessmentId = made.assessmentId;
  assessmentSlug = "lista-1";
  itemId = made.itemIds[0]!;
  platform = await startTestPlatform(PORT, async () => (await (await jwksRoute.GET()).json()) as { keys: JWK[] });
  const added = await admin("lti", "add", "--name", "Moodle de teste", "--issuer", platform.issuer, "--client-id", platform.clientId, "--deployment-id", platform.deploymentId, "--auth-url", `${platform.url}/auth`, "--token-url", `${platform.url}/token`, "--jwks-url", `${platform.url}/jwks`, "--json");
  expect(added.code, added.err).toBe(0);
  const result = JSON.parse(added.out) as { id: string; tool: Record<string, string> };
  platformId = result.id;
  expect(result.tool).toEqual({
    loginInitiationUrl: "http://forja.test/api/lti/login",
    redirectUrl: "http://forja.test/api/lti/launch",
    targetLinkUrl: "http://forja.test/api/lti/launch",
    deepLinkingUrl: "http://forja.test/api/lti/launch",
    jwksUrl: "http://forja.test/api/lti/jwks",
  });
  const linked = await admin("lti", "link", "--platform", platformId, "--context", "ctx-1", "--course", "t", "--json");
  expect(linked.code, linked.err).toBe(0);
});
afterAll(async () => {
  await platform?.close();
  await f?.database.close();
});

/** The platform starts a login; returns the state and nonce Forja asked the platform's authorization endpoint for. */
async function login(extra: Record<string, string> = {}): Promise<{ state: string; nonce: string; location: URL }> {
  const form = new URLSearchParams({ iss: platform.issuer, login_hint: "hint-1", target_link_uri: "http://forja.test/api/lti/launch", client_id: platform.clientId, lti_deployment_id: platform.deploymentId, ...extra });
  const response = await loginRoute.POST(new Request("http://forja.test/api/lti/login", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form }));
  expect(response.status, await response.clone().text()).toBe(302);
  const location = new URL(response.headers.get("location")!);
  return { state: location.searchParams.get("state")!, nonce: location.searchParams.get("nonce")!, location };
}

interface Person {
  sub: string;
  roles: string[];
  email?: string;
  name?: string;
}

function claims(person: Person, nonce: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const iat = Math.floor(state.now.getTime() / 1000);
  return {
    iss: platform.issuer,
    aud: platform.clientId,
    sub: person.sub,
    iat,
    exp: iat + 300,
    nonce,
    name: person.name ?? person.sub,
    email: person.email,
    locale: "en",
    [`${C}message_type`]: "LtiResourceLinkRequest",
    [`${C}version`]: "1.3.0",
    [`${C}deployment_id`]: platform.deploymentId,
    [`${C}target_link_uri`]: "http://forja.test/api/lti/launch",
    [`${C}resource_link`]: { id: "rl-1", title: "Lista 1" },
    [`${C}roles`]: person.roles,
    [`${C}context`]: { id: "ctx-1", title: "INF721" },
    [`${C}custom`]: { forja_assessment: assessmentSlug },
    "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint": {
      scope: ["https://purl.imsglobal.org/spec/lti-ags/scope/score"],
      lineitems: `${platform.url}/lineitems`,
      lineitem: `${platform.url}/lineitems/li-1`,
    },
    "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice": { context_memberships_url: `${platform.url}/memberships`, service_versions: ["2.0"] },
    ...overrides,
  };
}

async function postLaunch(idToken: string, stateValue: string, cookie = ""): Promise<Response> {
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  if (cookie) headers.cookie = cookie;
  return launchRoute.POST(new Request("http://forja.test/api/lti/launch", { method: "POST", headers, body: new URLSearchParams({ id_token: idToken, state: stateValue }) }));
}

/** A whole launch: login initiation, the platform's signed id_token, the form post. */
async function launch(person: Person, overrides: Record<string, unknown> = {}, sign: Parameters<TestPlatform["sign"]>[1] = {}): Promise<Response> {
  const { state: s, nonce } = await login();
  return postLaunch(await platform.sign(claims(person, nonce, overrides), sign), s);
}

async function refused(response: Response, code: string, status: number) {
  const html = await response.text();
  expect(response.status, html).toBe(status);
  expect(response.headers.get("content-type")).toContain("text/html");
  expect(html).toContain(`data-lti-error="${code}"`);
  expect(html).not.toMatch(/at \w+ \(|node_modules|Error:/);
  return html;
}

const sessionOf = async (response: Response) => {
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith("next-auth.session-token="))!;
  expect(cookie).toContain("HttpOnly");
  const raw = cookie.split(";")[0]!.split("=")[1]!;
  return { cookie: cookie.split(";")[0]!, token: await decode({ token: raw, secret: SECRET }) };
};

const userOf = async (sub: string) => {
  const [row] = await f.database.db
    .select({ id: users.id, email: users.email })
    .from(ltiIdentities)
    .innerJoin(users, eq(users.id, ltiIdentities.userId))
    .where(and(eq(ltiIdentities.platformId, platformId), eq(ltiIdentities.sub, sub)));
  return row;
};
const roleOf = async (userId: string) => (await f.database.db.select().from(enrolments).where(and(eq(enrolments.courseId, f.courseId), eq(enrolments.userId, userId))))[0]?.role;

describe("admin lti", () => {
  it("refuses a second registration, a bad URL, a missing deployment and an unknown course; lists the platforms", async () => {
    const base = ["lti", "add", "--name", "X", "--issuer", platform.issuer, "--client-id", platform.clientId, "--auth-url", `${platform.url}/auth`, "--token-url", `${platform.url}/token`, "--jwks-url", `${platform.url}/jwks`];
    const again = await admin(...base, "--deployment-id", "d", "--json");
    expect(again.code).toBe(1);
    expect(JSON.parse(again.out)).toEqual({ error: "a platform with this issuer and client id is already registered" });
    const badUrl = await admin(...base.slice(0, -1), "not a url", "--deployment-id", "d");
    expect([badUrl.code, badUrl.err]).toEqual([1, "admin: invalid --jwks-url\n"]);
    expect((await admin(...base)).code).toBe(2);
    expect((await admin("lti", "link", "--platform", platformId, "--context", "c", "--course", "nope")).err).toContain("no course with this slug");
    expect((await admin("lti", "link", "--platform", "not-a-uuid", "--context", "c", "--course", "t")).err).toContain("no platform with this id");
    const listed = JSON.parse((await admin("lti", "list", "--json")).out) as { platforms: { id: string; deploymentIds: string[] }[] };
    expect(listed.platforms).toEqual([expect.objectContaining({ id: platformId, deploymentIds: [platform.deploymentId] })]);
  });
});

describe("registering a platform in the browser", () => {
  it("an administrator registers one; anyone else is refused; refusals name the field", async () => {
    const [adminUser] = await f.database.db.insert(users).values({ email: "admin@t.dev", name: "Admin", isAdmin: true }).returning();
    const send = (body: Record<string, string>) =>
      platformsRoute.POST(new Request("http://forja.test/api/admin/lti/platforms", { method: "POST", headers: { "content-type": "application/json", cookie: "FORJA_LOCALE=en" }, body: JSON.stringify(body) }));
    const body = { name: "Canvas", issuer: "https://canvas.instructure.com", clientId: "10000000000042", deploymentIds: "7:abc, 8:def", authLoginUrl: "https://canvas.test/api/lti/authorize_redirect", tokenUrl: "https://canvas.test/login/oauth2/token", jwksUrl: "https://canvas.test/api/lti/security/jwks" };
    state.cookie = (await sessionCookieFor({ id: f.student, email: "s1@t.dev", name: "s1", sessionVersion: 0 })).split(";")[0]!;
    expect((await send(body)).status).toBe(403);
    state.cookie = (await sessionCookieFor({ id: adminUser!.id, email: adminUser!.email, name: "Admin", sessionVersion: 0 })).split(";")[0]!;
    const created = await send(body);
    expect(created.status, await created.clone().text()).toBe(201);
    const listed = JSON.parse((await admin("lti", "list", "--json")).out) as { platforms: { clientId: string; deploymentIds: string[] }[] };
    expect(listed.platforms.find((p) => p.clientId === "10000000000042")?.deploymentIds).toEqual(["7:abc", "8:def"]);
    const again = await send(body);
    expect(again.status).toBe(409);
    const bad = await send({ ...body, clientId: "other", tokenUrl: "ftp://x" });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toBe("Check the field: Access token URL.");
  });
});

describe("LTI 1.3 login initiation and launch", () => {
  it("asks the platform for an id_token with a fresh state and nonce, form_post, prompt=none, the registered redirect", async () => {
    const { location, state: s, nonce } = await login({ lti_message_hint: "msg-7" });
    expect(location.origin + location.pathname).toBe(`${platform.url}/auth`);
    expect(Object.fromEntries(location.searchParams)).toMatchObject({ scope: "openid", response_type: "id_token", response_mode: "form_post", prompt: "none", client_id: platform.clientId, redirect_uri: "http://forja.test/api/lti/launch", login_hint: "hint-1", lti_message_hint: "msg-7" });
    expect(s.length).toBeGreaterThanOrEqual(40);
    expect(nonce).not.toBe(s);
  });

  it("a learner is provisioned by (iss, sub), enrolled as a student, signed in and sent to the assessment, then submits", async () => {
    const response = await launch({ sub: "learner-1", roles: [`${ROLE}Learner`], email: "aluna@ufv.br", name: "Aluna Um" });
    expect(response.status, await response.clone().text()).toBe(303);
    expect(response.headers.get("location")).toBe(`http://forja.test/courses/${f.courseId}/assessments/${assessmentId}`);
    const learner = (await userOf("learner-1"))!;
    expect(learner.email).toBe("aluna@ufv.br");
    expect(await roleOf(learner.id)).toBe("student");
    const { cookie, token } = await sessionOf(response);
    expect(token).toMatchObject({ uid: learner.id, sv: 0 });
    // the session works with the existing checks: the learner submits an answer through the real route
    state.cookie = cookie;
    const submitted = await submissionsRoute.POST(
      new Request("http://forja.test/api", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ answer: "61706", idempotencyKey: "lti-launch-1" }) }),
      { params: Promise.resolve({ courseId: f.courseId, itemId }) } as never,
    );
    expect(submitted.status, await submitted.clone().text()).toBe(201);
    const rows = await f.database.db.select().from(submissions).where(eq(submissions.userId, learner.id));
    expect(rows).toHaveLength(1);
    // a second launch finds the same account
    const again = await launch({ sub: "learner-1", roles: [`${ROLE}Learner`], email: "aluna@ufv.br" });
    expect(again.status).toBe(303);
    expect((await sessionOf(again)).token?.uid).toBe(learner.id);
  });

  it("an instructor and a TA get their roles and their pages", async () => {
    const instructor = await launch({ sub: "teacher-1", roles: [`${ROLE}Instructor`] });
    expect(instructor.status).toBe(303);
    expect(instructor.headers.get("location")).toBe(`http://forja.test/courses/${f.courseId}/manage/assessments/${assessmentId}`);
    expect(await roleOf((await userOf("teacher-1"))!.id)).toBe("instructor");
    const ta = await launch({ sub: "ta-1", roles: ["http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant"] });
    expect(ta.headers.get("location")).toBe(`http://forja.test/courses/${f.courseId}/review`);
    expect(await roleOf((await userOf("ta-1"))!.id)).toBe("ta");
  });

  it("never matches by e-mail: a platform user with an existing Forja account's address gets a new account", async () => {
    const response = await launch({ sub: "impostor", roles: [`${ROLE}Learner`], email: "ta@t.dev" });
    expect(response.status).toBe(303);
    const impostor = (await userOf("impostor"))!;
    expect(impostor.id).not.toBe(f.ta);
    expect(impostor.email).toMatch(/@lti\.invalid$/);
    expect((await sessionOf(response)).token?.uid).toBe(impostor.id);
  });

  it("role escalation: institution or system roles grant nothing; a learner stays a student", async () => {
    const response = await launch({ sub: "learner-2", roles: [`${ROLE}Learner`, "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Instructor", "http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator"] });
    expect(response.status).toBe(303);
    expect(await roleOf((await userOf("learner-2"))!.id)).toBe("student");
    await refused(await launch({ sub: "admin-only", roles: ["http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator"] }), "no_role", 403);
  });

  it("a learner launching an instructor link is refused and not enrolled", async () => {
    const html = await refused(await launch({ sub: "learner-3", roles: [`${ROLE}Learner`] }, { [`${C}custom`]: { forja_target: "manage" } }), "staff_only", 403);
    expect(html).toContain("This link is for the course staff.");
    const learner = await userOf("learner-3");
    expect(learner ? await roleOf(learner.id) : undefined).toBeUndefined();
  });

  it("refuses an expired token, a token from the future, a wrong audience and a wrong azp", async () => {
    const iat = Math.floor(state.now.getTime() / 1000);
    const learner = { sub: "learner-1", roles: [`${ROLE}Learner`] };
    await refused(await launch(learner, { iat: iat - 900, exp: iat - 600 }), "expired", 401);
    await refused(await launch(learner, { iat: iat + 600, exp: iat + 900 }), "bad_token", 401);
    await refused(await launch(learner, { aud: "another-tool" }), "wrong_audience", 401);
    await refused(await launch(learner, { aud: [platform.clientId, "another-tool"], azp: "another-tool" }), "wrong_audience", 401);
    await refused(await launch(learner, { aud: [platform.clientId, "another-tool"] }), "wrong_audience", 401);
    await refused(await launch(learner, { iss: "http://evil.test" }), "bad_token", 401);
  });

  it("refuses a replayed id_token, a replayed state and a nonce of another state", async () => {
    const learner = { sub: "learner-1", roles: [`${ROLE}Learner`] };
    const first = await login();
    const token = await platform.sign(claims(learner, first.nonce));
    expect((await postLaunch(token, first.state)).status).toBe(303);
    await refused(await postLaunch(token, first.state), "unknown_state", 401);
    const second = await login();
    await refused(await postLaunch(token, second.state), "replayed", 401);
    await refused(await postLaunch(token, "made-up-state"), "unknown_state", 401);
  });

  it("a state expires", async () => {
    const { state: s, nonce } = await login();
    const later = new Date(state.now.getTime() + 11 * 60_000);
    const token = await platform.sign(claims({ sub: "learner-1", roles: [`${ROLE}Learner`] }, nonce, { iat: Math.floor(later.getTime() / 1000), exp: Math.floor(later.getTime() / 1000) + 300 }));
    const saved = state.now;
    state.now = later;
    try {
      await refused(await postLaunch(token, s), "unknown_state", 401);
    } finally {
      state.now = saved;
    }
  });

  it("a state bound to another browser is refused", async () => {
    const { state: s, nonce } = await login();
    const token = await platform.sign(claims({ sub: "learner-1", roles: [`${ROLE}Learner`] }, nonce));
    await refused(await postLaunch(token, s, "forja-lti-state=someone-else"), "unknown_state", 401);
  });

  it("an unknown kid refetches the JWKS: a rotated key is accepted, a stranger's key refused", async () => {
    const before = platform.jwksFetches;
    await platform.rotate();
    expect((await launch({ sub: "learner-1", roles: [`${ROLE}Learner`] })).status).toBe(303);
    expect(platform.jwksFetches).toBe(before + 1);
    // cached now: no fetch
    expect((await launch({ sub: "learner-1", roles: [`${ROLE}Learner`] })).status).toBe(303);
    expect(platform.jwksFetches).toBe(before + 1);
    const stranger = await generateKeyPair("RS256");
    await refused(await launch({ sub: "learner-1", roles: [`${ROLE}Instructor`] }, {}, { key: stranger.privateKey, kid: "stranger" }), "bad_signature", 401);
    expect(platform.jwksFetches).toBe(before + 2);
    await refused(await launch({ sub: "learner-1", roles: [`${ROLE}Instructor`] }, {}, { key: stranger.privateKey }), "bad_signature", 401);
  });

  it("refuses a missing or unknown deployment, a wrong version or message type, an unlinked context", async () => {
    const learner = { sub: "learner-1", roles: [`${ROLE}Learner`] };
    await refused(await launch(learner, { [`${C}deployment_id`]: undefined }), "bad_deployment", 401);
    await refused(await launch(learner, { [`${C}deployment_id`]: "other-deployment" }), "bad_deployment", 401);
    await refused(await launch(learner, { [`${C}version`]: "1.1" }), "bad_claims", 400);
    await refused(await launch(learner, { [`${C}message_type`]: "LtiSubmissionReviewRequest" }), "bad_claims", 400);
    await refused(await launch(learner, { [`${C}context`]: { id: "ctx-unlinked" } }), "not_linked", 404);
  });

  it("refuses a login initiation from an unknown platform or deployment, or to a target outside Forja, in the reader's language", async () => {
    const form = (extra: Record<string, string>) =>
      loginRoute.POST(new Request("http://forja.test/api/lti/login", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ iss: platform.issuer, login_hint: "h", target_link_uri: "http://forja.test/api/lti/launch", ...extra }) }));
    const html = await refused(await form({ iss: "http://unknown.test" }), "unknown_platform", 400);
    expect(html).toContain("Este AVA não está cadastrado no Forja.");
    await refused(await form({ lti_deployment_id: "nope" }), "bad_deployment", 401);
    await refused(await form({ target_link_uri: "http://evil.test/phish" }), "bad_target", 400);
    await refused(await form({ login_hint: "" }), "bad_request", 400);
  });
});

describe("Assignment and Grade Services: scores sent to the line item", () => {
  const submitAs = async (launched: Response, answer: string, key: string) => {
    state.cookie = (await sessionOf(launched)).cookie;
    return submissionsRoute.POST(
      new Request("http://forja.test/api", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ answer, idempotencyKey: key }) }),
      { params: Promise.resolve({ courseId: f.courseId, itemId }) } as never,
    );
  };
  const scoresOf = (sub: string) => platform.scores.filter((s) => s.body.userId === sub);

  it("the learner's graded answer, a better one and a regrade each reach the platform, with a client-credentials token", async () => {
    const worker = new LtiScoreWorker(f.database.db, 60_000, () => state.now);
    await worker.tick();
    const [first] = scoresOf("learner-1");
    expect(first?.lineItem).toBe("li-1");
    expect(first?.body).toMatchObject({ scoreGiven: 0, scoreMaximum: 1, activityProgress: "Completed", gradingProgress: "FullyGraded", userId: "learner-1", timestamp: state.now.toISOString() });
    expect(first?.authorization).toMatch(/^Bearer token-/);
    expect(platform.tokenRequests.at(-1)?.scope).toBe("https://purl.imsglobal.org/spec/lti-ags/scope/score");
    // unchanged grade: nothing sent again
    await worker.tick();
    expect(scoresOf("learner-1")).toHaveLength(1);

    const learner = (await userOf("learner-1"))!;
    const context = (await loadItemContext(f.database.db, f.courseId, itemId, learner.id))!;
    const right = await referenceAnswer(context.question, makeVariant(context.question, context.variant.seed));
    const launched = await launch({ sub: "learner-1", roles: [`${ROLE}Learner`] });
    const submitted = await submitAs(launched, right, "lti-launch-2");
    expect(submitted.status, await submitted.clone().text()).toBe(201);
    state.now = new Date(state.now.getTime() + 1000);
    await worker.tick();
    expect(scoresOf("learner-1").at(-1)?.body).toMatchObject({ scoreGiven: 1, scoreMaximum: 1, timestamp: state.now.toISOString() });

    // a regrade lowers the best answer (as lib/assessments/regrade.ts writes it): the new grade is sent
    await f.database.db.update(submissions).set({ score: 0.5 }).where(and(eq(submissions.userId, learner.id), eq(submissions.idempotencyKey, "lti-launch-2")));
    state.now = new Date(state.now.getTime() + 1000);
    await worker.tick();
    expect(scoresOf("learner-1").at(-1)?.body).toMatchObject({ scoreGiven: 0.5 });
    expect((await courseScores(f.database.db, f.courseId)).find((s) => s.email === "aluna@ufv.br")?.status).toBe("sent");
  });

  it("a platform that fails is retried with back-off, then the score is failed for the instructor, who sends it again", async () => {
    const learner = (await userOf("learner-1"))!;
    const worker = new LtiScoreWorker(f.database.db, 60_000, () => state.now);
    await f.database.db.update(submissions).set({ score: 0.75 }).where(and(eq(submissions.userId, learner.id), eq(submissions.idempotencyKey, "lti-launch-2")));
    const before = scoresOf("learner-1").length;
    platform.failScores = 100;
    const row = async () => (await f.database.db.select().from(ltiScores).where(eq(ltiScores.userId, learner.id)))[0]!;
    await worker.tick();
    expect(await row()).toMatchObject({ status: "pending", attempts: 1 });
    expect((await row()).lastError).toContain("503");
    // not due yet: nothing is tried before the back-off ends
    await worker.tick();
    expect((await row()).attempts).toBe(1);
    for (let i = 0; i < 7; i++) {
      state.now = new Date((await row()).nextAttemptAt.getTime() + 1);
      await worker.tick();
    }
    expect(await row()).toMatchObject({ status: "failed", attempts: 8 });
    const gaps = (await row()).nextAttemptAt.getTime() - state.now.getTime();
    expect(gaps).toBeGreaterThan(30_000 * 2 ** 6);
    platform.failScores = 0;
    // only the instructor may send again (a learner's session is refused)
    state.cookie = (await sessionOf(await launch({ sub: "learner-1", roles: [`${ROLE}Learner`] }))).cookie;
    expect((await postJson(resendRoute)).status).toBe(403);
    state.cookie = (await sessionOf(await launch({ sub: "teacher-1", roles: [`${ROLE}Instructor`] }))).cookie;
    const resent = await postJson(resendRoute);
    expect(resent.status, await resent.clone().text()).toBe(200);
    expect(await resent.json()).toEqual({ requeued: 1 });
    expect(await resendScores(f.database.db, f.courseId, state.now)).toBe(0);
    await worker.tick();
    expect(await row()).toMatchObject({ status: "sent" });
    expect(scoresOf("learner-1").slice(before).map((s) => s.body.scoreGiven)).toEqual([0.75]);
  });
});

describe("Deep Linking 2.0 and Names and Role Provisioning Services", () => {
  const DL = "https://purl.imsglobal.org/spec/lti-dl/claim/";
  const deepLinkingRequest = {
    [`${C}message_type`]: "LtiDeepLinkingRequest",
    [`${C}resource_link`]: undefined,
    [`${C}custom`]: undefined,
    [`${DL}deep_linking_settings`]: { deep_link_return_url: `http://127.0.0.1:${PORT}/deep-link-return`, accept_types: ["ltiResourceLink"], data: "opaque-123" },
  };

  it("an instructor picks a Forja assessment: the platform gets a signed LtiDeepLinkingResponse, and the new link opens it", async () => {
    const launched = await launch({ sub: "teacher-1", roles: [`${ROLE}Instructor`] }, deepLinkingRequest);
    expect(launched.status, await launched.clone().text()).toBe(303);
    const picker = new URL(launched.headers.get("location")!);
    expect(picker.pathname).toBe("/lti/deep-link");
    state.cookie = (await sessionOf(launched)).cookie;
    const chosen = await deepLinkRoute.POST(
      new Request("http://forja.test/api/lti/deep-link", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ request: picker.searchParams.get("request")!, assessmentId }) }),
    );
    const html = await chosen.text();
    expect(chosen.status, html).toBe(200);
    expect(html).toContain(`action="${platform.url}/deep-link-return"`);
    expect(chosen.headers.get("content-security-policy")).toContain(`form-action ${platform.url}`);
    const jwt = /name="JWT" value="([^"]+)"/.exec(html)![1]!;
    const { payload } = await jwtVerify(jwt, createLocalJWKSet((await (await jwksRoute.GET()).json()) as { keys: JWK[] }), { issuer: platform.clientId, audience: platform.issuer });
    expect(payload).toMatchObject({ [`${C}message_type`]: "LtiDeepLinkingResponse", [`${C}version`]: "1.3.0", [`${C}deployment_id`]: platform.deploymentId, [`${DL}data`]: "opaque-123" });
    const [item] = payload[`${DL}content_items`] as Record<string, unknown>[];
    expect(item).toMatchObject({ type: "ltiResourceLink", title: "Lista 1", url: "http://forja.test/api/lti/launch", custom: { forja_assessment: assessmentSlug }, lineItem: { scoreMaximum: 1 } });
    // the platform creates the link with that custom parameter: a learner's launch of it opens the assessment
    const opened = await launch({ sub: "learner-1", roles: [`${ROLE}Learner`] }, { [`${C}resource_link`]: { id: "rl-deep-1" }, [`${C}custom`]: item!.custom });
    expect(opened.headers.get("location")).toBe(`http://forja.test/courses/${f.courseId}/assessments/${assessmentId}`);
  });

  it("a learner cannot deep-link, nor use an instructor's picker", async () => {
    await refused(await launch({ sub: "learner-1", roles: [`${ROLE}Learner`] }, deepLinkingRequest), "staff_only", 403);
    const launched = await launch({ sub: "teacher-1", roles: [`${ROLE}Instructor`] }, deepLinkingRequest);
    const request = new URL(launched.headers.get("location")!).searchParams.get("request")!;
    state.cookie = (await sessionOf(await launch({ sub: "learner-1", roles: [`${ROLE}Learner`] }))).cookie;
    await refused(
      await deepLinkRoute.POST(new Request("http://forja.test/api/lti/deep-link", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ request, assessmentId }) })),
      "staff_only",
      403,
    );
  });

  it("the roster sync enrols the LMS's members, removes the inactive ones and ignores unknown roles", async () => {
    const learner2 = (await userOf("learner-2"))!;
    platform.members = [
      { user_id: "nrps-new", roles: [`${ROLE}Learner`], status: "Active", name: "Nova Aluna", email: "nova@ufv.br" },
      { user_id: "learner-2", roles: [`${ROLE}Learner`], status: "Inactive" },
      { user_id: "guest", roles: ["http://purl.imsglobal.org/vocab/lis/v2/institution/person#Guest"] },
      { user_id: "teacher-1", roles: [`${ROLE}Instructor`] },
    ];
    state.cookie = (await sessionOf(await launch({ sub: "teacher-1", roles: [`${ROLE}Instructor`] }))).cookie;
    const synced = await postJson(rosterSyncRoute);
    expect(synced.status, await synced.clone().text()).toBe(200);
    expect(await synced.json()).toEqual({ members: 4, enrolled: 1, removed: 1, skipped: 1 });
    // a second sync changes nothing
    expect(await syncRosterFromLms(f.database.db, f.courseId, state.now)).toEqual({ members: 4, enrolled: 0, removed: 0, skipped: 1 });
    expect(await roleOf((await userOf("nrps-new"))!.id)).toBe("student");
    const [removed] = await f.database.db.select().from(enrolments).where(and(eq(enrolments.courseId, f.courseId), eq(enrolments.userId, learner2.id)));
    expect(removed?.removedAt).not.toBeNull();
    expect(platform.tokenRequests.at(-1)?.scope).toBe("https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly");
  });
});
