import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

// The layer rule of eslint.config.mjs (README, Layers), run on code as if it were written at a path of the repository.
let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: process.cwd() });
});

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const _used = [x];\n`, { filePath });
  return result!.messages.filter((m) => m.ruleId?.startsWith("boundaries/") || m.ruleId === "no-restricted-imports").map((m) => m.message);
}

describe("the layer rule", () => {
  it.each([
    ["domain/questions/probe.ts", 'import { gradeAnswer as x } from "@/grader/grade";', "domain", "grading"],
    ["platform/probe.ts", 'import { moduleFor as x } from "@/grader/types/registry";', "platform", "grading"],
    ["grader/types/numeric/probe.ts", 'import { getDb as x } from "@/db/client";', "grading", "db"],
    ["grader/sandbox/probe.ts", 'import { loadBank as x } from "../../question-bank/load";', "grading", "question-bank"],
    ["question-bank/probe.ts", 'import type { Db as x } from "@/db/client";', "question-bank", "db"],
    ["db/probe.ts", 'import { gradingQueue as x } from "@/grader/jobs/queue";', "db", "grading-jobs"],
    ["grader/jobs/probe.ts", 'import { refused as x } from "@/lib/assessments/manage/outcome";', "grading-jobs", "services"],
    ["lib/assessments/probe.ts", 'const x = () => import("@/app/courses/AdminForms");', "services", "entry-points"],
  ])("refuses an import going up: %s", async (file, code, from, to) => {
    expect(await problems(file, code)).toEqual([`the ${from} layer may not import the ${to} layer, which is above it (README, Layers)`]);
  });

  it.each([
    ["grader/types/numeric/probe.ts", 'import { evaluateNumber as x } from "@/domain/questions/math";'],
    ["lib/assessments/probe.ts", 'import { gradeAnswer as x } from "@/grader/grade";'],
    ["grader/jobs/probe.ts", 'import { getDb as x } from "@/db/client";'],
    ["app/probe.ts", 'import { getDb as x } from "@/db/client";'],
    ["grader/cli.ts", 'import { processIO as x } from "@/lib/cli/io";'],
    ["db/admin-cli.ts", 'import { addUser as x } from "@/lib/accounts/users";'],
  ])("allows an import going down or from an entry point: %s", async (file, code) => {
    expect(await problems(file, code)).toEqual([]);
  });

  it("keeps frameworks and the database out of domain/", async () => {
    expect(await problems("domain/probe.ts", 'import { headers as x } from "next/headers";')).toHaveLength(1);
  });

  it("refuses code in a folder of no layer", async () => {
    expect(await problems("utils/probe.ts", "const x = 1;")).toEqual([expect.stringContaining("does not belong to any known element")]);
  });
});
