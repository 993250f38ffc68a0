import { and, eq, gt } from "drizzle-orm";
import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from "jose";
import type { Db } from "@/db/client";
import { ltiLoginStates } from "@/db/schema";
import { claim, launchClaimsSchema, type LaunchClaims } from "./claims";
import { ltiConfig } from "./config";
import { LtiError } from "./errors";
import { hashState } from "./login";
import { getPlatform, type Platform } from "./platforms";

/**
 * Each platform's keys, fetched from its JWKS URL and cached (10 minutes); a token signed with a `kid` not in the
 * cache makes jose fetch the set again (key rotation). No cool-down: a refetch needs a launch with a live state,
 * which only a login initiation creates.
 */
const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
function keySetOf(jwksUrl: string) {
  let set = keySets.get(jwksUrl);
  if (!set) {
    set = createRemoteJWKSet(new URL(jwksUrl), { cacheMaxAge: 10 * 60_000, cooldownDuration: 0, timeoutDuration: 5_000 });
    keySets.set(jwksUrl, set);
  }
  return set;
}

export interface VerifiedLaunch {
  platform: Platform;
  claims: LaunchClaims;
}

/**
 * Authentication response validation, Security Framework §5.1.3 and Core §5.1.3, in order: the `state` (single use,
 * unexpired, bound to this browser when the cookie came), the signature with the platform's key (RS256 only), iss,
 * aud (and azp when several audiences), exp and iat (with LTI_CLOCK_SKEW_SECONDS), the nonce of that state, then the LTI
 * claims: version 1.3.0, a known message type, a deployment id registered for this platform.
 */
export async function verifyLaunch(db: Db, input: { idToken?: string; state?: string; stateCookie?: string }, now: Date): Promise<VerifiedLaunch> {
  if (!input.idToken || !input.state) throw new LtiError("bad_request", "id_token and state are required");
  if (input.stateCookie !== undefined && input.stateCookie !== input.state) throw new LtiError("unknown_state", "state does not match this browser");
  const [stateRow] = await db
    .delete(ltiLoginStates)
    .where(and(eq(ltiLoginStates.stateHash, hashState(input.state)), gt(ltiLoginStates.expiresAt, now)))
    .returning();
  if (!stateRow) throw new LtiError("unknown_state", "state unknown, used or expired");
  const platform = await getPlatform(db, stateRow.platformId);
  if (!platform) throw new LtiError("unknown_platform");

  let header;
  try {
    header = decodeProtectedHeader(input.idToken);
  } catch {
    throw new LtiError("bad_token", "not a JWS");
  }
  if (header.alg !== "RS256") throw new LtiError("bad_signature", `alg ${String(header.alg)}`);
  const skew = ltiConfig().clockSkewSeconds;
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(input.idToken, keySetOf(platform.jwksUrl), {
      algorithms: ["RS256"],
      issuer: platform.issuer,
      audience: platform.clientId,
      currentDate: now,
      clockTolerance: skew,
      requiredClaims: ["exp", "iat", "nonce", "sub"],
    }));
  } catch (error) {
    throw verificationError(error);
  }
  const iat = payload.iat!;
  if (iat * 1000 > now.getTime() + skew * 1000) throw new LtiError("bad_token", "iat in the future");
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if ((audiences.length > 1 || payload.azp !== undefined) && payload.azp !== platform.clientId) throw new LtiError("wrong_audience", `azp ${String(payload.azp)}`);
  // the state row was deleted above: its nonce can never be accepted again (a replayed token finds no state)
  if (payload.nonce !== stateRow.nonce) throw new LtiError("replayed", "nonce does not belong to this state");

  const claims = launchClaimsSchema.safeParse(payload);
  if (!claims.success) {
    const field = claims.error.issues[0]?.path.join(".") ?? "";
    if (field === claim.deploymentId) throw new LtiError("bad_deployment", "missing deployment id");
    throw new LtiError("bad_claims", `${field}: ${claims.error.issues[0]?.message}`);
  }
  if (!platform.deploymentIds.includes(claims.data[claim.deploymentId])) throw new LtiError("bad_deployment", claims.data[claim.deploymentId]);
  return { platform, claims: claims.data };
}

function verificationError(error: unknown): LtiError {
  if (error instanceof errors.JWTExpired) return new LtiError("expired", error.message);
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "aud") return new LtiError("wrong_audience", error.message);
    return new LtiError("bad_token", `${error.claim}: ${error.message}`);
  }
  if (error instanceof errors.JWKSNoMatchingKey) return new LtiError("bad_signature", "no key of the platform has this kid");
  if (error instanceof errors.JWSSignatureVerificationFailed) return new LtiError("bad_signature", error.message);
  if (error instanceof errors.JOSEError) return new LtiError("bad_token", error.message);
  return new LtiError("bad_signature", `JWKS unavailable: ${(error as Error).message}`);
}
