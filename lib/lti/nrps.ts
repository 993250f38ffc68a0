import { and, eq, isNotNull, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { enrolments, ltiContexts } from "@/db/schema";
import { accessToken } from "./ags";
import { courseRoleFromLti, type LaunchClaims } from "./claims";
import { LtiError } from "./errors";
import { getPlatform } from "./platforms";
import { accountFor, enrolFromLaunch } from "./provision";

export const NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly";
const CONTAINER = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json";

const memberSchema = z.object({
  user_id: z.string().min(1).max(255),
  roles: z.array(z.string()),
  status: z.enum(["Active", "Inactive", "Deleted"]).default("Active"),
  name: z.string().max(200).optional(),
  given_name: z.string().max(200).optional(),
  family_name: z.string().max(200).optional(),
  email: z.string().max(254).optional(),
});
const containerSchema = z.object({ members: z.array(z.unknown()) });

export interface RosterSyncReport {
  members: number;
  enrolled: number;
  removed: number;
  skipped: number;
}

/** The next page of a membership container (NRPS §2.4.2: the Link header with rel="next"). */
function nextPage(link: string | null): string | null {
  for (const part of (link ?? "").split(",")) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (match) return match[1]!;
  }
  return null;
}

/**
 * Names and Role Provisioning Services 2.0 (§2.4): pulls the members of every LMS context linked to the course
 * (the URL the platform sent in its launches) and provisions them as a launch would (account by (issuer, user_id),
 * role mapped, only ever raised). A member the platform marks Inactive or Deleted is removed from the course.
 */
export async function syncRosterFromLms(db: Db, courseId: string, now: Date, fetchImpl: typeof fetch = fetch): Promise<RosterSyncReport> {
  const contexts = await db.select().from(ltiContexts).where(and(eq(ltiContexts.courseId, courseId), isNotNull(ltiContexts.membershipsUrl)));
  if (contexts.length === 0) throw new LtiError("not_linked", "no LMS context with a roster service");
  const report: RosterSyncReport = { members: 0, enrolled: 0, removed: 0, skipped: 0 };
  for (const context of contexts) {
    const platform = await getPlatform(db, context.platformId);
    if (!platform) continue;
    const token = await accessToken(db, platform, now, fetchImpl, NRPS_SCOPE);
    let url: string | null = context.membershipsUrl!;
    for (let page = 0; url && page < 100; page++) {
      const response: Response = await fetchImpl(url, { headers: { authorization: `Bearer ${token}`, accept: CONTAINER }, signal: AbortSignal.timeout(15_000) });
      if (!response.ok) throw new Error(`membership service answered ${response.status}`);
      const container = containerSchema.parse(await response.json());
      for (const raw of container.members) {
        report.members++;
        const member = memberSchema.safeParse(raw);
        const role = member.success ? courseRoleFromLti(member.data.roles) : null;
        if (!member.success || !role) {
          report.skipped++;
          continue;
        }
        const claims = { sub: member.data.user_id, name: member.data.name, given_name: member.data.given_name, family_name: member.data.family_name, email: member.data.email } as LaunchClaims;
        try {
          const user = await accountFor(db, platform, claims);
          if (member.data.status === "Active") {
            const [before] = await db.select().from(enrolments).where(and(eq(enrolments.courseId, courseId), eq(enrolments.userId, user.id)));
            await enrolFromLaunch(db, courseId, user.id, role);
            if (!before) report.enrolled++;
          } else {
            const removed = await db.update(enrolments).set({ removedAt: now }).where(and(eq(enrolments.courseId, courseId), eq(enrolments.userId, user.id), eq(enrolments.role, "student"), isNull(enrolments.removedAt))).returning();
            report.removed += removed.length;
          }
        } catch (error) {
          if (!(error instanceof LtiError)) throw error;
          report.skipped++; // deactivated account or removed enrolment: Forja's decision stands
        }
      }
      url = nextPage(response.headers.get("link"));
    }
  }
  return report;
}
