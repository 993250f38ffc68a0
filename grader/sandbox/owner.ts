import { AsyncLocalStorage } from "node:async_hooks";

const storage = new AsyncLocalStorage<string>();

/**
 * Run `fn` with its sandbox jobs counted as `owner`'s (a student id): the pool then shares its zygotes fairly between
 * owners and bounds each owner's queue (pool.ts). Jobs started outside any owner (workers, regrades) are unbounded.
 */
export function runAsOwner<T>(owner: string, fn: () => Promise<T>): Promise<T> {
  return storage.run(owner, fn);
}

export function currentOwner(): string | undefined {
  return storage.getStore();
}
