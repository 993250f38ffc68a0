import type { CaseOutcome, Float64Tensor, SandboxJob, SandboxLimits, StudentError } from "./types";

/** Job frame: u32 len | u32 header_len | header JSON | float64 blob (little-endian). */
export function encodeJob(id: number, job: SandboxJob, limits: SandboxLimits): Buffer {
  const chunks: Float64Array[] = [];
  let offset = 0;
  const cases = job.cases.map((c) => {
    const arrays: Record<string, { shape: number[]; offset: number }> = {};
    for (const [name, t] of Object.entries(c.arrays)) {
      if (t.data.length !== t.shape.reduce((a, b) => a * b, 1)) throw new Error(`shape/data mismatch for input ${name}`);
      arrays[name] = { shape: t.shape, offset };
      chunks.push(t.data);
      offset += t.data.byteLength;
    }
    return { arrays, scalars: c.scalars };
  });
  const header = Buffer.from(
    JSON.stringify({ id, source: job.source, required: job.required, plan: job.plan, outputs: job.outputs, cases, limits }),
  );
  const out = Buffer.alloc(8 + header.length + offset);
  out.writeUInt32LE(4 + header.length + offset, 0);
  out.writeUInt32LE(header.length, 4);
  header.copy(out, 8);
  let pos = 8 + header.length;
  for (const data of chunks) {
    // Buffer is little-endian on every platform we run; copy the raw float64 bytes.
    Buffer.from(data.buffer, data.byteOffset, data.byteLength).copy(out, pos);
    pos += data.byteLength;
  }
  return out;
}

/** Splits a byte stream into u32-length-prefixed frames. */
export class FrameReader {
  private pending: Buffer[] = [];
  private size = 0;
  constructor(private readonly maxFrame: number) {}

  push(chunk: Buffer): Buffer[] {
    this.pending.push(chunk);
    this.size += chunk.length;
    const frames: Buffer[] = [];
    for (;;) {
      if (this.size < 4) break;
      const head = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending);
      this.pending = [head];
      const len = head.readUInt32LE(0);
      if (len > this.maxFrame) throw new Error(`frame of ${len} bytes exceeds ${this.maxFrame}`);
      if (this.size < 4 + len) break;
      frames.push(head.subarray(4, 4 + len));
      const rest = head.subarray(4 + len);
      this.pending = rest.length ? [rest] : [];
      this.size = rest.length;
    }
    return frames;
  }
}

export function splitHeader(frame: Buffer): { header: Record<string, unknown>; blob: Buffer } {
  const headLen = frame.readUInt32LE(0);
  if (headLen > frame.length - 4) throw new Error("bad header length");
  return { header: JSON.parse(frame.subarray(4, 4 + headLen).toString("utf8")), blob: frame.subarray(4 + headLen) };
}

export interface ResultChannel {
  cases: CaseOutcome[];
  error: StudentError | null;
  done: boolean;
  /** the bytes did not follow the protocol (the student wrote to the channel, or it was cut) */
  malformed: boolean;
}

const MAX_DIMS = 8;

function readTensor(blob: Buffer, pos: number, shape: unknown): { tensor: Float64Tensor; next: number } | null {
  if (!Array.isArray(shape) || shape.length > MAX_DIMS || !shape.every((d) => Number.isInteger(d) && d >= 0)) return null;
  const count = (shape as number[]).reduce((a, b) => a * b, 1);
  const bytes = count * 8;
  if (pos + bytes > blob.length) return null;
  const data = new Float64Array(count);
  Buffer.from(data.buffer).set(blob.subarray(pos, pos + bytes));
  return { tensor: { shape: shape as number[], data }, next: pos + bytes };
}

/**
 * Parse what the job wrote on its result channel. Everything here is untrusted student output:
 * bounded, validated, and never more than "the values the student's functions returned".
 * The first record for a case wins; anything malformed ends parsing.
 */
export function parseResultChannel(bytes: Buffer, caseCount: number, outputs: string[]): ResultChannel {
  const res: ResultChannel = { cases: [], error: null, done: false, malformed: false };
  const seen = new Set<number>();
  let pos = 0;
  try {
    while (pos < bytes.length) {
      if (pos + 8 > bytes.length) throw new Error("truncated");
      const len = bytes.readUInt32LE(pos);
      const end = pos + 4 + len;
      if (end > bytes.length || len < 4) throw new Error("truncated");
      const headLen = bytes.readUInt32LE(pos + 4);
      if (8 + headLen > 4 + len) throw new Error("bad head");
      const rec = JSON.parse(bytes.subarray(pos + 8, pos + 8 + headLen).toString("utf8"));
      let dataPos = pos + 8 + headLen;
      const body = bytes.subarray(0, end);
      if (rec.kind === "case") {
        const index = rec.index;
        if (!Number.isInteger(index) || index < 0 || index >= caseCount) throw new Error("bad index");
        const values: CaseOutcome["values"] = {};
        for (const v of Array.isArray(rec.values) ? rec.values : []) {
          if (typeof v?.name !== "string" || !outputs.includes(v.name)) throw new Error("bad value");
          if (typeof v.error === "string") {
            values[v.name] = { error: v.error.slice(0, 300), type: String(v.type ?? "").slice(0, 50) };
            continue;
          }
          const t = readTensor(body, dataPos, v.shape);
          if (!t) throw new Error("bad tensor");
          values[v.name] = t.tensor;
          dataPos = t.next;
        }
        if (!seen.has(index)) {
          seen.add(index);
          res.cases.push({ index, values, error: sanitizeError(rec.error) });
        }
      } else if (rec.kind === "error") {
        res.error ??= sanitizeError(rec);
      } else if (rec.kind === "done") {
        res.done = true;
      } else {
        throw new Error("bad kind");
      }
      pos = end;
    }
  } catch {
    res.malformed = true;
  }
  res.cases.sort((a, b) => a.index - b.index);
  return res;
}

const STAGES = new Set(["syntax", "load", "call", "returns", "missing", "memory"]);

function sanitizeError(raw: unknown): StudentError | null {
  if (!raw || typeof raw !== "object") return null;
  const r = raw as Record<string, unknown>;
  if (!STAGES.has(String(r.stage))) return null;
  const str = (v: unknown, n: number) => (typeof v === "string" ? v.slice(0, n) : undefined);
  const int = (v: unknown) => (Number.isInteger(v) ? (v as number) : null);
  return {
    stage: r.stage as StudentError["stage"],
    exc: str(r.exc, 80),
    message: str(r.message, 500),
    line: int(r.line),
    offset: int(r.offset),
    code: str(r.code, 200) ?? null,
    fn: str(r.fn, 100),
    function: str(r.function, 100) ?? null,
    memory: r.memory === true,
    expected: int(r.expected) ?? undefined,
    got: typeof r.got === "number" ? r.got : str(r.got, 100),
    names: Array.isArray(r.names)
      ? r.names
          .slice(0, 10)
          .filter((n): n is string => typeof n === "string")
          .map((n) => n.slice(0, 100))
      : undefined,
  };
}
