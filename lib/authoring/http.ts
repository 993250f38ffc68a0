import "server-only";
import { z } from "zod";
import type { MessageValues } from "@/domain/i18n/translate";
import { apiError } from "@/lib/http/api";
import type { SaveOutcome } from "./store";

export const MAX_DRAFT_BYTES = 400_000;

/** A draft as the editor sends it; the fields are checked by validateDraft, here only their shape. */
export const draftSchema = z.object({
  fields: z.record(z.string(), z.unknown()),
  prompt: z.string().max(100_000),
  solution: z.string().max(100_000),
});

export function saveResponse(outcome: SaveOutcome): Response {
  switch (outcome.kind) {
    case "saved":
      return Response.json(outcome, { status: outcome.created ? 201 : 200 });
    case "invalid":
      return apiError(422, "api.questionHasProblems", { issues: outcome.issues });
    case "conflict":
      return apiError(409, outcome.message, { issues: [{ field: "id", message: outcome.message }] });
    case "not-found":
      return apiError(404, "api.courseQuestionNotFound");
  }
}

/** `{ ok: false, status, message, field, values }` from the builder's domain functions (`message`: an `api.*` key). */
export function refusalResponse(outcome: { status: number; message: string; field?: string; values?: MessageValues }): Response {
  return apiError(outcome.status, outcome.message, outcome.field ? { field: outcome.field } : {}, outcome.values);
}
