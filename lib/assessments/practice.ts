import type { Db } from "@/db/client";
import { gradingQueue } from "@/grader/jobs/queue";
import { SandboxBusyError } from "@/grader/sandbox/pool";
import type { GradeOutcome } from "@/grader/grade";
import type { ClientFacts } from "./access";
import { loadItemContext } from "./context";

/**
 * "Run against public tests" for code answers: grades the code on the question's default variant (the public
 * cases, the same for everyone), stores nothing and costs no attempt. The graded submission uses the student's
 * own variant, with other inputs.
 */
export async function runPublicTests(db: Db, courseId: string, itemId: string, userId: string, source: string, client?: ClientFacts): Promise<GradeOutcome | null> {
  const context = await loadItemContext(db, courseId, itemId, userId, new Date(), client);
  if (!context || context.question.type !== "code") return null;
  // a quick job of the grading queue (in production mode a grader runs it: the web process runs no Python), counted as
  // this student's sandbox work: fair share of the pool, bounded queue (SandboxBusyError when full)
  const queue = await gradingQueue();
  const result = await queue.run({ kind: "public-test", question: context.question, owner: userId, source }, { timeoutMs: PUBLIC_TEST_TIMEOUT_MS, record: db });
  if (result.kind === "busy") throw new SandboxBusyError(result.scope, result.retryAfterSeconds);
  if (result.kind !== "public-test") throw new Error(`unexpected quick result ${result.kind}`);
  return result.outcome;
}

/** How long a public-test run waits for a grader process in production mode before a 503 (QuickJobTimeoutError). */
export const PUBLIC_TEST_TIMEOUT_MS = 20_000;
