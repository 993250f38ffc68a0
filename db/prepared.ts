import type { Db } from "./client";

const statements = new WeakMap<Db, Map<string, unknown>>();

/**
 * A statement built once per database and kept (the hot path of answers and page views, issue #17): drizzle's
 * `.prepare(name)` builds its SQL text once; on PostgreSQL node-postgres then parses and plans a named statement
 * once per connection instead of on every call. `build` must use `sql.placeholder` for every value that varies, and
 * `name` must be unique to that text.
 */
export function prepared<T>(db: Db, name: string, build: (db: Db) => T): T {
  let byName = statements.get(db);
  if (!byName) statements.set(db, (byName = new Map()));
  let statement = byName.get(name) as T | undefined;
  if (statement === undefined) {
    statement = build(db);
    byName.set(name, statement);
  }
  return statement;
}
