/** The Python declaration of a code question (its calls and misconceptions), as the code form edits it. */

export interface PythonCallData {
  call: string;
  args: string[];
  returns: string[];
}

/** Every value the calls of a Python declaration return (what parts may grade). */
export function pythonOutputs(spec: unknown): string[] {
  const calls = ((spec as { calls?: PythonCallData[] } | undefined)?.calls ?? []).filter((c) => Array.isArray(c?.returns));
  return [...new Set(calls.flatMap((c) => c.returns.map(String)))];
}

/** The Python declaration without its misconceptions (edited in their own fields) and the misconceptions. */
export function splitPythonSpec(spec: unknown): { rest: Record<string, unknown>; misconceptions: Record<string, unknown>[] } {
  const { misconceptions, ...rest } = (spec ?? {}) as Record<string, unknown>;
  return { rest, misconceptions: Array.isArray(misconceptions) ? (misconceptions as Record<string, unknown>[]) : [] };
}
