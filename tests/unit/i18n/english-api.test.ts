import fs from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { messagesOf } from "@/domain/i18n/translate";
import { proxy } from "@/proxy";
import { PORTUGUESE } from "./portuguese";

/** Domain modules whose texts reach instructors as refusals, field problems or import notes. */
const SCANNED = ["lib/authoring/store.ts", "lib/authoring/formula-safety.ts", "grader/types/code/python/self-check.ts", ...filesUnder("lib/interop")];
/** Literals that are Portuguese on purpose: sort collation, not text (a line marked `i18n: not a text` is skipped too). */
const PORTUGUESE_OK = new Set(["pt-BR"]);

function filesUnder(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => /\.tsx?$/.test(f)).map((f) => path.join(dir, f));
}

/** Every string of a messages tree, with its key. */
function strings(node: unknown, prefix = ""): [string, string][] {
  if (typeof node === "string") return [[prefix, node]];
  if (node === null || typeof node !== "object") return [];
  return Object.entries(node).flatMap(([k, v]) => strings(v, prefix ? `${prefix}.${k}` : k));
}

describe("the English interface shows no Portuguese from the API", () => {
  it("every API, validation, grader and import/export message has an English text that is not Portuguese", () => {
    const en = messagesOf("en");
    const portuguese = ["api", "validation", "grader", "interop"].flatMap((ns) => strings(en[ns], ns)).filter(([, text]) => PORTUGUESE.test(text));
    expect(portuguese).toEqual([]);
  });

  it("route handlers answer errors with message keys, never with a literal text", () => {
    const literal = /apiError\(\s*[^,]+,\s*(["`])(?!(?:api|validation)\.[\w.-]+\1)/;
    const zodLiteral = /\.(?:uuid|max|min|regex|email|enum)\([^)]*["`](?!(?:api|validation)\.)[^"`]*[a-zà-ú ]{6,}[^"`]*["`]\)/i;
    const found: string[] = [];
    for (const file of [...filesUnder("app/api"), ...filesUnder("lib/http"), "lib/authoring/http.ts", "lib/assessments/regrade.ts", "lib/assessments/submit.ts", "proxy.ts"]) {
      fs.readFileSync(file, "utf8").split("\n").forEach((line, i) => {
        if (literal.test(line) || zodLiteral.test(line) || /error: ["`]/.test(line)) found.push(`${file}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(found).toEqual([]);
  });

  it("refusals and validation of assessments, the question editor and imports are message keys, not Portuguese", () => {
    // string literals outside comments that hold Portuguese (a message key or an identifier-like text is fine)
    const literals = /(["`])((?:(?!\1)[^\\\n]|\\.)*)\1/g;
    const found: string[] = [];
    for (const file of [...filesUnder("lib/assessments/manage"), ...SCANNED]) {
      fs.readFileSync(file, "utf8").split("\n").forEach((line, i) => {
        if (line.includes("i18n: not a text")) return;
        const code = line.replace(/^\s*(?:\/\/|\*|\/\*\*).*$/, "").replace(/\s\/\/ .*$/, "");
        for (const [, , text] of code.matchAll(literals)) {
          if (/^(?:api|validation|grader|interop|editor)\.[\w.-]+$/.test(text!) || PORTUGUESE_OK.has(text!)) continue;
          if (PORTUGUESE.test(text!)) found.push(`${file}:${i + 1}: ${text}`);
        }
      });
    }
    expect(found).toEqual([]);
  });

  it("the proxy refuses a cross-site write in the reader's language", async () => {
    const post = (cookie?: string) =>
      new NextRequest("http://127.0.0.1:3000/api/courses/x/items/y/submissions", {
        method: "POST",
        headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site", ...(cookie ? { cookie } : {}) },
      });
    const en = proxy(post("FORJA_LOCALE=en"));
    expect(en.status).toBe(403);
    expect(((await en.json()) as { error: string }).error).toBe("Request from another site refused.");
    expect(((await proxy(post()).json()) as { error: string }).error).toBe("Requisição de outro site recusada.");
  });
});
