import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { createLocalJWKSet, jwtVerify } from "jose";
import { z } from "zod";
import type { Db } from "@/db/client";
import { assessmentItems, assessments } from "@/db/schema";
import { claim, type LaunchClaims } from "./claims";
import { LtiError } from "./errors";
import { signAsTool, toolJwks } from "./keys";
import { getPlatform, type Platform } from "./platforms";

const PICKER_AUDIENCE = "forja:deep-linking-picker";

const pickerSchema = z.object({
  platformId: z.string().uuid(),
  deploymentId: z.string(),
  courseId: z.string().uuid(),
  userId: z.string().uuid(),
  returnUrl: z.string().url(),
  data: z.string().optional(),
});
export type PickerRequest = z.infer<typeof pickerSchema>;

/**
 * Deep Linking 2.0 §4.4: the platform's request is kept, signed by Forja and short-lived, in the picker's address
 * (no table): the instructor chooses an assessment there, then Forja answers the platform (§4.5).
 */
export async function deepLinkingPickerPath(db: Db, platform: Platform, claims: LaunchClaims, courseId: string, base: string, now: Date, userId?: string): Promise<string> {
  const settings = claims[claim.deepLinkingSettings];
  if (!settings) throw new LtiError("bad_claims", "deep_linking_settings is required");
  if (!settings.accept_types.includes("ltiResourceLink")) throw new LtiError("bad_claims", "the platform does not accept ltiResourceLink");
  const request: Omit<PickerRequest, "userId"> = { platformId: platform.id, deploymentId: claims[claim.deploymentId], courseId, returnUrl: settings.deep_link_return_url, data: settings.data };
  const token = await signAsTool(db, { ...request, userId }, { issuer: base, audience: PICKER_AUDIENCE, now, ttlSeconds: 30 * 60 });
  return `/lti/deep-link?request=${encodeURIComponent(token)}`;
}

export async function readPickerRequest(db: Db, token: string, base: string, now: Date): Promise<PickerRequest> {
  try {
    const { payload } = await jwtVerify(token, createLocalJWKSet(await toolJwks(db)), { issuer: base, audience: PICKER_AUDIENCE, currentDate: now, algorithms: ["RS256"] });
    return pickerSchema.parse(payload);
  } catch {
    throw new LtiError("expired", "deep-linking request");
  }
}

export function pickableAssessments(db: Db, courseId: string) {
  return db.select({ id: assessments.id, slug: assessments.slug, title: assessments.title, published: assessments.published }).from(assessments).where(eq(assessments.courseId, courseId)).orderBy(asc(assessments.opensAt));
}

/** The signed LtiDeepLinkingResponse (§4.5) placing one assessment, with its line item (AGS §3.2.3 via Deep Linking). */
export async function deepLinkingResponse(db: Db, request: PickerRequest, assessmentId: string, base: string, now: Date): Promise<{ returnUrl: string; jwt: string }> {
  if (!z.string().uuid().safeParse(assessmentId).success) throw new LtiError("no_assessment");
  const platform = await getPlatform(db, request.platformId);
  const [assessment] = await db.select().from(assessments).where(and(eq(assessments.id, assessmentId), eq(assessments.courseId, request.courseId)));
  if (!platform || !assessment) throw new LtiError("no_assessment");
  const items = await db.select({ points: assessmentItems.points }).from(assessmentItems).where(eq(assessmentItems.assessmentId, assessment.id));
  const scoreMaximum = items.reduce((sum, i) => sum + i.points, 0) || 1;
  const contentItem = {
    type: "ltiResourceLink",
    title: assessment.title,
    url: `${base}/api/lti/launch`,
    custom: { forja_assessment: assessment.slug },
    lineItem: { scoreMaximum, label: assessment.title, resourceId: assessment.id },
    available: { startDateTime: assessment.opensAt.toISOString(), endDateTime: assessment.closesAt.toISOString() },
  };
  const payload: Record<string, unknown> = {
    nonce: randomUUID(),
    azp: platform.clientId,
    [claim.deploymentId]: request.deploymentId,
    [claim.messageType]: "LtiDeepLinkingResponse",
    [claim.version]: "1.3.0",
    "https://purl.imsglobal.org/spec/lti-dl/claim/content_items": [contentItem],
  };
  if (request.data !== undefined) payload["https://purl.imsglobal.org/spec/lti-dl/claim/data"] = request.data;
  const jwt = await signAsTool(db, payload, { issuer: platform.clientId, audience: platform.issuer, now });
  return { returnUrl: request.returnUrl, jwt };
}
