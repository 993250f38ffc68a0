import { afterAll, beforeAll } from "vitest";
import { Sandbox } from "@/grader/sandbox/pool";
import { gradeCode, setSharedSandbox, type CodeQuestion } from "@/grader/types/code/grade";
import { makeManageFixture, type ManageFixture } from "../manage/fixture";
import { CODE_QUESTION_FOLDERS, loadCodeQuestion } from "@/tests/unit/grader/code-fixtures";

/** Short limits keep the hostile tests fast on 2 cores. */
export const TEST_LIMITS = { wall_ms: 1500, cpu_ms: 1000, memory_mb: 256 };

export function question(kind: keyof typeof CODE_QUESTION_FOLDERS): CodeQuestion {
  const q = loadCodeQuestion(CODE_QUESTION_FOLDERS[kind]);
  return { ...q, limits: { ...q.limits, ...TEST_LIMITS } };
}

export const DEFAULT_VARIANT = { seed: null, params: {} };

export function grader(sandbox: Sandbox) {
  return (q: CodeQuestion, source: string, seed: number | null = null) => gradeCode(q, { seed, params: {} }, source, { sandbox });
}

/**
 * A shared sandbox pool (the one codeType.grade uses) and a course fixture for the file's tests, set up before and
 * closed after them; `fixture()` is valid inside tests.
 */
export function sandboxWithCourse(): { sandbox: Sandbox; fixture: () => ManageFixture } {
  const sandbox = new Sandbox({ concurrency: 2 });
  let f: ManageFixture | undefined;
  beforeAll(async () => {
    await sandbox.start();
    setSharedSandbox(sandbox);
    f = await makeManageFixture();
  });
  afterAll(async () => {
    setSharedSandbox(null);
    await sandbox.close();
    await f?.database.close();
  });
  return { sandbox, fixture: () => f! };
}
