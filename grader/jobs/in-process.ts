import { getDb } from "@/db/client";
import { GradingWorker } from "./worker";
import { config } from "@/lib/config";

const holder = globalThis as unknown as { forjaWorker?: GradingWorker };

/** The embedded default: the web server grades code submissions itself (GRADER_IN_PROCESS=0 leaves it to `npm run grader`). */
export async function startInProcessWorker(): Promise<void> {
  if (holder.forjaWorker || config().queue !== "embedded") return;
  holder.forjaWorker = new GradingWorker(await getDb());
  holder.forjaWorker.start();
}

export function wakeInProcessWorker(): void {
  holder.forjaWorker?.wake();
}
