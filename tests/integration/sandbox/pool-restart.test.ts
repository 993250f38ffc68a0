import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { detectPython } from "@/grader/sandbox/interpreter";
import { Sandbox, SandboxUnavailableError } from "@/grader/sandbox/pool";
import type { SandboxJob } from "@/grader/sandbox/types";

const job: SandboxJob = {
  source: "def f():\n    return 2.0\n",
  required: ["f"],
  plan: [{ call: "f", args: [], returns: ["y"] }],
  outputs: ["y"],
  cases: [{ arrays: {}, scalars: {} }],
  limits: { wall_ms: 4000 },
};

/**
 * A sandbox whose start failed once (bubblewrap installed only after the server started, a zygote that did not come
 * up) grades again at the next job: the failure is not kept for the life of the process.
 */
describe("a sandbox start that failed is tried again by the next job", () => {
  const made: Sandbox[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map((s) => s.close()));
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
  const binDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "forja-bin-"));
    dirs.push(dir);
    return dir;
  };
  const sandbox = (bin: string) => {
    const s = new Sandbox({ concurrency: 1, allowUnsandboxed: false, python: detectPython(), env: { PATH: bin } as unknown as NodeJS.ProcessEnv });
    made.push(s);
    return s;
  };

  it("bwrap missing at the first job, installed before the second", async () => {
    const bin = binDir();
    const s = sandbox(bin);
    await expect(s.run(job)).rejects.toBeInstanceOf(SandboxUnavailableError);
    fs.symlinkSync("/usr/bin/bwrap", path.join(bin, "bwrap"));
    expect(await s.run(job)).toMatchObject({ status: "ok" });
  });

  it("a zygote that failed to come up the first time", async () => {
    const bin = binDir();
    const failOnce = path.join(bin, "fail-once");
    fs.writeFileSync(failOnce, "");
    // bwrap that exits at once while the marker is there (the zygote never says it is ready), the real one after
    fs.writeFileSync(path.join(bin, "bwrap"), `#!/bin/sh\nif [ -e ${failOnce} ]; then /bin/rm -f ${failOnce}; exit 1; fi\nexec /usr/bin/bwrap "$@"\n`, { mode: 0o755 });
    const s = sandbox(bin);
    await expect(s.run(job)).rejects.toBeInstanceOf(SandboxUnavailableError);
    expect(await s.run(job)).toMatchObject({ status: "ok" });
  });
});
