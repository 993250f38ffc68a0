import type { Db } from "@/db/client";
import { gradeAnswer, makeVariant, type GradeOutcome } from "@/grader/grade";
import { runAsOwner, runAsPlatform } from "@/grader/sandbox/owner";
import { SandboxBusyError } from "@/grader/sandbox/pool";
import type { LoadedQuestion } from "@/question-bank/load";
import { openQuickJob, quickJobEnded, type QuickSummary } from "./record";
import { runGradingJob } from "./run-job";
import { processWide } from "@/platform/process-wide";

/**
 * Short runs a web request waits for, sent through the grading queue (GradingQueue.run): a public-test run, the
 * question editor's check of a draft, and one answer of a regrade batch.
 * Embedded, the web process runs them itself; with pg-boss a grader process does (web processes never run Python),
 * on lanes of their own so they never wait behind grading jobs. Each is recorded in `grading_jobs`.
 */
export type QuickJob =
  /** `owner`: the student, whose bounded sandbox queue the run counts in (429 beyond it) */
  | { kind: "public-test"; question: LoadedQuestion; owner: string; source: string }
  /** one stored answer of a regrade, on its own variant; `jobId`: its `regrade` job, which the batch finishes */
  | { kind: "grade"; jobId: string; question: LoadedQuestion; seed: number; source: string }
  /** the question editor's check of a draft (reference, variants, test answer, self-check), run by the grader's entry point */
  | { kind: "authoring-check"; check: AuthoringCheck };

/** A draft as the editor sends it, with the validation's options (lib/authoring/validate.ts reads it). */
export interface AuthoringCheck {
  draft: { fields: Record<string, unknown>; prompt: string; solution: string };
  options: { folder?: string; seed?: number | null; testAnswer?: string; locale?: string };
}

/** What a process does with an authoring check: validation is a service above this layer, so it registers itself. */
export type AuthoringChecker = (check: AuthoringCheck) => Promise<unknown>;

/** Process-wide: the route handlers' copy of validate.ts registers the check, the queue runs its own copy of this module. */
const registry = () => processWide("authoring-checker", (): { check?: AuthoringChecker } => ({}));

/** lib/authoring/validate.ts registers the draft check on import (the web process and `npm run grader` both import it). */
export function registerAuthoringChecker(check: AuthoringChecker): void {
  registry().check = check;
}

export type QuickResult =
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

/** Where a run is recorded: the database and the process that runs it. */
export interface QuickRecord {
  db: Db;
  owner: string;
}

/**
 * Runs one quick job here (in the process's sandbox), recorded in `grading_jobs` when `record` is given: a quick
 * run is one insert and one update (done with a small summary, or failed); a regrade answer is runGradingJob on its
 * own job (the batch writes its result).
 */
export async function handleQuickJob(job: QuickJob, record?: QuickRecord): Promise<QuickResult> {
  if (job.kind === "grade") {
    const { kind: _kind, ...answer } = job;
    const grade = () => (record ? runGradingJob(record.db, answer, record.owner) : gradeAnswer(answer.question, makeVariant(answer.question, answer.seed), answer.source));
    return { kind: "grade", outcome: await runAsPlatform("regrade", grade) };
  }
  const jobId = record ? await openQuickJob(record.db, job.kind, record.owner) : null;
  try {
    const result = await runQuick(job);
    if (record && jobId) await quickJobEnded(record.db, jobId, result.kind === "busy" ? { error: `busy: ${result.scope}` } : { result: summaryOf(result) });
    return result;
  } catch (error) {
    if (record && jobId) await quickJobEnded(record.db, jobId, { error: (error as Error).message }).catch(() => undefined);
    throw error;
  }
}

async function runQuick(job: Exclude<QuickJob, { kind: "grade" }>): Promise<QuickResult> {
  if (job.kind === "authoring-check") {
    const check = registry().check;
    if (!check) throw new Error("this process cannot check drafts");
    return { kind: "authoring-check", validation: await runAsPlatform("authoring-check", () => check(job.check)) };
  }
  try {
    const outcome = await runAsOwner(job.owner, () => gradeAnswer(job.question, makeVariant(job.question, null), job.source));
    return { kind: "public-test", outcome };
  } catch (error) {
    if (error instanceof SandboxBusyError) return { kind: "busy", scope: error.scope, retryAfterSeconds: error.retryAfterSeconds };
    throw error;
  }
}

function summaryOf(result: Exclude<QuickResult, { kind: "busy" }>): QuickSummary {
  if (result.kind === "authoring-check") {
    const ok = (result.validation as { ok?: unknown } | null)?.ok;
    return { status: ok === true ? "valid" : "refused" };
  }
  const { outcome } = result;
  return { status: outcome.status, score: outcome.status === "error" ? null : outcome.score };
}
