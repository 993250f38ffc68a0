import { cookies } from "next/headers";
import { databaseHealth } from "@/db/outage";
import { defaultLocale, isLocale, localeCookie, type Locale } from "@/lib/i18n/config";
import { loadMessages } from "@/lib/i18n/messages";

/** Seconds a client waits before sending again while the database is away (a fast restart takes about one). */
export const OUTAGE_RETRY_AFTER_SECONDS = 2;

async function requestLocale(): Promise<Locale> {
  try {
    const chosen = (await cookies()).get(localeCookie)?.value;
    return isLocale(chosen) ? chosen : defaultLocale;
  } catch {
    // outside a request (a test calling the handler directly)
    return defaultLocale;
  }
}

const messages = new Map<Locale, string>();

async function unavailableMessage(locale: Locale): Promise<string> {
  if (!messages.has(locale)) {
    const all = (await loadMessages(locale)) as { outage: { unavailable: string } };
    messages.set(locale, all.outage.unavailable);
  }
  return messages.get(locale)!;
}

/**
 * The answer to a request that met a database outage: 503 with Retry-After and a message in the person's language,
 * marked `reason: "database-unavailable"` so that clients know that sending the same request again is safe.
 * Null when `error` is not an outage.
 */
export async function outageResponse(error: unknown, requestId?: string): Promise<Response | null> {
  if (!databaseHealth().failed(error, "web request")) return null;
  return Response.json(
    { error: await unavailableMessage(await requestLocale()), reason: "database-unavailable", ...(requestId ? { requestId } : {}) },
    { status: 503, headers: { "Retry-After": String(OUTAGE_RETRY_AFTER_SECONDS), "cache-control": "no-store" } },
  );
}

