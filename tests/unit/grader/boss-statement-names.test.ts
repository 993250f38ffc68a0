import { describe, expect, it } from "vitest";
import { bossStatementNamer } from "@/grader/jobs/pgboss";

describe("names of pg-boss's statements (prepared once per connection)", () => {
  it("gives one text the same name every time, and two texts two names", () => {
    const nameOf = bossStatementNamer();
    const fetch = "SELECT id FROM pgboss.job WHERE name = $1 LIMIT $2";
    const first = nameOf(fetch, ["grade", 1]);
    expect(first).toMatch(/^pgboss_[0-9a-f]{20}$/);
    expect(nameOf(fetch, ["quick", 5])).toBe(first);
    expect(nameOf("UPDATE pgboss.job SET state = 'completed' WHERE id = $1", ["x"])).not.toBe(first);
  });

  it("leaves texts without parameters unnamed: they may hold several statements", () => {
    const nameOf = bossStatementNamer();
    expect(nameOf("BEGIN; SELECT 1; COMMIT", [])).toBeUndefined();
    expect(nameOf("SELECT 1", undefined)).toBeUndefined();
  });

  it("names no more than its limit of texts, so that an unforeseen stream of texts cannot fill a connection", () => {
    const nameOf = bossStatementNamer(2);
    expect(nameOf("SELECT $1::int", [1])).toBeDefined();
    expect(nameOf("SELECT $1::text", ["a"])).toBeDefined();
    expect(nameOf("SELECT $1::uuid", ["b"])).toBeUndefined();
    // the named ones keep their names
    expect(nameOf("SELECT $1::int", [2])).toBeDefined();
  });
});
