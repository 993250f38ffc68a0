/**
 * State that must exist once per process, whichever copy of a module asks for it. Next.js bundles server code more
 * than once in one server (the instrumentation hook's bundle, the route handlers'), so state kept in a module's own
 * variables exists once per copy: a queue, a database pool, counters or registries split in two.
 */
const slots = ((globalThis as unknown as { forjaProcessWide?: Map<string, unknown> }).forjaProcessWide ??= new Map());

/** The process's value for `name`, made by `create` on the first call from any module copy. */
export function processWide<T>(name: string, create: () => T): T {
  if (!slots.has(name)) slots.set(name, create());
  return slots.get(name) as T;
}

/** A place for one promise that is opened on first use and forgotten when it fails (the next call opens it again). */
export interface OpenOnce<T> {
  value?: Promise<T>;
}

export function openOnce<T>(box: OpenOnce<T>, open: () => Promise<T>): Promise<T> {
  box.value ??= open().catch((error: unknown) => {
    box.value = undefined;
    throw error;
  });
  return box.value;
}
