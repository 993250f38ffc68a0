import type PgBoss from "pg-boss";
import { gradeAnswer, makeVariant, unreadableAnswer, type GradeOutcome } from "@/grader/grade";
import { runAsOwner, runAsPlatform } from "@/grader/sandbox/owner";
import { SandboxBusyError } from "@/grader/sandbox/pool";
import type { Said } from "@/domain/questions/feedback";
import type { LoadedQuestion } from "@/question-bank/load";

/**
 * Short code runs a web request waits for (production mode: web processes never run Python). A syntax check before
 * an answer is stored and a public-test run are sent to the grader processes on their own pg-boss queue, so they are
 * never queued behind grading jobs; the route waits for the answer up to a timeout.
 */
export const QUICK_QUEUE = "quick-run";
/** Grading runs of a regrade batch: the same handler on a lane of their own, so a regrade never delays a student */
export const BATCH_QUEUE = "batch-run";

export type QuickJob =
  | { kind: "syntax-check"; question: LoadedQuestion; source: string }
  /** `owner`: the student, whose bounded sandbox queue the run counts in (429 beyond it) */
  | { kind: "public-test"; question: LoadedQuestion; owner: string; source: string }
  /** one stored answer of a regrade, on its own variant */
  | { kind: "grade"; question: LoadedQuestion; seed: number; source: string }
  /** the question editor's check of a draft (reference, variants, test answer, self-check), run by the grader's entry point */
  | { kind: "authoring-check"; check: AuthoringCheck };

/** A draft as the editor sends it, with the validation's options (lib/authoring/validate.ts reads it). */
export interface AuthoringCheck {
  draft: { fields: Record<string, unknown>; prompt: string; solution: string };
  options: { folder?: string; seed?: number | null; testAnswer?: string; locale?: string };
}

/** What the grader process does with an authoring check: validation is a service above this layer, so it is passed in. */
export type AuthoringChecker = (check: AuthoringCheck) => Promise<unknown>;

export type QuickResult =
  | { kind: "syntax-check"; error: Said | null }
  | { kind: "public-test" | "grade"; outcome: GradeOutcome }
  /** the draft's validation, as JSON (the web side parses it) */
  | { kind: "authoring-check"; validation: unknown }
  | { kind: "busy"; scope: "owner" | "server"; retryAfterSeconds: number };

/** Thrown when no grader answered in time (the route says so, with Retry-After). */
export class QuickJobTimeoutError extends Error {
  constructor(
    readonly timeoutMs: number,
    readonly kind: QuickJob["kind"] = "public-test",
  ) {
    super(`no grader answered within ${timeoutMs} ms`);
  }
}

/** What a grader process does with one quick job (run in its own sandbox). */
export async function handleQuickJob(job: QuickJob, authoringChecker?: AuthoringChecker): Promise<QuickResult> {
  if (job.kind === "authoring-check") {
    if (!authoringChecker) throw new Error("this grader process cannot check drafts");
    const check = job.check;
    return { kind: "authoring-check", validation: await runAsPlatform("authoring-check", () => authoringChecker(check)) };
  }
  // each kind in its own round-robin slot of the grader's sandbox: a syntax check never waits behind grading jobs
  if (job.kind === "syntax-check") return { kind: "syntax-check", error: await runAsPlatform("syntax-check", () => unreadableAnswer(job.question, job.source)) };
  if (job.kind === "grade") {
    const { question, seed, source } = job;
    return { kind: "grade", outcome: await runAsPlatform("regrade", () => gradeAnswer(question, makeVariant(question, seed), source)) };
  }
  try {
    const outcome = await runAsOwner(job.owner, () => gradeAnswer(job.question, makeVariant(job.question, null), job.source));
    return { kind: "public-test", outcome };
  } catch (error) {
    if (error instanceof SandboxBusyError) return { kind: "busy", scope: error.scope, retryAfterSeconds: error.retryAfterSeconds };
    throw error;
  }
}

export async function createQuickQueue(boss: PgBoss): Promise<void> {
  // a quick run is worth nothing later: no retries, gone once its waiter would have given up
  for (const name of [QUICK_QUEUE, BATCH_QUEUE]) {
    await boss.createQueue(name, { name, retryLimit: 0, expireInSeconds: 300 }).catch((error: unknown) => {
      if (!/already exists/i.test(String((error as Error).message))) throw error;
    });
  }
}

const POLL_MS = 40;

/** Sends a quick job and waits for its result; QuickJobTimeoutError after `timeoutMs`, an Error when the job failed. */
export async function runQuickJob(boss: PgBoss, job: QuickJob, timeoutMs: number, now: () => number = Date.now, queue = QUICK_QUEUE): Promise<QuickResult> {
  const id = await boss.send(queue, job, { retryLimit: 0, expireInSeconds: Math.max(1, Math.ceil(timeoutMs / 1000)) });
  if (!id) throw new Error("quick job not sent");
  const deadline = now() + timeoutMs;
  for (;;) {
    const found = await boss.getJobById<QuickJob>(queue, id);
    if (found?.state === "completed") return found.output as QuickResult;
    if (found && (found.state === "failed" || found.state === "cancelled")) throw new Error(`quick job ${found.state}`);
    if (now() >= deadline) {
      await boss.cancel(queue, id).catch(() => undefined);
      throw new QuickJobTimeoutError(timeoutMs, job.kind);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** How long one answer of a regrade batch waits for a grader (production mode) before the run fails (it can be resumed). */
const BATCH_GRADE_TIMEOUT_MS = 120_000;

/** A regrade's grading of one stored answer, in a grader process (production mode). */
export async function gradeRemotely(boss: PgBoss, question: LoadedQuestion, seed: number, source: string): Promise<GradeOutcome> {
  const result = await runQuickJob(boss, { kind: "grade", question, seed, source }, BATCH_GRADE_TIMEOUT_MS, Date.now, BATCH_QUEUE);
  if (result.kind !== "grade") throw new Error(`unexpected quick result ${result.kind}`);
  return result.outcome;
}
