import { createHash, randomBytes } from "node:crypto";
import { lt } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { ltiLoginStates } from "@/db/schema";
import { ltiConfig, toolUrls } from "./config";
import { LtiError } from "./errors";
import { platformFor } from "./platforms";

/** Security Framework §5.1.1.1 / Core §4.1: the parameters of a third-party initiated login. */
const initiationSchema = z.object({
  iss: z.string().min(1).max(500),
  login_hint: z.string().min(1).max(2000),
  target_link_uri: z.string().url(),
  lti_message_hint: z.string().max(4000).optional(),
  client_id: z.string().min(1).max(255).optional(),
  lti_deployment_id: z.string().min(1).max(255).optional(),
});

export const hashState = (state: string) => createHash("sha256").update(state).digest("hex");

export interface LoginRedirect {
  /** the platform's authorization endpoint with the OIDC authentication request */
  location: string;
  /** binds the state to this browser (checked at the launch) */
  state: string;
}

/**
 * Answers a login initiation with an OIDC authentication request (Security Framework §5.1.1.2): a fresh `state` and
 * `nonce`, stored (single use, expiring), and the redirect to the platform's authorization endpoint.
 */
export async function initiateLogin(db: Db, params: Record<string, string | undefined>, base: string, now: Date): Promise<LoginRedirect> {
  const parsed = initiationSchema.safeParse(params);
  if (!parsed.success) throw new LtiError("bad_request", parsed.error.issues[0]?.path.join("."));
  const p = parsed.data;
  const platform = await platformFor(db, p.iss, p.client_id);
  if (!platform) throw new LtiError("unknown_platform", p.iss);
  if (p.lti_deployment_id && !platform.deploymentIds.includes(p.lti_deployment_id)) throw new LtiError("bad_deployment", p.lti_deployment_id);
  // the launch may only land on Forja itself (an open redirector otherwise)
  if (new URL(p.target_link_uri).origin !== new URL(base).origin) throw new LtiError("bad_target", p.target_link_uri);
  const state = randomBytes(32).toString("base64url");
  const nonce = randomBytes(32).toString("base64url");
  await db.delete(ltiLoginStates).where(lt(ltiLoginStates.expiresAt, now));
  await db.insert(ltiLoginStates).values({ stateHash: hashState(state), nonce, platformId: platform.id, expiresAt: new Date(now.getTime() + ltiConfig().stateTtlSeconds * 1000) });
  const location = new URL(platform.authLoginUrl);
  const query: Record<string, string> = {
    scope: "openid",
    response_type: "id_token",
    response_mode: "form_post",
    prompt: "none",
    client_id: platform.clientId,
    redirect_uri: toolUrls(base).redirectUrl,
    login_hint: p.login_hint,
    state,
    nonce,
  };
  if (p.lti_message_hint) query.lti_message_hint = p.lti_message_hint;
  for (const [k, v] of Object.entries(query)) location.searchParams.set(k, v);
  return { location: location.toString(), state };
}
