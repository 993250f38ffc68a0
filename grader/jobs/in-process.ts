import { getDb } from "@/db/client";
import { setExpectedStore } from "@/grader/types/code/python/expected-store";
import { databaseExpectedStore } from "./expected-store-db";
import { GradingWorker } from "./worker";
import { config } from "@/platform/config";

const holder = globalThis as unknown as { forjaWorker?: GradingWorker };

/** The embedded default: the web server grades code submissions itself (GRADER_IN_PROCESS=0 leaves it to `npm run grader`). */
export async function startInProcessWorker(): Promise<void> {
  if (holder.forjaWorker || config().queue !== "embedded") return;
  const db = await getDb();
  setExpectedStore(databaseExpectedStore(db));
  holder.forjaWorker = new GradingWorker(db);
  holder.forjaWorker.start();
}

export function wakeInProcessWorker(): void {
  holder.forjaWorker?.wake();
}
