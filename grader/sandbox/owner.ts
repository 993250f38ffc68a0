import { AsyncLocalStorage } from "node:async_hooks";

/** Whose sandbox work runs: a student's own (bounded queue) or the platform's, in a named round-robin slot. */
export interface OwnerContext {
  owner: string;
  /** a student's jobs: fair share of the zygotes and a bounded queue; the platform's are never refused */
  bounded: boolean;
}

const storage = new AsyncLocalStorage<OwnerContext>();

/**
 * Run `fn` with its sandbox jobs counted as `owner`'s (a student id): the pool then shares its zygotes fairly between
 * owners and bounds each owner's queue (pool.ts). Jobs started outside any owner (workers, regrades) are unbounded.
 */
export function runAsOwner<T>(owner: string, fn: () => Promise<T>): Promise<T> {
  return storage.run({ owner, bounded: true }, fn);
}

/**
 * Run `fn` as the platform's work in its own round-robin slot (`slot`, e.g. the reference jobs of a Python-declared
 * checker), whoever asked for it: never refused, never counted in a student's queue. A student's public-test run on a
 * new seed must not have the dozens of reference jobs it triggers count (and be refused) as that student's.
 */
export function runAsPlatform<T>(slot: string, fn: () => Promise<T>): Promise<T> {
  return storage.run({ owner: `platform:${slot}`, bounded: false }, fn);
}

export function currentOwner(): OwnerContext | undefined {
  return storage.getStore();
}
