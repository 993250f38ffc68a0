import { translatorFor } from "@/domain/i18n/translator";
import { getLogger } from "@/platform/observability/logger";
import { LtiError } from "./errors";
import { escapeHtml } from "./http";

const escape = escapeHtml;

/**
 * A refused LTI request: logged with its reason (the detail stays in the logs), answered with a short page in the
 * reader's language and the right status. An unexpected error is a 500 page, never a stack trace.
 */
export async function ltiErrorResponse(error: unknown, locale: string | undefined, context: { route: string }): Promise<Response> {
  const lti = error instanceof LtiError ? error : null;
  const code = lti?.code ?? "internal";
  const status = lti?.status ?? 500;
  const log = getLogger();
  if (lti) log.warn({ lti: code, detail: lti.message, route: context.route }, "LTI request refused");
  else log.error({ err: error, route: context.route }, "LTI request failed");
  const { locale: chosen, t } = await translatorFor(lti?.locale ?? locale);
  const title = t("lti.errorTitle");
  const message = t(`lti.errors.${code}`);
  const html = `<!doctype html><html lang="${chosen}"><head><meta charset="utf-8"><title>${escape(title)}</title><meta name="viewport" content="width=device-width,initial-scale=1"></head><body style="font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem"><h1>${escape(title)}</h1><p data-lti-error="${code}">${escape(message)}</p><p>${escape(t("lti.errorHelp"))}</p></body></html>`;
  return new Response(html, { status, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'" } });
}
