import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectedOutputs } from "@/db/schema";
import { databaseExpectedStore } from "@/grader/jobs/expected-store-db";
import { Sandbox } from "@/grader/sandbox/pool";
import { gradeCode, preparePythonVariant } from "@/grader/types/code/grade";
import { clearExpectedCache } from "@/grader/types/code/python/expected";
import { setExpectedStore } from "@/grader/types/code/python/expected-store";
import { loadCodeQuestion } from "@/tests/unit/grader/code-fixtures";
import { makeFixture, type Fixture } from "../assessments/fixture";

/** Counts the jobs a pool runs. */
class CountingSandbox extends Sandbox {
  jobs = 0;
  override run(...args: Parameters<Sandbox["run"]>) {
    this.jobs++;
    return super.run(...args);
  }
}

describe("expected outputs shared through the database", () => {
  let f: Fixture;
  const sandbox = new CountingSandbox({ concurrency: 2 });
  const pooling = loadCodeQuestion("001-slides-inf721/inf721-average-pooling-codigo");
  beforeAll(async () => {
    f = await makeFixture();
    await sandbox.start();
    setExpectedStore(databaseExpectedStore(f.database.db));
  });
  afterAll(async () => {
    setExpectedStore(null);
    await sandbox.close();
    await f.database.close();
  });

  it("a seed prepared by one process is graded by another without running the reference again, to the same result", async () => {
    const variant = { seed: 4242, params: {} };
    const first = await preparePythonVariant(pooling, variant, { sandbox });
    const referenceJobs = sandbox.jobs;
    expect(referenceJobs).toBeGreaterThan(0);
    expect(await f.database.db.select().from(expectedOutputs)).toHaveLength(1);

    clearExpectedCache(); // another grader process: nothing in its memory
    const second = await preparePythonVariant(pooling, variant, { sandbox });
    expect(sandbox.jobs).toBe(referenceJobs);
    const names = (ts: typeof first.expected) => ts.map((t) => Object.keys(t).sort());
    expect(names(second.expected)).toEqual(names(first.expected));
    for (const [i, tensors] of first.expected.entries()) {
      for (const [name, t] of Object.entries(tensors)) expect(Array.from(second.expected[i]![name]!.data)).toEqual(Array.from(t.data));
    }
    expect(Array.from(second.differences[0]!.dx?.err ?? [])).toEqual(Array.from(first.differences[0]!.dx?.err ?? []));

    const graded = await gradeCode(pooling, variant, pooling.reference_solution, { sandbox });
    expect(graded.score).toBe(1);
    expect(sandbox.jobs).toBe(referenceJobs + 1); // only the submission's own job
  });
});
