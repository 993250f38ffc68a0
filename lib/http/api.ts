import "server-only";
import type { z } from "zod";
import type { CourseAction } from "@/lib/auth/policy";
import { checkCourseAccess, type CourseAccess } from "@/lib/auth/session";

const statusMessages: Record<401 | 403 | 404, string> = {
  401: "Faça login para continuar.",
  403: "Sua conta não tem permissão para esta ação.",
  404: "Não encontrado.",
};

export function apiError(status: number, message: string, extra: Record<string, unknown> = {}): Response {
  return Response.json({ error: message, ...extra }, { status });
}

/** Route handlers: the role check, then the handler; a denied request gets the right status and a clear message. */
export async function withCourseAccess(courseId: string, action: CourseAction, handler: (access: CourseAccess) => Promise<Response>): Promise<Response> {
  const result = await checkCourseAccess(courseId, action);
  if (!result.ok) return apiError(result.status, statusMessages[result.status]);
  return handler(result.access);
}

/** Parses a JSON body with a zod schema; bad input is a 400 with the first problem spelled out. */
export async function parseJsonBody<T>(request: Request, schema: z.ZodType<T>, maxBytes: number): Promise<{ ok: true; data: T } | { ok: false; response: Response }> {
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > maxBytes) return { ok: false, response: apiError(413, "A requisição é grande demais.") };
  const text = await request.text();
  if (text.length > maxBytes) return { ok: false, response: apiError(413, "A requisição é grande demais.") };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, response: apiError(400, "O corpo da requisição não é JSON válido.") };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, response: apiError(400, `Campo inválido: ${issue?.path.join(".") || "(corpo)"}: ${issue?.message}`) };
  }
  return { ok: true, data: parsed.data };
}
