import "server-only";
import { unstable_rethrow } from "next/navigation";
import { localeCookie } from "@/domain/i18n/config";
import { translatorFor } from "@/domain/i18n/translator";
import type { PlatformAction } from "@/lib/auth/policy";
import type { CourseAction } from "@/lib/auth/policy";
import { checkCourseAccess, checkPlatformAccess, currentUser, type CourseAccess, type SessionUser } from "@/lib/auth/session";
import { getLogger } from "@/platform/observability/logger";
import type { z } from "zod";
import { apiError, readBodyText } from "./api";

/** The reader's language for an API answer: the locale cookie of the request (the app's default otherwise). */
export function localeOf(request: Request): string | undefined {
  const cookie = request.headers.get("cookie") ?? "";
  return cookie.split(/;\s*/).find((c) => c.startsWith(`${localeCookie}=`))?.slice(localeCookie.length + 1);
}

const statusOf: Record<string, number> = {
  unauthorized: 401,
  forbidden: 403,
  email_taken: 409,
  slug_taken: 409,
  last_instructor: 409,
  not_found: 404,
  unknown_code: 404,
  closed: 403,
  domain: 403,
  removed: 403,
  rate_limited: 429,
  tooLarge: 413,
  no_mail: 409,
};

const knownFields = new Set(["slug", "title", "term", "timeZone", "language", "instructor", "domains", "shiftDays", "enabled", "newCode"]);

/** A refusal from the accounts, courses or roster domain, answered in the reader's language. */
export async function peopleRefusal(request: Request, reason: string, field?: string): Promise<Response> {
  const { t } = await translatorFor(localeOf(request));
  const message = field && reason === "invalid" && knownFields.has(field) ? t("peopleErrors.invalidField", { field: t(`peopleErrors.fields.${field}`) }) : t(`peopleErrors.${reason}`);
  return apiError(statusOf[reason] ?? 400, message, { reason, ...(field ? { field } : {}) });
}

async function guarded(request: Request, run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    unstable_rethrow(error);
    getLogger().error({ err: error, url: request.url }, "route handler failed");
    const { t } = await translatorFor(localeOf(request));
    return apiError(500, t("peopleErrors.internal"));
  }
}

/** Routes for anyone (invitation and reset links): only the error handling. */
export function publicRoute(request: Request, run: () => Promise<Response>): Promise<Response> {
  return guarded(request, run);
}

/** Routes for any signed-in person (their own account, joining a course). */
export function withSignedInUser(request: Request, run: (user: SessionUser) => Promise<Response>): Promise<Response> {
  return guarded(request, async () => {
    const user = await currentUser();
    return user ? run(user) : peopleRefusal(request, "unauthorized");
  });
}

/** Platform routes (administrators), through the policy's platform check. */
export function withPlatformAccess(request: Request, action: PlatformAction, run: (user: SessionUser) => Promise<Response>): Promise<Response> {
  return guarded(request, async () => {
    const result = await checkPlatformAccess(action);
    if (!result.ok) return peopleRefusal(request, result.status === 401 ? "unauthorized" : "forbidden");
    return run(result.user);
  });
}

/** A JSON body checked with zod; a refusal names the first bad field in the reader's language. */
export async function parseBody<T>(request: Request, schema: z.ZodType<T>, maxBytes: number): Promise<{ ok: true; data: T } | { ok: false; response: Response }> {
  const refuse = async (reason: string, field?: string) => ({ ok: false as const, response: await peopleRefusal(request, reason, field) });
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes) return refuse("tooLarge");
  const text = await readBodyText(request, maxBytes);
  if (text === null) return refuse("tooLarge");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return refuse("notJson");
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return refuse("invalid", String(parsed.error.issues[0]?.path[0] ?? ""));
  return { ok: true, data: parsed.data };
}

/** Course routes of this area: the policy's course check, refusals in the reader's language. */
export function withCourseRoute(request: Request, courseId: string, action: CourseAction, run: (access: CourseAccess) => Promise<Response>): Promise<Response> {
  return guarded(request, async () => {
    const result = await checkCourseAccess(courseId, action);
    if (!result.ok) return peopleRefusal(request, result.status === 401 ? "unauthorized" : result.status === 403 ? "forbidden" : "not_found");
    return run(result.access);
  });
}
