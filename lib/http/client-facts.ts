import "server-only";
import { headers } from "next/headers";
import type { ClientFacts } from "@/lib/assessments/access";
import { config, edgeConfig } from "@/platform/config";
import { clientAddressOf } from "@/platform/client-address";

import { REQUEST_PATH_HEADER } from "./client-facts-header";

/** The public origin of the app: NEXTAUTH_URL when set (behind a proxy the Host seen here may be an internal one). */
function publicOrigin(h: Headers): string {
  const { NEXTAUTH_URL } = config().raw;
  if (NEXTAUTH_URL) return new URL(NEXTAUTH_URL).origin;
  const proto = h.get("x-forwarded-proto") ?? "http";
  return `${proto}://${h.get("host") ?? "localhost"}`;
}

export function clientFactsOf(h: Headers, path?: string): ClientFacts {
  return {
    ip: clientAddressOf((name) => h.get(name), edgeConfig().trustedProxies),
    url: publicOrigin(h) + (path ?? h.get(REQUEST_PATH_HEADER) ?? "/"),
    sebConfigKeyHash: h.get("x-safeexambrowser-configkeyhash"),
    sebRequestHash: h.get("x-safeexambrowser-requesthash"),
  };
}

/**
 * For route handlers: the path is the request's own, never a header. A same-origin API request does not pass
 * through proxy.ts (its matcher), so a client's own x-forja-request-path would reach the route unreplaced.
 */
export function routeClientFacts(request: Request): ClientFacts {
  const url = new URL(request.url);
  return clientFactsOf(request.headers, url.pathname + url.search);
}

/** For pages and server actions. */
export async function requestClientFacts(): Promise<ClientFacts> {
  return clientFactsOf(await headers());
}
