import { createHash } from "node:crypto";
import { ltiConfig } from "./config";

export const STATE_COOKIE = "forja-lti-state";

/** The form or query parameters of an LTI request (platforms send both GET and POST, Core §4.1). */
export async function requestParams(request: Request): Promise<Record<string, string>> {
  const params: Record<string, string> = Object.fromEntries(new URL(request.url).searchParams);
  if (request.method === "POST") {
    const type = request.headers.get("content-type") ?? "";
    if (type.includes("application/x-www-form-urlencoded") || type.includes("multipart/form-data")) {
      try {
        for (const [k, v] of (await request.formData()).entries()) if (typeof v === "string") params[k] = v;
      } catch {
        // an unreadable body leaves the parameters missing: refused as an incomplete request
      }
    }
  }
  return params;
}

export function cookieValue(request: Request, name: string): string | undefined {
  const header = request.headers.get("cookie") ?? "";
  for (const part of header.split(/;\s*/)) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq) === name) return decodeURIComponent(part.slice(eq + 1));
  }
  return undefined;
}

/**
 * Over https the state is also bound to the browser with a cookie the platform's cross-site form post carries back
 * (SameSite=None needs Secure). Over plain http (development) browsers drop such a cookie, so there is none.
 */
export const stateCookieRequired = () => ltiConfig().publicUrl?.startsWith("https://") ?? false;

export function stateCookie(state: string, maxAgeSeconds: number): string {
  return `${STATE_COOKIE}=${state}; Path=/api/lti; HttpOnly; Secure; SameSite=None; Max-Age=${maxAgeSeconds}`;
}

const SUBMIT = "document.forms[0].submit()";
const SUBMIT_HASH = createHash("sha256").update(SUBMIT).digest("base64");

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A page that posts a form to another site at once (the deep-linking answer), with a button without scripts. */
export function autoPostPage(action: string, fields: Record<string, string>, label: string): Response {
  const esc = escapeHtml;
  const inputs = Object.entries(fields).map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`).join("");
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${esc(label)}</title></head><body onload="${SUBMIT}"><form method="post" action="${esc(action)}">${inputs}<button type="submit">${esc(label)}</button></form></body></html>`;
  return new Response(html, {
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "content-security-policy": `default-src 'none'; script-src 'unsafe-hashes' 'sha256-${SUBMIT_HASH}'; form-action ${new URL(action).origin}` },
  });
}
