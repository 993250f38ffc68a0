import pino, { type Logger } from "pino";
import { config } from "@/platform/config";
import { processWide } from "@/platform/process-wide";

/**
 * Structured JSON logs on stdout (pino). One line per event; a request's lines carry its `requestId`, which follows a
 * submission into its grading job. LOG_LEVEL sets the level (default info; "silent" turns logs off).
 */
export function createLogger(service: string): Logger {
  return pino({
    level: config().raw.LOG_LEVEL,
    base: { service, pid: process.pid },
    // stack traces go to the logs, never into responses
    serializers: { err: pino.stdSerializers.err },
  });
}

/** The process-wide logger (service name from FORJA_SERVICE, default "web"). */
export function getLogger(): Logger {
  return processWide("logger", () => createLogger(config().raw.FORJA_SERVICE));
}
