/** Checks every request passes before any route, page or server action runs (proxy.ts). Pure, for tests. */

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * A state-changing request from another site is refused (cross-site request forgery), as browsers describe it:
 * Sec-Fetch-Site when sent, else Origin against the request's own host. A request with neither header does not
 * come from a browser page (scripts, the benchmarks) and cannot carry a victim's cookies by surprise.
 */
export function isCrossSiteWrite(method: string, headers: Headers, ownOrigins: readonly string[]): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;
  const site = headers.get("sec-fetch-site");
  if (site !== null) return site !== "same-origin" && site !== "none";
  const origin = headers.get("origin");
  if (origin === null) return false;
  if (origin === "null") return true;
  const host = headers.get("host");
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return true;
  }
  return originHost !== host && !ownOrigins.includes(origin);
}

/**
 * The Content-Security-Policy of every response. Scripts run only with this response's nonce (Next.js puts it on
 * its own scripts; 'strict-dynamic' lets them load the page's chunks); no plugins, no framing, no foreign forms or
 * connections. Inline style attributes stay allowed: KaTeX, recharts and CodeMirror position their output with them.
 */
export function contentSecurityPolicy(nonce: string, development = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Control characters other than tab, line feed and carriage return (NUL included): never part of a real answer. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export function hasControlCharacters(value: unknown): boolean {
  if (typeof value === "string") return CONTROL.test(value);
  if (Array.isArray(value)) return value.some(hasControlCharacters);
  if (value !== null && typeof value === "object") return Object.entries(value).some(([k, v]) => CONTROL.test(k) || hasControlCharacters(v));
  return false;
}
