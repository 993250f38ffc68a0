import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { Sandbox } from "@/grader/sandbox/pool";
import type { CodeQuestion } from "@/grader/types/code/grade";
import { codeFields } from "@/grader/types/code/schema";
import { grader, question } from "./helpers";
import { batchnorm } from "./submissions";

const sandbox = new Sandbox({ concurrency: 2 });
const grade = grader(sandbox);
const typescript = question("batchnorm");
/** The same question with its checker declared in Python (bench/fixtures/batchnorm-python.yaml). */
const declared = parse(fs.readFileSync(path.resolve(import.meta.dirname, "../../../bench/fixtures/batchnorm-python.yaml"), "utf8"));
const python = { ...typescript, ...codeFields.parse({ ...typescript, ...declared }) } as CodeQuestion;

beforeAll(() => sandbox.start());
afterAll(() => sandbox.close());

const SEEDS = [null, 1, 2];
const both = async (source: string) =>
  Promise.all(SEEDS.map(async (seed) => ({ ts: await grade(typescript, source, seed), py: await grade(python, source, seed) })));

describe("batch norm: the TypeScript checker and the same question declared in Python, on the same submissions", () => {
  it("both give 1 to correct code (the reference and a closed-form student version)", async () => {
    for (const source of [typescript.reference_solution, batchnorm()]) {
      for (const { ts, py } of await both(source)) {
        expect(ts.score, ts.feedback).toBe(1);
        expect(py.score, py.feedback).toBe(1);
      }
    }
  });

  it.each([
    ["unbiased-variance", batchnorm({ ddof: 1 })],
    ["wrong-axis", batchnorm({ axis: 1 })],
    ["missing-eps", batchnorm({ epsTerm: "0" })],
    ["dx-missing-mean-var-terms", batchnorm({ dxDirectOnly: true })],
    ["swapped-dgamma-dbeta", batchnorm({ swapGammaBeta: true })],
    ["wrong-shape", batchnorm({ keepdimsParams: true })],
  ])("both name %s", async (id, source) => {
    for (const { ts, py } of await both(source)) {
      expect(ts.misconception).toBe(id);
      expect(py.misconception, py.feedback).toBe(id);
      expect(py.score).toBeLessThan(1);
    }
  });

  it("a fixed eps: the Python declaration (eps drawn per case) names it on every seed, the TypeScript checker not always", async () => {
    const results = await both(batchnorm({ epsTerm: "1e-5" }));
    expect(results.map((r) => r.py.misconception)).toEqual(["eps-ignored", "eps-ignored", "eps-ignored"]);
    expect(results.map((r) => r.ts.misconception)).toContain("missing-eps");
  });
});
