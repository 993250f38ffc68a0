import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { toCsv } from "@/lib/gradebook/csv";
import { contentSecurityPolicy, hasControlCharacters, isCrossSiteWrite } from "@/lib/http/edge";
import { importLimitProblem, MAX_IMPORT_QUESTIONS, xmlDepth } from "@/lib/interop/import";
import { proxy } from "@/proxy";

const headers = (h: Record<string, string>) => new Headers({ host: "forja.example", ...h });

describe("cross-site writes", () => {
  it("are refused by Sec-Fetch-Site, or by Origin when the browser sends no Sec-Fetch-Site", () => {
    expect(isCrossSiteWrite("POST", headers({ "sec-fetch-site": "cross-site", origin: "https://evil.example" }), [])).toBe(true);
    expect(isCrossSiteWrite("POST", headers({ "sec-fetch-site": "same-site" }), [])).toBe(true);
    expect(isCrossSiteWrite("PUT", headers({ origin: "https://evil.example" }), [])).toBe(true);
    expect(isCrossSiteWrite("DELETE", headers({ origin: "null" }), [])).toBe(true);
  });
  it("same-origin writes, reads and non-browser clients pass", () => {
    expect(isCrossSiteWrite("POST", headers({ "sec-fetch-site": "same-origin", origin: "https://forja.example" }), [])).toBe(false);
    expect(isCrossSiteWrite("POST", headers({ origin: "https://forja.example" }), [])).toBe(false);
    expect(isCrossSiteWrite("GET", headers({ "sec-fetch-site": "cross-site" }), [])).toBe(false);
    expect(isCrossSiteWrite("POST", headers({}), [])).toBe(false);
    expect(isCrossSiteWrite("POST", new Headers({ host: "127.0.0.1:3000", origin: "https://forja.example" }), ["https://forja.example"])).toBe(false);
  });
  it("the proxy answers 403 before any route or server action runs, and sets a nonce CSP on the rest", async () => {
    const foreign = new NextRequest("http://forja.example/api/courses/x/items/y/submissions", { method: "POST", headers: { origin: "https://evil.example" } });
    expect(proxy(foreign).status).toBe(403);
    const action = new NextRequest("http://forja.example/courses/x", { method: "POST", headers: { "sec-fetch-site": "cross-site", "next-action": "abc" } });
    expect(proxy(action).status).toBe(403);
    const page = proxy(new NextRequest("http://forja.example/courses/x"));
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  });
  it("the CSP allows no inline or foreign script, no plugin, no framing", () => {
    const policy = contentSecurityPolicy("abc");
    expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(policy).not.toMatch(/unsafe-eval/);
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("frame-ancestors 'none'");
  });
});

describe("control characters", () => {
  it("are found anywhere in a JSON body, keys included; tabs and newlines are fine", () => {
    expect(hasControlCharacters({ answer: "1\u0000" })).toBe(true);
    expect(hasControlCharacters({ a: [{ b: "x\u001b[31m" }] })).toBe(true);
    expect(hasControlCharacters({ "k\u0000": 1 })).toBe(true);
    expect(hasControlCharacters({ answer: "def f(x):\n\treturn x\r\n" })).toBe(false);
  });
});

describe("CSV formula neutralisation", () => {
  it("covers every cell, multi-line ones and the header included", () => {
    const csv = toCsv(["=HEADER()", "b"], [["=HYPERLINK(\"http://evil\")\nsegunda linha", " +1"], ["@SUM(A1)", "-2+3"], ["\tx", "normal"]]);
    const parsed = Papa.parse<string[]>(csv.slice(1).trim(), { delimiter: "," }).data;
    expect(parsed[0]![0]).toBe("'=HEADER()");
    expect(parsed[1]).toEqual(["'=HYPERLINK(\"http://evil\")\nsegunda linha", "' +1"]);
    expect(parsed[2]).toEqual(["'@SUM(A1)", "'-2+3"]);
    expect(parsed[3]).toEqual(["'\tx", "normal"]);
  });
});

describe("import limits", () => {
  it("a hostile nesting is refused with 422 without recursion", () => {
    const deep = `<quiz>${"<a>".repeat(190_000)}${"</a>".repeat(190_000)}</quiz>`;
    expect(xmlDepth(deep)).toBe(190_001);
    expect(importLimitProblem({ format: "moodle-xml", content: deep, dryRun: true })).toMatchObject({ status: 422 });
    expect(xmlDepth('<?xml version="1.0"?><quiz><question type="x"><name><text>a<br/></text></name></question></quiz>')).toBe(4);
  });
  it("too many questions or bytes is 413", () => {
    const many = `<quiz>${'<question type="essay"><name><text>q</text></name></question>'.repeat(MAX_IMPORT_QUESTIONS + 1)}</quiz>`;
    expect(importLimitProblem({ format: "moodle-xml", content: many, dryRun: true })).toMatchObject({ status: 413 });
    expect(importLimitProblem({ format: "gift", content: "::q:: a {}\n\n".repeat(MAX_IMPORT_QUESTIONS + 1), dryRun: true })).toMatchObject({ status: 413 });
    expect(importLimitProblem({ format: "gift", content: "x".repeat(2_000_001), dryRun: true })).toMatchObject({ status: 413 });
  });
});
