import "server-only";
import { readFileSync } from "node:fs";
import { edgeConfig } from "@/platform/config";

/**
 * The server's "now" for pages, routes and actions. End-to-end tests inject the clock: with FORJA_TEST_CLOCK_FILE set
 * (scripts/e2e-server.sh only; refused in production), the file holds an offset in milliseconds added to the real
 * time, so a test can jump to the last seconds of an exam instead of waiting for them.
 */
export function currentTime(): Date {
  const file = edgeConfig().testClockFile;
  if (!file) return new Date();
  let offset = 0;
  try {
    offset = Number(readFileSync(file, "utf8").trim()) || 0;
  } catch {
    offset = 0;
  }
  return new Date(Date.now() + offset);
}
