import type { Db } from "@/db/client";
import { getProducerQueue } from "@/grader/jobs/pgboss";
import { runQuickJob } from "@/grader/jobs/quick-jobs";
import { runAsOwner } from "@/grader/sandbox/owner";
import { SandboxBusyError } from "@/grader/sandbox/pool";
import { config } from "@/platform/config";
import { gradeAnswer, makeVariant, type GradeOutcome } from "@/grader/grade";
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
  if (config().queue === "pg-boss") {
    // production mode: the web process runs no Python; a grader runs it in its own sandbox and the request waits
    const result = await runQuickJob(await getProducerQueue(), { kind: "public-test", question: context.question, owner: userId, source }, PUBLIC_TEST_TIMEOUT_MS);
    if (result.kind === "busy") throw new SandboxBusyError(result.scope, result.retryAfterSeconds);
    if (result.kind !== "public-test") throw new Error(`unexpected quick result ${result.kind}`);
    return result.outcome;
  }
  // counted as this student's sandbox work: fair share of the pool, bounded queue (SandboxBusyError when full)
  return runAsOwner(userId, () => gradeAnswer(context.question, makeVariant(context.question, null), source));
}

/** How long a public-test run waits for a grader process in production mode before a 503 (QuickJobTimeoutError). */
export const PUBLIC_TEST_TIMEOUT_MS = 20_000;
