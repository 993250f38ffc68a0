import type { Db } from "@/db/client";
import { ltiPlatforms } from "@/db/schema";
import { getLogger } from "@/platform/observability/logger";
import { queueChangedScores, sendDueScores } from "./ags";
import { config } from "@/platform/config";
import { processWide } from "@/platform/process-wide";

/**
 * The background loop of grade passback: every LTI_SCORE_TICK_SECONDS it queues the grades that changed and sends
 * the due ones. The queue is the lti_scores table (durable: a restart resumes it), so no request waits for the LMS.
 */
export class LtiScoreWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    private readonly tickMs = config().raw.LTI_SCORE_TICK_SECONDS * 1000,
    private readonly now: () => Date = () => new Date(),
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.tickMs);
    this.timer.unref();
  }

  /** One round (also what tests call): queue what changed, send what is due. */
  tick(): Promise<void> {
    this.running ??= this.round().finally(() => (this.running = null));
    return this.running;
  }

  private async round(): Promise<void> {
    try {
      const [anyPlatform] = await this.db.select({ id: ltiPlatforms.id }).from(ltiPlatforms).limit(1);
      if (!anyPlatform) return;
      const now = this.now();
      await queueChangedScores(this.db, now);
      const { sent, failed } = await sendDueScores(this.db, now);
      if (sent || failed) getLogger().info({ sent, failed }, "LTI scores sent");
    } catch (error) {
      getLogger().warn({ err: error }, "LTI score round failed; next round retries");
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}

const started = processWide("lti-score-worker", (): { worker?: LtiScoreWorker } => ({}));

/** Started by instrumentation.ts in every web process (rows are claimed with SKIP LOCKED). LTI_SCORES=0 turns it off. */
export async function startLtiScoreWorker(): Promise<void> {
  if (started.worker || config().raw.LTI_SCORES === "0") return;
  const { getDb } = await import("@/db/client");
  started.worker = new LtiScoreWorker(await getDb());
  started.worker.start();
}
