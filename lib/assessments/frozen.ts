/**
 * Freezes a value and everything it holds (typed arrays excepted: they cannot be frozen), for what one process keeps
 * and shares between requests: a caller that tried to change it would throw instead of changing it for everyone.
 */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !ArrayBuffer.isView(value) && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
