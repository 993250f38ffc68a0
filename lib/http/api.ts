import "server-only";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import type { CourseAction } from "@/lib/auth/policy";
import { checkCourseAccess, type CourseAccess } from "@/lib/auth/session";
import { currentLocale, requestLocale, withLocale } from "@/lib/i18n/request-locale";
import { hasMessage, translate, type MessageValues } from "@/domain/i18n/translate";
import { localizedIssue, zodErrorMap } from "@/domain/i18n/validation";
import { getLogger } from "@/platform/observability/logger";
import { QuickJobTimeoutError } from "@/grader/jobs/quick-jobs";
import { hasControlCharacters } from "./edge";
import { codeRunnerTimeoutResponse } from "./rate-limit";
import { outageResponse } from "./outage";

const statusMessages: Record<401 | 403 | 404, string> = {
  401: "api.unauthorized",
  403: "api.forbidden",
  404: "api.notFound",
};

const MESSAGE_KEY = /^(?:api|validation)\.[\w.-]+$/;

/**
 * An error answer. `message` is a message key (`api.questionNotFound`, messages/<locale>/api.json) said in the
 * reader's locale (set by withCourseAccess), or a text already written for the reader.
 */
export function apiError(status: number, message: string, extra: Record<string, unknown> = {}, values?: MessageValues): Response {
  const text = MESSAGE_KEY.test(message) && hasMessage(message) ? translate(currentLocale(), message, values) : message;
  return Response.json({ error: text, ...extra }, { status });
}

/**
 * Route handlers: the role check, then the handler; a denied request gets the right status and a clear message.
 * A database outage, or a code run no grader answered in time, is a 503 with Retry-After (sending again is safe: submissions carry an idempotency key); any other
 * unexpected error is logged (with the request id when given) and answered 500 without its stack trace.
 */
export async function withCourseAccess(
  courseId: string,
  action: CourseAction,
  handler: (access: CourseAccess) => Promise<Response>,
  context: { requestId?: string } = {},
): Promise<Response> {
  const locale = await requestLocale();
  return withLocale(locale, async () => {
    try {
      const result = await checkCourseAccess(courseId, action);
      if (!result.ok) return apiError(result.status, statusMessages[result.status]);
      return await handler(result.access);
    } catch (error) {
      unstable_rethrow(error);
      // production mode: no grader process answered a code run the request waited for (e.g. the editor's check)
      if (error instanceof QuickJobTimeoutError) return codeRunnerTimeoutResponse(error.timeoutMs, error.kind);
      const unavailable = await outageResponse(error, context.requestId);
      if (unavailable) return unavailable;
      getLogger().error({ err: error, requestId: context.requestId, courseId, action }, "route handler failed");
      return apiError(500, "api.internal", context.requestId ? { requestId: context.requestId } : {});
    }
  });
}

/** The body as text, reading no more than `maxBytes` (a chunked body has no content-length to check first). */
export async function readBodyText(request: Request, maxBytes: number): Promise<string | null> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Parses a JSON body with a zod schema; bad input is a 400 with the first problem spelled out. */
export async function parseJsonBody<T>(request: Request, schema: z.ZodType<T>, maxBytes: number): Promise<{ ok: true; data: T } | { ok: false; response: Response }> {
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > maxBytes) return { ok: false, response: apiError(413, "api.tooLarge") };
  const text = await readBodyText(request, maxBytes);
  if (text === null) return { ok: false, response: apiError(413, "api.tooLarge") };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, response: apiError(400, "api.notJson") };
  }
  if (hasControlCharacters(json)) return { ok: false, response: apiError(422, "api.controlCharacters") };
  const parsed = schema.safeParse(json, { error: zodErrorMap(currentLocale()) });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, response: apiError(400, "api.invalidField", {}, { field: issue?.path.join(".") || "(corpo)", problem: localizedIssue(issue, currentLocale()) }) };
  }
  return { ok: true, data: parsed.data };
}
