import { config } from "@/platform/config";

/**
 * LTI settings (parsed and validated in platform/config.ts). The tool's public address is NEXTAUTH_URL (the one the
 * platform was given), else the address the request came to (development). LTI_STATE_TTL_SECONDS: how long a login
 * initiation may take.
 */
export function ltiConfig(env?: NodeJS.ProcessEnv) {
  const parsed = config(env).raw;
  return {
    publicUrl: parsed.NEXTAUTH_URL?.replace(/\/$/, ""),
    sessionSecret: parsed.NEXTAUTH_SECRET,
    stateTtlSeconds: parsed.LTI_STATE_TTL_SECONDS,
    clockSkewSeconds: parsed.LTI_CLOCK_SKEW_SECONDS,
    scoreMaxAttempts: parsed.LTI_SCORE_MAX_ATTEMPTS,
    scoreRetrySeconds: parsed.LTI_SCORE_RETRY_SECONDS,
  };
}

export function toolBaseUrl(requestUrl: string): string {
  return ltiConfig().publicUrl ?? new URL(requestUrl).origin;
}

/** What a platform administrator types into the LMS (shown on /admin/lti and by `admin lti add`). */
export function toolUrls(base: string) {
  return {
    loginInitiationUrl: `${base}/api/lti/login`,
    redirectUrl: `${base}/api/lti/launch`,
    targetLinkUrl: `${base}/api/lti/launch`,
    deepLinkingUrl: `${base}/api/lti/launch`,
    jwksUrl: `${base}/api/lti/jwks`,
  };
}
