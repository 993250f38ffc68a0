import { databaseHealth } from "@/db/outage";
import { requestLocale } from "@/lib/i18n/request-locale";
import { translate } from "@/domain/i18n/translate";

/** Seconds a client waits before sending again while the database is away (a fast restart takes about one). */
export const OUTAGE_RETRY_AFTER_SECONDS = 2;

/**
 * The answer to a request that met a database outage: 503 with Retry-After and a message in the person's language,
 * marked `reason: "database-unavailable"` so that clients know that sending the same request again is safe.
 * Null when `error` is not an outage.
 */
export async function outageResponse(error: unknown, requestId?: string): Promise<Response | null> {
  if (!databaseHealth().failed(error, "web request")) return null;
  return Response.json(
    { error: translate(await requestLocale(), "outage.unavailable"), reason: "database-unavailable", ...(requestId ? { requestId } : {}) },
    { status: 503, headers: { "Retry-After": String(OUTAGE_RETRY_AFTER_SECONDS), "cache-control": "no-store" } },
  );
}
