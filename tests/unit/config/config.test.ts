import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { assertStartable, config, CONFIG_VARIABLES, ConfigError } from "@/platform/config";

const env = (vars: Record<string, string>) => vars as unknown as NodeJS.ProcessEnv;
const problemsOf = (vars: Record<string, string>): string[] => {
  try {
    config(env(vars));
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe("one validated configuration", () => {
  it("has a default for everything: an empty environment is the embedded demo", () => {
    const c = config(env({}));
    expect(c.queue).toBe("embedded");
    expect(c.grader.maxAttempts).toBe(3);
    expect(c.grader.concurrency).toBeGreaterThan(0);
    expect(c.submissionRatePerMinute).toBe(30);
    expect(c.production).toBe(false);
  });

  it("chooses the queue once: pg-boss only with GRADER_IN_PROCESS=0 and DATABASE_URL", () => {
    expect(config(env({ GRADER_IN_PROCESS: "0", DATABASE_URL: "postgres://forja@127.0.0.1/forja" })).queue).toBe("pg-boss");
    expect(config(env({ DATABASE_URL: "postgres://forja@127.0.0.1/forja" })).queue).toBe("embedded");
  });

  it("refuses GRADER_IN_PROCESS=0 without DATABASE_URL, saying what to change (code answers would stay queued forever)", () => {
    const [problem] = problemsOf({ GRADER_IN_PROCESS: "0" });
    expect(problem).toMatch(/GRADER_IN_PROCESS=0 needs DATABASE_URL/);
    expect(() => assertStartable("web", env({ GRADER_IN_PROCESS: "0" }))).toThrow(/queued forever/);
  });

  it("names each malformed variable and the value it got", () => {
    const problems = problemsOf({ GRADER_MAX_ATTEMPTS: "three", LOG_LEVEL: "loud", GRADER_IN_PROCESS: "no" });
    expect(problems.join("\n")).toMatch(/GRADER_MAX_ATTEMPTS: .*"three"/);
    expect(problems.join("\n")).toMatch(/LOG_LEVEL: .*"loud"/);
    expect(problems.join("\n")).toMatch(/GRADER_IN_PROCESS: .*"no"/);
  });

  it("refuses the other impossible combinations", () => {
    expect(problemsOf({ FORJA_ENV: "production", ALLOW_UNSANDBOXED_DEV: "1" })[0]).toMatch(/without a sandbox/);
    expect(problemsOf({ FORJA_ENV: "production", FORJA_TEST_CLOCK_FILE: "/tmp/clock" })[0]).toMatch(/end-to-end tests only/);
    expect(problemsOf({ AUTH_GITHUB_ID: "abc" })[0]).toMatch(/AUTH_GITHUB_ID and AUTH_GITHUB_SECRET go together/);
    expect(problemsOf({ TRUSTED_PROXIES: "127.0.0.1, not-an-ip" })[0]).toMatch(/"not-an-ip" is not an IP address/);
  });

  it("a grader process needs PostgreSQL", () => {
    expect(() => assertStartable("grader", env({}))).toThrow(/DATABASE_URL is not set/);
    expect(assertStartable("grader", env({ DATABASE_URL: "postgres://x@127.0.0.1/y", GRADER_IN_PROCESS: "0" })).queue).toBe("pg-boss");
  });

  it("sees a changed environment (tests and the demo set variables after import)", () => {
    expect(config(env({ SUBMISSION_RATE_PER_MINUTE: "5" })).submissionRatePerMinute).toBe(5);
    expect(config(env({ SUBMISSION_RATE_PER_MINUTE: "0" })).submissionRatePerMinute).toBe(0);
  });

  it("every variable it reads is documented in the README's Configuration table", () => {
    const readme = fs.readFileSync(path.resolve(import.meta.dirname, "../../../README.md"), "utf8");
    const section = readme.slice(readme.indexOf("\n## Configuration"), readme.indexOf("\n## ", readme.indexOf("\n## Configuration") + 5));
    const missing = CONFIG_VARIABLES.filter((name) => !section.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });

  it("npm run grader with GRADER_IN_PROCESS=0 and no DATABASE_URL stops at start: exit 2, the message, no stack trace", () => {
    const root = path.resolve(import.meta.dirname, "../../..");
    const { DATABASE_URL: _url, ...rest } = process.env;
    const run = spawnSync(process.execPath, ["--import", "tsx", "grader/worker/main.ts"], { cwd: root, env: { ...rest, GRADER_IN_PROCESS: "0" }, encoding: "utf8", timeout: 60_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/GRADER_IN_PROCESS=0 needs DATABASE_URL/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
