import { createHash, timingSafeEqual } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { assessmentAccessGrants, assessments } from "@/db/schema";
import { inRanges, parseRange } from "@/platform/client-address";

/** What the server knows of the request a student makes (lib/http/client-facts.ts reads it from the headers). */
export interface ClientFacts {
  /** the client address (TRUSTED_PROXIES applied) */
  ip: string;
  /** the absolute URL the browser asked for, as Safe Exam Browser hashes it (no fragment) */
  url: string;
  /** X-SafeExamBrowser-ConfigKeyHash: SHA-256 hex of url + Config Key */
  sebConfigKeyHash: string | null;
  /** X-SafeExamBrowser-RequestHash: SHA-256 hex of url + Browser Exam Key */
  sebRequestHash: string | null;
}

export type AccessRules = Pick<typeof assessments.$inferSelect, "accessCode" | "allowedNetworks" | "sebConfigKeys" | "sebBrowserExamKeys">;

/** Why a student may not enter an assessment now (each has its own explanation page). */
export type AccessRefusal = "access-code" | "network" | "safe-exam-browser";

export const hasAccessRules = (rules: AccessRules) =>
  rules.accessCode !== null || rules.allowedNetworks.length > 0 || rules.sebConfigKeys.length > 0 || rules.sebBrowserExamKeys.length > 0;

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a.toLowerCase(), "utf8");
  const y = Buffer.from(b.toLowerCase(), "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Safe Exam Browser's request check: the header is SHA-256(url + key) for one of the configured keys. */
export function sebHashMatches(url: string, header: string | null, keys: readonly string[]): boolean {
  if (!header) return false;
  return keys.some((key) => sameHex(sha256(url + key.trim().toLowerCase()), header.trim()));
}

export function sameCode(entered: string, expected: string): boolean {
  const x = Buffer.from(sha256(entered.trim()));
  const y = Buffer.from(sha256(expected.trim()));
  return timingSafeEqual(x, y);
}

/**
 * The network and browser rules, checked on every request (as Moodle does), and the access code, entered once.
 * Without the request's facts (a caller that has none) an assessment with network or browser rules is refused.
 */
export function accessRefusal(rules: AccessRules, client: ClientFacts | undefined, codeEntered: boolean): AccessRefusal | null {
  if (rules.allowedNetworks.length > 0 && (!client || !inRanges(client.ip, rules.allowedNetworks.map(parseRange)))) return "network";
  if (rules.sebConfigKeys.length > 0 && (!client || !sebHashMatches(client.url, client.sebConfigKeyHash, rules.sebConfigKeys))) return "safe-exam-browser";
  if (rules.sebBrowserExamKeys.length > 0 && (!client || !sebHashMatches(client.url, client.sebRequestHash, rules.sebBrowserExamKeys))) return "safe-exam-browser";
  if (rules.accessCode !== null && !codeEntered) return "access-code";
  return null;
}

async function codeEntered(db: Db, assessment: { id: string; accessCode: string | null }, userId: string): Promise<boolean> {
  if (assessment.accessCode === null) return true;
  const [grant] = await db
    .select({ code: assessmentAccessGrants.code })
    .from(assessmentAccessGrants)
    .where(and(eq(assessmentAccessGrants.assessmentId, assessment.id), eq(assessmentAccessGrants.userId, userId)));
  return grant !== undefined && sameCode(grant.code, assessment.accessCode);
}

/** The refusal for this student and request, or null when they may enter. */
export async function checkAccess(db: Db, assessment: AccessRules & { id: string }, userId: string, client: ClientFacts | undefined): Promise<AccessRefusal | null> {
  if (!hasAccessRules(assessment)) return null;
  return accessRefusal(assessment, client, await codeEntered(db, assessment, userId));
}

/** A student enters the access code (from an allowed network and browser); a wrong code is refused, nothing stored. */
export async function enterAccessCode(db: Db, assessment: AccessRules & { id: string }, userId: string, code: string, client: ClientFacts | undefined): Promise<"granted" | AccessRefusal> {
  const before = accessRefusal(assessment, client, true);
  if (before) return before;
  if (assessment.accessCode === null) return "granted";
  if (!sameCode(code, assessment.accessCode)) return "access-code";
  await db
    .insert(assessmentAccessGrants)
    .values({ assessmentId: assessment.id, userId, code: assessment.accessCode })
    .onConflictDoUpdate({ target: [assessmentAccessGrants.assessmentId, assessmentAccessGrants.userId], set: { code: assessment.accessCode, grantedAt: new Date() } });
  return "granted";
}

const refusals: readonly string[] = ["access-code", "network", "safe-exam-browser"] satisfies AccessRefusal[];
export const isAccessRefusal = (reason: string): reason is AccessRefusal => refusals.includes(reason);
