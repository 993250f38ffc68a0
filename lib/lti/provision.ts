import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { assessments, enrolments, ltiContexts, ltiIdentities, ltiResourceLinks, users } from "@/db/schema";
import { emailSchema } from "@/lib/accounts/users";
import type { CourseRole } from "@/lib/auth/policy";
import { claim, courseRoleFromLti, type LaunchClaims } from "./claims";
import { LtiError } from "./errors";
import type { Platform } from "./platforms";

const rank: Record<CourseRole, number> = { student: 0, ta: 1, instructor: 2 };

export interface LaunchUser {
  id: string;
  email: string;
  name: string;
  sessionVersion: number;
}

/**
 * The Forja account of the platform's person (issuer, sub): found by the identity, or created. Never matched by
 * e-mail: an address the platform sends that already belongs to another account is not taken over; the new
 * account gets a placeholder address instead (the staff can see it is an LMS account).
 */
export async function accountFor(db: Db, platform: Platform, claims: LaunchClaims): Promise<LaunchUser> {
  const [known] = await db
    .select({ id: users.id, email: users.email, name: users.name, sessionVersion: users.sessionVersion, deactivatedAt: users.deactivatedAt })
    .from(ltiIdentities)
    .innerJoin(users, eq(users.id, ltiIdentities.userId))
    .where(and(eq(ltiIdentities.platformId, platform.id), eq(ltiIdentities.sub, claims.sub)));
  if (known) {
    if (known.deactivatedAt) throw new LtiError("deactivated");
    return known;
  }
  const name = (claims.name ?? [claims.given_name, claims.family_name].filter(Boolean).join(" ")).trim().slice(0, 200) || claims.sub.slice(0, 200);
  const placeholder = `lti-${createHash("sha256").update(`${platform.issuer}\n${claims.sub}`).digest("hex").slice(0, 24)}@lti.invalid`;
  const offered = emailSchema.safeParse(claims.email ?? "");
  return db.transaction(async (tx) => {
    let [created] = offered.success ? await tx.insert(users).values({ email: offered.data, name }).onConflictDoNothing().returning() : [];
    created ??= (await tx.insert(users).values({ email: placeholder, name }).onConflictDoNothing().returning())[0];
    if (!created) [created] = await tx.select().from(users).where(eq(users.email, placeholder));
    await tx.insert(ltiIdentities).values({ platformId: platform.id, sub: claims.sub, userId: created!.id });
    return { id: created!.id, email: created!.email, name: created!.name, sessionVersion: created!.sessionVersion };
  });
}

/**
 * Enrols the user in the linked course with the role from the launch. A launch only ever raises a role (an
 * instructor who previews as a learner in the LMS stays instructor); lowering is done in Forja (the people page).
 * Someone removed from the course in Forja stays removed.
 */
export async function enrolFromLaunch(db: Db, courseId: string, userId: string, launchRole: CourseRole): Promise<CourseRole> {
  const [existing] = await db.select().from(enrolments).where(and(eq(enrolments.courseId, courseId), eq(enrolments.userId, userId)));
  if (!existing) {
    await db.insert(enrolments).values({ courseId, userId, role: launchRole }).onConflictDoNothing();
    return launchRole;
  }
  if (existing.removedAt) throw new LtiError("deactivated", "removed from the course");
  if (rank[launchRole] > rank[existing.role]) {
    await db.update(enrolments).set({ role: launchRole }).where(and(eq(enrolments.courseId, courseId), eq(enrolments.userId, userId)));
    return launchRole;
  }
  return existing.role;
}

export interface LaunchContext {
  courseId: string;
  launchRole: CourseRole;
}

/** The Forja course of the launch's LMS context (linked by an administrator), and the role the launch asks for. */
export async function contextOf(db: Db, platform: Platform, claims: LaunchClaims): Promise<LaunchContext> {
  const launchRole = courseRoleFromLti(claims[claim.roles]);
  if (!launchRole) throw new LtiError("no_role");
  const contextId = claims[claim.context]?.id;
  if (!contextId) throw new LtiError("not_linked", "no context claim");
  const [link] = await db.select().from(ltiContexts).where(and(eq(ltiContexts.platformId, platform.id), eq(ltiContexts.contextId, contextId)));
  if (!link) throw new LtiError("not_linked", contextId);
  const ags = claims[claim.ags];
  const nrps = claims[claim.nrps];
  if (ags?.lineitems || nrps) {
    await db
      .update(ltiContexts)
      .set({ lineItemsUrl: ags?.lineitems ?? link.lineItemsUrl, membershipsUrl: nrps?.context_memberships_url ?? link.membershipsUrl })
      .where(and(eq(ltiContexts.platformId, platform.id), eq(ltiContexts.contextId, contextId)));
  }
  return { courseId: link.courseId, launchRole };
}

/**
 * The assessment a resource link opens: the one it was linked to (deep linking, or a first launch), else the one
 * its custom parameter `forja_assessment` names (slug, in the linked course). null: the link opens the course.
 */
export async function assessmentOfLink(db: Db, platform: Platform, courseId: string, claims: LaunchClaims): Promise<string | null> {
  const linkId = claims[claim.resourceLink]?.id;
  if (!linkId) throw new LtiError("bad_claims", "resource_link.id is required");
  const lineItemUrl = claims[claim.ags]?.lineitem ?? null;
  const [link] = await db
    .select({ assessmentId: ltiResourceLinks.assessmentId, courseId: assessments.courseId, lineItemUrl: ltiResourceLinks.lineItemUrl })
    .from(ltiResourceLinks)
    .innerJoin(assessments, eq(assessments.id, ltiResourceLinks.assessmentId))
    .where(and(eq(ltiResourceLinks.platformId, platform.id), eq(ltiResourceLinks.resourceLinkId, linkId)));
  if (link) {
    if (link.courseId !== courseId) throw new LtiError("no_assessment", "the link belongs to another course");
    if (lineItemUrl && lineItemUrl !== link.lineItemUrl) {
      await db.update(ltiResourceLinks).set({ lineItemUrl }).where(and(eq(ltiResourceLinks.platformId, platform.id), eq(ltiResourceLinks.resourceLinkId, linkId)));
    }
    return link.assessmentId;
  }
  const slug = claims[claim.custom]?.forja_assessment;
  if (typeof slug !== "string" || !slug) return null;
  const [assessment] = await db.select({ id: assessments.id }).from(assessments).where(and(eq(assessments.courseId, courseId), eq(assessments.slug, slug.trim().toLowerCase())));
  if (!assessment) throw new LtiError("no_assessment", slug);
  await db.insert(ltiResourceLinks).values({ platformId: platform.id, resourceLinkId: linkId, assessmentId: assessment.id, lineItemUrl }).onConflictDoNothing();
  return assessment.id;
}
