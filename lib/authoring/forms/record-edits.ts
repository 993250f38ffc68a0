/** Edits of the ordered records and lists a form changes (parameters, derived values, options). */

/** Renames a key of an ordered record in place (the order of `derived` is meaningful). */
export function renameKey<T>(record: Record<string, T>, from: string, to: string): Record<string, T> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k === from ? to : k, v]));
}

/** The next free name: p, p2, p3... */
export function freeName(record: Record<string, unknown>, base: string): string {
  if (!(base in record)) return base;
  let n = 2;
  while (`${base}${n}` in record) n++;
  return `${base}${n}`;
}

/** The next option letter not used yet. */
export function nextOptionId(options: { id: string }[]): string {
  const used = new Set(options.map((o) => o.id));
  for (const c of "abcdefghijklmnopqrstuvwxyz") if (!used.has(c)) return c;
  return `o${options.length + 1}`;
}
