import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PGlite } from "@electric-sql/pglite";
import { withStatementCache } from "@/db/pglite-statements";

/** PGlite's named statements (db/pglite-statements.ts) answer exactly as PGlite's own `query` does. */
describe("PGlite with named prepared statements", () => {
  let plain: PGlite;
  let cached: PGlite;

  beforeAll(async () => {
    plain = new PGlite();
    await plain.exec(`
      create table t (id uuid primary key, at timestamptz, n int, doc json, tags text[], note text);
      insert into t values ('00000000-0000-4000-8000-000000000001', '2026-12-02T03:00:00Z', 7, '{"b":1,"a":[1,2]}', '{x,y}', null);`);
    cached = withStatementCache(plain, 2);
  });
  afterAll(() => plain.close());

  const select = "select id, at, n, doc, tags, note, $1::int + n as sum from t where id = $2";

  it("gives the rows, types and parsers PGlite gives, in object and array mode", async () => {
    for (const options of [undefined, { rowMode: "array" as const }, { rowMode: "array" as const, parsers: { 1184: (v: string) => v } }]) {
      const expected = await plain.query(select, [3, "00000000-0000-4000-8000-000000000001"], options);
      for (let i = 0; i < 3; i++) {
        const got = await cached.query(select, [3, "00000000-0000-4000-8000-000000000001"], options);
        expect(got.rows).toEqual(expected.rows);
        expect(got.fields).toEqual(expected.fields);
      }
    }
  });

  it("serializes parameters by their types (json, arrays, dates, nulls) and counts affected rows", async () => {
    const insert = "insert into t (id, at, n, doc, tags, note) values ($1, $2, $3, $4, $5, $6)";
    const result = await cached.query(insert, ["00000000-0000-4000-8000-000000000002", new Date("2026-12-02T04:00:00Z"), null, { k: [1, "two"] }, ["p", "q r"], "it's"]);
    expect(result.affectedRows).toBe(1);
    const [row] = (await plain.query<{ at: Date; n: null; doc: unknown; tags: string[]; note: string }>("select at, n, doc, tags, note from t where id = $1", ["00000000-0000-4000-8000-000000000002"])).rows;
    expect(row).toEqual({ at: new Date("2026-12-02T04:00:00Z"), n: null, doc: { k: [1, "two"] }, tags: ["p", "q r"], note: "it's" });
    expect((await cached.query("update t set n = $1 where n is null or n = $2", [1, 7])).affectedRows).toBe(2);
  });

  it("keeps the newest statements, closes the oldest, and stays usable after an error", async () => {
    for (let round = 0; round < 3; round++) {
      for (const k of [1, 2, 3, 4]) expect((await cached.query<{ k: number }>(`select $1::int * ${k} as k`, [round])).rows).toEqual([{ k: round * k }]);
    }
    const open = (await plain.query<{ n: number }>("select count(*)::int as n from pg_prepared_statements")).rows[0]!.n;
    expect(open).toBe(2);
    await expect(cached.query("select * from missing_table where id = $1", [1])).rejects.toThrow(/missing_table/);
    await expect(cached.query("select 1 / $1::int as x", [0])).rejects.toThrow(/division by zero/);
    expect((await cached.query<{ x: number }>("select 1 / $1::int as x", [1])).rows).toEqual([{ x: 1 }]);
  });

  it("waits for another caller's transaction, which keeps PGlite's own path", async () => {
    let inside = false;
    const transaction = cached.transaction(async (tx) => {
      await tx.query("update t set note = $1 where id = $2", ["in tx", "00000000-0000-4000-8000-000000000001"]);
      inside = true;
      await new Promise((resolve) => setTimeout(resolve, 20));
      throw new Error("rolled back");
    });
    while (!inside) await new Promise((resolve) => setTimeout(resolve, 1));
    // asked while the transaction is open: answered after its rollback, never from inside it
    const during = cached.query<{ note: string | null }>("select note from t where id = $1", ["00000000-0000-4000-8000-000000000001"]);
    await expect(transaction).rejects.toThrow("rolled back");
    expect((await during).rows).toEqual([{ note: null }]);
  });
});
