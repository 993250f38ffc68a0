/**
 * The LTI endpoints a platform's page posts to from another site (login initiation, the id_token form post): they
 * are protected by the OIDC state and the signed id_token instead of the same-site check of proxy.ts.
 */
const CROSS_SITE_ENDPOINTS = new Set(["/api/lti/login", "/api/lti/launch"]);

export function isLtiCrossSiteEndpoint(pathname: string): boolean {
  return CROSS_SITE_ENDPOINTS.has(pathname.replace(/\/$/, ""));
}

/** The deep-linking answer posts a form to the platform: its page sets its own Content-Security-Policy. */
export function setsOwnContentSecurityPolicy(pathname: string): boolean {
  return pathname.replace(/\/$/, "") === "/api/lti/deep-link";
}
