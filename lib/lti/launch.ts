import type { Db } from "@/db/client";
import { homePathFor } from "@/lib/auth/policy";
import { claim, type LaunchClaims } from "./claims";
import type { Platform } from "./platforms";
import { LtiError } from "./errors";
import { assessmentOfLink, accountFor, contextOf, enrolFromLaunch, type LaunchUser } from "./provision";
import { deepLinkingPickerPath } from "./deep-linking";
import { verifyLaunch } from "./verify";

export interface LaunchOutcome {
  user: LaunchUser;
  /** where the browser goes next (a path on Forja) */
  location: string;
  /** the locale the platform asked for, when it sent one */
  locale?: string;
}

/** Staff-only destinations a resource link may name in its custom parameter `forja_target`. */
const staffTargets = new Set(["manage", "review"]);

/**
 * A launch (Core §5.1: resource link; Deep Linking §4.4: deep-linking request): verified, then the user provisioned,
 * enrolled with the mapped role and sent to the linked assessment (or the deep-linking picker).
 */
export async function handleLaunch(db: Db, input: { idToken?: string; state?: string; stateCookie?: string }, base: string, now: Date): Promise<LaunchOutcome> {
  const { platform, claims } = await verifyLaunch(db, input, now);
  const locale = claims.locale?.toLowerCase().startsWith("en") ? "en" : claims.locale?.toLowerCase().startsWith("pt") ? "pt-BR" : undefined;
  try {
    return await provisionAndRoute(db, platform, claims, locale, base, now);
  } catch (error) {
    if (error instanceof LtiError) error.locale = locale;
    throw error;
  }
}

async function provisionAndRoute(db: Db, platform: Platform, claims: LaunchClaims, locale: string | undefined, base: string, now: Date): Promise<LaunchOutcome> {
  const { courseId, launchRole } = await contextOf(db, platform, claims);
  const user = await accountFor(db, platform, claims);
  if (claims[claim.messageType] === "LtiDeepLinkingRequest") {
    if (launchRole !== "instructor") throw new LtiError("staff_only", "deep linking is for instructors");
    const role = await enrolFromLaunch(db, courseId, user.id, launchRole);
    if (role !== "instructor") throw new LtiError("staff_only");
    return { user, locale, location: await deepLinkingPickerPath(db, platform, claims, courseId, base, now, user.id) };
  }
  const target = claims[claim.custom]?.forja_target;
  // checked on the launch's own role, before enrolling: a learner's launch of a staff link changes nothing
  if (typeof target === "string" && staffTargets.has(target) && launchRole === "student") throw new LtiError("staff_only", target);
  const role = await enrolFromLaunch(db, courseId, user.id, launchRole);
  if (typeof target === "string" && staffTargets.has(target) && role === "student") throw new LtiError("staff_only", target);
  const assessmentId = await assessmentOfLink(db, platform, courseId, claims);
  if (!assessmentId) return { user, locale, location: homePathFor(courseId, role) };
  const location =
    role === "student" ? `/courses/${courseId}/assessments/${assessmentId}` : role === "instructor" ? `/courses/${courseId}/manage/assessments/${assessmentId}` : `/courses/${courseId}/review`;
  return { user, locale, location };
}
