import { describe, expect, it, vi } from "vitest";
import { unstable_doesMiddlewareMatch } from "next/experimental/testing/server";
import { config } from "@/proxy";
import { routeClientFacts } from "@/lib/http/client-facts";
import { REQUEST_PATH_HEADER } from "@/lib/http/client-facts-header";

vi.mock("server-only", () => ({}));

const matches = (url: string, headers: Record<string, string> = {}) => unstable_doesMiddlewareMatch({ config, url, headers });

describe("which requests pass through proxy.ts", () => {
  it("every page and server action, whatever the browser says", () => {
    expect(matches("/courses/x")).toBe(true);
    expect(matches("/courses/x", { "sec-fetch-site": "same-origin" })).toBe(true);
    expect(matches("/")).toBe(true);
    expect(matches("/_next/static/chunks/a.js")).toBe(false);
  });
  it("API routes unless the browser says same-origin: cross-site, same-site, none and no header all meet the cross-site check", () => {
    const answer = "/api/courses/c/items/i/submissions";
    expect(matches(answer, { "sec-fetch-site": "same-origin" })).toBe(false);
    expect(matches(answer, { "sec-fetch-site": "cross-site", origin: "https://evil.example" })).toBe(true);
    expect(matches(answer, { "sec-fetch-site": "same-site" })).toBe(true);
    expect(matches(answer, { "sec-fetch-site": "none" })).toBe(true);
    expect(matches(answer, { "sec-fetch-site": "same-origin-not" })).toBe(true);
    expect(matches(answer, { origin: "https://evil.example" })).toBe(true);
    expect(matches("/api/lti/launch", { "sec-fetch-site": "cross-site" })).toBe(true);
  });
});

describe("a route handler's client facts", () => {
  it("take the path from the request's own URL, not from a header the proxy did not get to replace", () => {
    const request = new Request("http://127.0.0.1:3000/api/courses/c/items/i/submissions?x=1", { method: "POST", headers: { [REQUEST_PATH_HEADER]: "/forged", host: "127.0.0.1:3000" } });
    expect(new URL(routeClientFacts(request).url).pathname + new URL(routeClientFacts(request).url).search).toBe("/api/courses/c/items/i/submissions?x=1");
  });
});
