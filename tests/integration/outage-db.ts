import type { Db } from "@/db/client";

/** The error of a connection that a fast restart (`pg_ctl restart -m fast`) ended. */
export const connectionEnded = () => Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" });

/**
 * The database, except that the `nth` (1-based) run of an `insert` or `update` of `table` (or of a statement with CTEs,
 * `with`, whatever its tables) is applied and then its answer is lost, as when a fast restart ends the connection between the
 * commit and the reply. `lost.count` says how many were.
 */
export function losingAnswerOf(db: Db, method: "insert" | "update" | "with", table: unknown, nth = 1): { db: Db; lost: { count: number } } {
  const lost = { count: 0 };
  let seen = 0;
  const chain = (inner: object): object =>
    new Proxy(inner, {
      get(builder, key) {
        if (key === "then") {
          // counted when it runs, not when it is built: a prepared statement is built once and run many times
          if (++seen !== nth) return (resolve: (v: unknown) => void, reject: (e: unknown) => void) => (builder as Promise<unknown>).then(resolve, reject);
          return (resolve: (v: unknown) => void, reject: (e: unknown) => void) =>
            (builder as Promise<unknown>).then(() => {
              lost.count++;
              reject(connectionEnded());
            }, reject);
        }
        const value = Reflect.get(builder, key);
        return typeof value === "function" ? (...args: unknown[]) => chain(value.apply(builder, args)) : value;
      },
    });
  const wrapped = new Proxy(db, {
    get(target, property, receiver) {
      if (property === method) {
        return (...args: unknown[]) => {
          const builder = (target[method] as (...a: unknown[]) => object)(...args);
          return method === "with" || args[0] === table ? chain(builder) : builder;
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { db: wrapped, lost };
}
