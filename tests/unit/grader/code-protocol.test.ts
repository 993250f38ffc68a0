import { describe, expect, it } from "vitest";
import { encodeJob, FrameReader, parseResultChannel, splitHeader } from "@/grader/sandbox/protocol";
import { DEFAULT_LIMITS } from "@/grader/sandbox/types";

function record(obj: unknown, arrays: number[][] = []): Buffer {
  const head = Buffer.from(JSON.stringify(obj));
  const data = Buffer.concat(arrays.map((a) => Buffer.from(Float64Array.from(a).buffer)));
  const body = Buffer.concat([u32(head.length), head, data]);
  return Buffer.concat([u32(body.length), body]);
}
function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}

describe("job frames", () => {
  it("carry the header as JSON and the inputs as raw little-endian float64", () => {
    const frame = encodeJob(7, { source: "s", required: ["f"], plan: [], outputs: ["y"], cases: [{ arrays: { x: { shape: [2], data: Float64Array.from([1.5, -2]) } }, scalars: { k: 3 } }] }, DEFAULT_LIMITS);
    const [payload] = new FrameReader(1 << 20).push(frame);
    const { header, blob } = splitHeader(payload);
    expect(header.id).toBe(7);
    expect((header.cases as { arrays: { x: { offset: number } } }[])[0].arrays.x.offset).toBe(0);
    expect(Array.from(new Float64Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + 16)))).toEqual([1.5, -2]);
  });

  it("are reassembled from arbitrary chunks", () => {
    const frame = Buffer.concat([record({ a: 1 }), record({ b: 2 })]);
    const reader = new FrameReader(1 << 20);
    const out = [...frame].flatMap((byte) => reader.push(Buffer.from([byte])));
    expect(out).toHaveLength(2);
  });
});

describe("result channel (untrusted)", () => {
  it("parses cases, errors and the end marker", () => {
    const bytes = Buffer.concat([
      record({ kind: "case", index: 0, values: [{ name: "y", shape: [2] }], error: null }, [[1, 2]]),
      record({ kind: "case", index: 1, values: [], error: { stage: "call", exc: "ValueError", message: "m", line: 3 } }),
      record({ kind: "done" }),
    ]);
    const r = parseResultChannel(bytes, 2, ["y"]);
    expect(r.done).toBe(true);
    expect(r.malformed).toBe(false);
    expect(Array.from((r.cases[0].values.y as { data: Float64Array }).data)).toEqual([1, 2]);
    expect(r.cases[1].error).toMatchObject({ stage: "call", exc: "ValueError", line: 3 });
  });

  it("keeps the first record of a case and stops at garbage", () => {
    const bytes = Buffer.concat([
      record({ kind: "case", index: 0, values: [{ name: "y", shape: [1] }], error: null }, [[1]]),
      record({ kind: "case", index: 0, values: [{ name: "y", shape: [1] }], error: null }, [[99]]),
      Buffer.from("garbage garbage"),
      record({ kind: "done" }),
    ]);
    const r = parseResultChannel(bytes, 1, ["y"]);
    expect(r.cases).toHaveLength(1);
    expect((r.cases[0].values.y as { data: Float64Array }).data[0]).toBe(1);
    expect(r.malformed).toBe(true);
    expect(r.done).toBe(false);
  });

  it("rejects shapes larger than the data, unknown outputs and out-of-range cases", () => {
    expect(parseResultChannel(record({ kind: "case", index: 0, values: [{ name: "y", shape: [1000, 1000] }] }, [[1]]), 1, ["y"]).malformed).toBe(true);
    expect(parseResultChannel(record({ kind: "case", index: 0, values: [{ name: "secret", shape: [1] }] }, [[1]]), 1, ["y"]).malformed).toBe(true);
    expect(parseResultChannel(record({ kind: "case", index: 5, values: [] }), 1, ["y"]).malformed).toBe(true);
    expect(parseResultChannel(record({ kind: "error", stage: "nonsense" }), 1, ["y"]).error).toBeNull();
  });
});

describe("result channel bounds (forged records)", () => {
  const huge = "x".repeat(3_800_000);
  it("bounds every string and list of an error record before it reaches feedback", () => {
    const names = Array.from({ length: 1000 }, () => huge.slice(0, 10_000));
    const bytes = Buffer.concat([
      record({ kind: "error", stage: "returns", fn: huge, exc: huge, message: huge, code: huge, function: huge, got: huge, names }),
      record({ kind: "case", index: 0, values: [{ name: "y", error: huge, type: huge }], error: { stage: "call", message: huge, got: huge, names } }),
      record({ kind: "done" }),
    ]);
    const res = parseResultChannel(bytes, 1, ["y"]);
    const size = JSON.stringify(res).length;
    expect(size).toBeLessThan(8_000);
    expect(String(res.error?.got).length).toBeLessThanOrEqual(100);
    expect(res.error?.names?.every((n) => n.length <= 100)).toBe(true);
  });
});
