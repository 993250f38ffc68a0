import type { PGlite, QueryOptions, Results } from "@electric-sql/pglite";
import { serialize } from "pg-protocol";

/**
 * Named prepared statements for PGlite (issue #17). PGlite's `query` parses, describes and plans every statement
 * again, in six calls into the database; node-postgres keeps drizzle's prepared statements as named statements per
 * connection. Here the same: a statement seen outside a transaction is parsed once under a name, then each call is
 * one bind-and-execute (for the answer's item statement 2–3 ms less per call, most of it planning). The newest
 * `capacity` texts are kept; an older one is closed. Transactions (`client.transaction`) keep PGlite's own path.
 */
export function withStatementCache(client: PGlite, capacity = 200): PGlite {
  const statements = new Map<string, { name: string; paramTypes: number[] }>();
  let counter = 0;

  const message = (parts: Uint8Array[]) => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const part of parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  };

  async function statementFor(text: string, options?: QueryOptions) {
    const known = statements.get(text);
    if (known) {
      // the newest last: Map keeps insertion order
      statements.delete(text);
      statements.set(text, known);
      return known;
    }
    const name = `forja_pglite_${++counter}`;
    const { messages } = await client.execProtocol(message([serialize.parse({ name, text, types: options?.paramTypes }), serialize.describe({ type: "S", name }), serialize.sync()]));
    const description = messages.find((m) => m.name === "parameterDescription") as { dataTypeIDs: number[] } | undefined;
    const statement = { name, paramTypes: description?.dataTypeIDs ?? [] };
    statements.set(text, statement);
    if (statements.size > capacity) {
      const [oldestText, oldest] = statements.entries().next().value!;
      statements.delete(oldestText);
      await client.execProtocol(message([serialize.close({ type: "S", name: oldest.name }), serialize.sync()]));
    }
    return statement;
  }

  // drizzle passes the same parser overrides object on every call of a statement: merge it with PGlite's once
  const mergedParsers = new WeakMap<object, Record<number | string, (value: string, type: number) => unknown>>();
  function parsersFor(options?: QueryOptions) {
    if (!options?.parsers) return client.parsers;
    let merged = mergedParsers.get(options.parsers);
    if (!merged) mergedParsers.set(options.parsers, (merged = { ...client.parsers, ...options.parsers }));
    return merged;
  }

  async function run<T>(text: string, params: unknown[], options?: QueryOptions): Promise<Results<T>> {
    const statement = await statementFor(text, options);
    const values = params.map((value, i) => {
      if (value === null || value === undefined) return null;
      const type = statement.paramTypes[i]!;
      const serializer = options?.serializers?.[type] ?? client.serializers[type];
      return serializer ? serializer(value) : String(value);
    });
    const { messages } = await client.execProtocol(
      message([serialize.bind({ statement: statement.name, values: values as (string | null)[] }), serialize.describe({ type: "P" }), serialize.execute({}), serialize.sync()]),
    );
    const parsers = parsersFor(options);
    let fields: { name: string; dataTypeID: number }[] = [];
    const rows: unknown[] = [];
    let affectedRows = 0;
    for (const m of messages as { name: string }[]) {
      if (m.name === "rowDescription") fields = (m as unknown as { fields: { name: string; dataTypeID: number }[] }).fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID }));
      else if (m.name === "dataRow") {
        const values = (m as unknown as { fields: (string | null)[] }).fields.map((v, i) => (v === null ? null : (parsers[fields[i]!.dataTypeID]?.(v, fields[i]!.dataTypeID) ?? v)));
        rows.push(options?.rowMode === "array" ? values : Object.fromEntries(values.map((v, i) => [fields[i]!.name, v])));
      } else if (m.name === "commandComplete") {
        const words = (m as unknown as { text: string }).text.split(" ");
        if (["INSERT", "UPDATE", "DELETE", "MERGE"].includes(words[0]!)) affectedRows += Number(words.at(-1)) || 0;
      }
    }
    return { rows: rows as T[], fields, affectedRows };
  }

  const query = async <T>(text: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<T>> => {
    // COPY's blobs and a caller's own message handling stay on PGlite's path
    if (options?.blob || options?.onNotice) return client.query<T>(text, params, options);
    await client._checkReady();
    return client._runExclusiveTransaction(() => client._runExclusiveQuery(() => run<T>(text, params, options)));
  };

  return new Proxy(client, {
    get(target, property) {
      if (property === "query") return query;
      const value = Reflect.get(target, property) as unknown;
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
