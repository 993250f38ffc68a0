import { describe, expect, it } from "vitest";
import { safeReturnPath, signInPathFor } from "@/lib/http/return-path";

describe("safeReturnPath", () => {
  it("keeps a path of this site with its query and fragment", () => {
    expect(safeReturnPath("/courses/abc/assessments/def?x=1#q2")).toBe("/courses/abc/assessments/def?x=1#q2");
    expect(safeReturnPath("/join?code=AB12")).toBe("/join?code=AB12");
  });

  it.each([
    "https://evil.example/phish",
    "//evil.example/phish",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "javascript:alert(1)",
    "evil.example",
    "",
    undefined,
    null,
  ])("sends %j home instead of elsewhere", (target) => {
    expect(safeReturnPath(target)).toBe("/");
  });

  it("never lets a browser leave the site, whatever it is given", () => {
    for (const target of ["/\\/evil.example", "/%09/evil.example", "/..//evil.example", "/./\\evil.example"]) {
      const resolved = new URL(safeReturnPath(target), "https://forja.example.edu");
      expect(resolved.origin).toBe("https://forja.example.edu");
    }
  });
});

describe("signInPathFor", () => {
  it("carries the page asked for, encoded", () => {
    expect(signInPathFor("/courses/abc?tab=1")).toBe("/signin?callbackUrl=%2Fcourses%2Fabc%3Ftab%3D1");
    expect(signInPathFor("/")).toBe("/signin");
    expect(signInPathFor("//evil.example")).toBe("/signin");
    expect(signInPathFor("/courses/abc?_rsc=1x2y")).toBe("/signin?callbackUrl=%2Fcourses%2Fabc");
    expect(signInPathFor("/courses/abc?tab=1&_rsc=1x2y")).toBe("/signin?callbackUrl=%2Fcourses%2Fabc%3Ftab%3D1");
  });
});
