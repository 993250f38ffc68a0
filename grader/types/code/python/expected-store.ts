import type { Float64Tensor } from "@/grader/sandbox/types";
import type { Tensors } from "../checkers/types";
import type { FiniteDifference } from "./expected";
import { processWide } from "@/platform/process-wide";

/**
 * A store shared by processes for the expected outputs of a (question version, seed) (production: a table, so that
 * each grader process does not run the reference's jobs again for a seed another one already prepared). Installed by
 * the process (the grader worker, the embedded worker); without one only the in-memory LRU holds them.
 */
export interface ExpectedStore {
  get(key: string): Promise<unknown | null>;
  put(key: string, value: unknown): Promise<void>;
}

// process-wide: the route handlers' copy of the grading modules (which prepares a variant's references when it is
// drawn) must see the store the web server's queue installed in its own copy
const installed = () => processWide("expected-store", (): { store: ExpectedStore | null } => ({ store: null }));

export function setExpectedStore(next: ExpectedStore | null): void {
  installed().store = next;
}

export function expectedStore(): ExpectedStore | null {
  return installed().store;
}

export interface StoredReference {
  expected: Tensors;
  differences: Record<string, FiniteDifference>;
}

const f64 = (data: Float64Array) => Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("base64");
const fromF64 = (text: string) => {
  const bytes = Buffer.from(text, "base64");
  return new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
};

type EncodedTensor = { shape: number[]; data: string; summary?: unknown };
type Encoded = { v: 1; cases: { expected: Record<string, EncodedTensor>; differences: Record<string, { h: number; rounding: number; err: string }> }[] };

/** JSON for the store: float64 arrays as base64 of their bytes (exact, unlike decimal text). */
export function encodeReferences(refs: StoredReference[]): Encoded {
  return {
    v: 1,
    cases: refs.map((r) => ({
      expected: Object.fromEntries(
        Object.entries(r.expected).map(([k, t]) => [k, { shape: t.shape, data: f64(t.data), ...("summary" in t ? { summary: (t as { summary: unknown }).summary } : {}) }]),
      ),
      differences: Object.fromEntries(Object.entries(r.differences).map(([k, d]) => [k, { h: d.h, rounding: d.rounding, err: f64(d.err) }])),
    })),
  };
}

/** The references of a stored value, or null when it is not one (another version's format, a damaged row). */
export function decodeReferences(value: unknown, cases: number): StoredReference[] | null {
  const encoded = value as Partial<Encoded> | null;
  if (!encoded || encoded.v !== 1 || !Array.isArray(encoded.cases) || encoded.cases.length !== cases) return null;
  try {
    return encoded.cases.map((c) => ({
      expected: Object.fromEntries(
        Object.entries(c.expected).map(([k, t]) => [k, { shape: t.shape, data: fromF64(t.data), ...(t.summary ? { summary: t.summary } : {}) } as Float64Tensor]),
      ),
      differences: Object.fromEntries(Object.entries(c.differences).map(([k, d]) => [k, { h: d.h, rounding: d.rounding, err: fromF64(d.err) }])),
    }));
  } catch {
    return null;
  }
}
