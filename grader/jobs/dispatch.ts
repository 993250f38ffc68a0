import type { Logger } from "pino";
import { wakeInProcessWorker } from "./in-process";
import { currentJobQueue, enqueueGrading, type GradeJobData } from "./pgboss";

/**
 * The web app, after storing a queued submission: in production mode send its job (a failed send is logged and left
 * to the workers' sweep, the submission is stored already); otherwise wake the in-process worker. `log` carries the
 * request id.
 */
export async function dispatchGrading(data: GradeJobData, log: Logger): Promise<void> {
  try {
    const boss = await currentJobQueue(log);
    if (!boss) return wakeInProcessWorker();
    const sent = await enqueueGrading(boss, data);
    log.info({ submissionId: data.submissionId, sent }, "grading job sent");
  } catch (error) {
    log.error({ err: error, submissionId: data.submissionId }, "grading job not sent; the sweep will send it");
  }
}

