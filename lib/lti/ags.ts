import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { assessments, enrolments, ltiIdentities, ltiPlatforms, ltiResourceLinks, ltiScores, users } from "@/db/schema";
import { studentGrades } from "@/lib/assessments/grades";
import { ltiConfig } from "./config";
import { signAsTool } from "./keys";
import type { Platform } from "./platforms";

export const SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score";

export interface ScorePayload {
  scoreGiven: number;
  scoreMaximum: number;
  activityProgress: "Initialized" | "Started" | "InProgress" | "Submitted" | "Completed";
  gradingProgress: "FullyGraded" | "Pending" | "PendingManual" | "Failed" | "NotReady";
  timestamp: string;
  userId: string;
}

/**
 * Grade passback, AGS 2.0 §3.4 (score publish service). Every student of a linked course who has an LMS identity
 * gets the latest grade of each linked assessment on that link's line item: what changed since the last send
 * (a new graded answer, a regrade, a manual grade) makes the row pending again. Exam results still hidden are not
 * sent. Runs in the background (LtiScoreWorker), never in a student's request.
 */
export async function queueChangedScores(db: Db, now: Date): Promise<number> {
  const links = await db
    .select({ platformId: ltiResourceLinks.platformId, lineItemUrl: ltiResourceLinks.lineItemUrl, assessmentId: ltiResourceLinks.assessmentId, courseId: assessments.courseId })
    .from(ltiResourceLinks)
    .innerJoin(assessments, eq(assessments.id, ltiResourceLinks.assessmentId))
    .where(sql`${ltiResourceLinks.lineItemUrl} is not null`);
  let queued = 0;
  // one gradebook per learner and course per round, however many of its assessments are linked
  const gradebooks = new Map<string, ReturnType<typeof studentGrades>>();
  const gradebookOf = (courseId: string, userId: string) => {
    const key = `${courseId} ${userId}`;
    if (!gradebooks.has(key)) gradebooks.set(key, studentGrades(db, courseId, userId, now));
    return gradebooks.get(key)!;
  };
  for (const link of links) {
    const learners = await db
      .select({ userId: enrolments.userId, sub: ltiIdentities.sub })
      .from(enrolments)
      .innerJoin(ltiIdentities, and(eq(ltiIdentities.userId, enrolments.userId), eq(ltiIdentities.platformId, link.platformId)))
      .where(and(eq(enrolments.courseId, link.courseId), eq(enrolments.role, "student"), isNull(enrolments.removedAt)));
    if (learners.length === 0) continue;
    const existing = await db.select().from(ltiScores).where(and(eq(ltiScores.lineItemUrl, link.lineItemUrl!), inArray(ltiScores.userId, learners.map((l) => l.userId))));
    for (const learner of learners) {
      const grade = (await gradebookOf(link.courseId, learner.userId)).find((g) => g.assessmentId === link.assessmentId);
      if (!grade || grade.hidden || grade.items.every((i) => i.attempts === 0)) continue;
      const pending = grade.items.some((i) => i.pending);
      const score = {
        scoreGiven: Math.round(grade.earned * 1e6) / 1e6,
        scoreMaximum: grade.total,
        activityProgress: grade.items.every((i) => i.attempts > 0) ? "Completed" : "Submitted",
        gradingProgress: pending ? "PendingManual" : "FullyGraded",
      };
      const previous = existing.find((e) => e.userId === learner.userId);
      if (previous && previous.scoreGiven === score.scoreGiven && previous.scoreMaximum === score.scoreMaximum && previous.gradingProgress === score.gradingProgress && previous.activityProgress === score.activityProgress) continue;
      const values = { ...score, scoredAt: now, status: "pending" as const, attempts: 0, nextAttemptAt: now, lastError: null };
      await db
        .insert(ltiScores)
        .values({ platformId: link.platformId, lineItemUrl: link.lineItemUrl!, userId: learner.userId, sub: learner.sub, assessmentId: link.assessmentId, ...values })
        .onConflictDoUpdate({ target: [ltiScores.lineItemUrl, ltiScores.userId], set: values });
      queued++;
    }
  }
  return queued;
}

const tokens = new Map<string, { token: string; expiresAt: number }>();

/**
 * An access token for the platform's services (AGS, NRPS): OAuth 2 client credentials with a JWT signed by Forja
 * (Security Framework §4.1, RFC 7523), cached until shortly before it expires.
 */
export async function accessToken(db: Db, platform: Platform, now: Date, fetchImpl: typeof fetch, scope = SCORE_SCOPE): Promise<string> {
  const key = `${platform.id} ${scope}`;
  const cached = tokens.get(key);
  if (cached && cached.expiresAt > now.getTime() + 30_000) return cached.token;
  const assertion = await signAsTool(db, { sub: platform.clientId }, { issuer: platform.clientId, audience: platform.tokenUrl, now });
  const response = await fetchImpl(platform.tokenUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      client_assertion: assertion,
      scope,
    }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`token endpoint answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
  const body = (await response.json()) as { access_token?: string; expires_in?: number };
  if (!body.access_token) throw new Error("token endpoint gave no access_token");
  tokens.set(key, { token: body.access_token, expiresAt: now.getTime() + (body.expires_in ?? 3600) * 1000 });
  return body.access_token;
}

/** The scores URL of a line item (AGS §3.4.1: the line item URL with /scores appended to its path). */
export function scoresUrl(lineItemUrl: string): string {
  const url = new URL(lineItemUrl);
  url.pathname = `${url.pathname.replace(/\/$/, "")}/scores`;
  return url.toString();
}

/**
 * Sends the pending scores that are due. A failure (platform down, refused token) is retried with exponential
 * back-off (LTI_SCORE_RETRY_SECONDS · 2^n) up to LTI_SCORE_MAX_ATTEMPTS, then left `failed` for the instructor,
 * who can send it again. Rows are claimed with SKIP LOCKED, so several web processes never send one twice at once.
 */
export async function sendDueScores(db: Db, now: Date, options: { fetchImpl?: typeof fetch; limit?: number } = {}): Promise<{ sent: number; failed: number }> {
  const fetchImpl = options.fetchImpl ?? fetch;
  const { scoreMaxAttempts, scoreRetrySeconds } = ltiConfig();
  const due = rowsOf<{ id: string }>(
    await db.execute(sql`
      update ${ltiScores} set next_attempt_at = ${new Date(now.getTime() + 120_000)}
       where id in (select id from ${ltiScores} where status = 'pending' and next_attempt_at <= ${now} order by next_attempt_at for update skip locked limit ${options.limit ?? 50})
      returning id`),
  );
  let sent = 0;
  let failed = 0;
  for (const { id } of due) {
    const [row] = await db.select().from(ltiScores).innerJoin(ltiPlatforms, eq(ltiPlatforms.id, ltiScores.platformId)).where(eq(ltiScores.id, id));
    if (!row) continue;
    const score = row.lti_scores;
    const payload: ScorePayload = {
      scoreGiven: score.scoreGiven,
      scoreMaximum: score.scoreMaximum,
      activityProgress: score.activityProgress as ScorePayload["activityProgress"],
      gradingProgress: score.gradingProgress as ScorePayload["gradingProgress"],
      timestamp: score.scoredAt.toISOString(),
      userId: score.sub,
    };
    try {
      const token = await accessToken(db, row.lti_platforms, now, fetchImpl);
      const response = await fetchImpl(scoresUrl(score.lineItemUrl), {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/vnd.ims.lis.v1.score+json" },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(10_000),
      });
      if (response.status === 401) tokens.delete(`${row.lti_platforms.id} ${SCORE_SCOPE}`);
      if (!response.ok) throw new Error(`score endpoint answered ${response.status}`);
      // sent unless a newer grade replaced the payload meanwhile (then it stays pending and goes next time)
      await db.update(ltiScores).set({ status: "sent", sentAt: now, lastError: null, attempts: score.attempts + 1 }).where(and(eq(ltiScores.id, id), eq(ltiScores.scoredAt, score.scoredAt)));
      sent++;
    } catch (error) {
      const attempts = score.attempts + 1;
      const dead = attempts >= scoreMaxAttempts;
      await db
        .update(ltiScores)
        .set({ attempts, lastError: (error as Error).message.slice(0, 500), status: dead ? "failed" : "pending", nextAttemptAt: new Date(now.getTime() + scoreRetrySeconds * 1000 * 2 ** (attempts - 1)) })
        .where(and(eq(ltiScores.id, id), eq(ltiScores.scoredAt, score.scoredAt)));
      failed++;
    }
  }
  return { sent, failed };
}

/** The instructor's view of the grade passback of a course: what is pending, sent or failed. */
export function courseScores(db: Db, courseId: string) {
  return db
    .select({ id: ltiScores.id, name: users.name, email: users.email, assessment: assessments.title, scoreGiven: ltiScores.scoreGiven, scoreMaximum: ltiScores.scoreMaximum, status: ltiScores.status, attempts: ltiScores.attempts, lastError: ltiScores.lastError, sentAt: ltiScores.sentAt })
    .from(ltiScores)
    .innerJoin(assessments, eq(assessments.id, ltiScores.assessmentId))
    .innerJoin(users, eq(users.id, ltiScores.userId))
    .where(eq(assessments.courseId, courseId))
    .orderBy(asc(ltiScores.status), asc(users.name));
}

/** "Send again": failed (or any) scores of the course go back to pending, due now. */
export async function resendScores(db: Db, courseId: string, now: Date, scoreId?: string): Promise<number> {
  const ids = (await courseScores(db, courseId)).filter((s) => (scoreId ? s.id === scoreId : s.status === "failed")).map((s) => s.id);
  if (ids.length === 0) return 0;
  await db.update(ltiScores).set({ status: "pending", attempts: 0, nextAttemptAt: now, lastError: null }).where(inArray(ltiScores.id, ids));
  return ids.length;
}


