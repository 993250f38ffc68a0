import { and, asc, count, eq, ilike, inArray, isNull, ne, or, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { accountTokens, enrolments, users } from "@/db/schema";
import { issueToken } from "@/lib/accounts/tokens";
import { courseRoles, type CourseRole } from "@/lib/auth/policy";
import type { Translate } from "@/domain/i18n/translator";
import { containsPattern } from "./courses";
import { parseRosterCsv, type ParsedRoster, type RosterLineError, type RosterRow } from "./roster-csv";

export interface RosterEntry {
  userId: string;
  name: string;
  email: string;
  role: CourseRole;
  studentId: string | null;
  removed: boolean;
  /** has a live invitation link and no password yet */
  invitePending: boolean;
}

export interface RosterFilters {
  search?: string;
  role?: CourseRole;
  includeRemoved?: boolean;
}

export async function listRoster(db: Db, courseId: string, filters: RosterFilters = {}, now = new Date()): Promise<RosterEntry[]> {
  const conditions: SQL[] = [eq(enrolments.courseId, courseId)];
  if (!filters.includeRemoved) conditions.push(isNull(enrolments.removedAt));
  if (filters.role) conditions.push(eq(enrolments.role, filters.role));
  if (filters.search?.trim()) {
    const like = containsPattern(filters.search);
    conditions.push(or(ilike(users.name, like), ilike(users.email, like), ilike(enrolments.studentId, like))!);
  }
  const rows = await db
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      role: enrolments.role,
      studentId: enrolments.studentId,
      removedAt: enrolments.removedAt,
      passwordHash: users.passwordHash,
      inviteExpiresAt: accountTokens.expiresAt,
      invitePurpose: accountTokens.purpose,
    })
    .from(enrolments)
    .innerJoin(users, eq(users.id, enrolments.userId))
    .leftJoin(accountTokens, eq(accountTokens.userId, users.id))
    .where(and(...conditions))
    .orderBy(asc(enrolments.removedAt), asc(enrolments.role), asc(users.name));
  return rows.map((r) => ({
    userId: r.userId,
    name: r.name,
    email: r.email,
    role: r.role,
    studentId: r.studentId,
    removed: r.removedAt !== null,
    invitePending: r.passwordHash === null && r.invitePurpose === "invite" && r.inviteExpiresAt !== null && r.inviteExpiresAt > now,
  }));
}

export type RosterAction = "add" | "update" | "unchanged";

export interface RosterReport {
  added: number;
  updated: number;
  unchanged: number;
  errors: RosterLineError[];
  /** what each valid line does (the preview) */
  lines: { line: number; email: string; name: string; role: CourseRole; studentId: string | null; action: RosterAction; newAccount: boolean }[];
  /** accounts created by this import, with their one-time invitation token (empty on a dry run) */
  invitations: { userId: string; email: string; name: string; token: string }[];
}

/**
 * Applies parsed roster lines to a course (or, with dryRun, only says what it would do). New e-mails get an account
 * with an invitation; a removed person comes back; an existing account's name is left as its owner set it.
 * Importing the same file again changes nothing.
 */
export async function applyRoster(db: Db, courseId: string, parsed: ParsedRoster, options: { dryRun: boolean; now?: Date }): Promise<RosterReport> {
  const now = options.now ?? new Date();
  const report: RosterReport = { added: 0, updated: 0, unchanged: 0, errors: [...parsed.errors], lines: [], invitations: [] };
  const run = async (tx: Db) => {
    const emails = parsed.rows.map((r) => r.email);
    const existing = emails.length
      ? await tx
          .select({ id: users.id, email: users.email, deactivatedAt: users.deactivatedAt, role: enrolments.role, studentId: enrolments.studentId, removedAt: enrolments.removedAt })
          .from(users)
          .leftJoin(enrolments, and(eq(enrolments.userId, users.id), eq(enrolments.courseId, courseId)))
          .where(inArray(users.email, emails))
      : [];
    const byEmail = new Map(existing.map((e) => [e.email, e]));
    for (const row of parsed.rows) {
      const found = byEmail.get(row.email);
      if (found?.deactivatedAt) {
        report.errors.push({ line: row.line, code: "deactivated", value: row.email });
        continue;
      }
      const enrolled = found && found.role !== null && found.removedAt === null;
      const studentId = row.studentId ?? (enrolled ? found.studentId : null);
      const action: RosterAction = !enrolled ? "add" : found.role !== row.role || found.studentId !== studentId ? "update" : "unchanged";
      report.lines.push({ line: row.line, email: row.email, name: row.name, role: row.role, studentId, action, newAccount: !found });
      if (action === "add") report.added++;
      else if (action === "update") report.updated++;
      else report.unchanged++;
      if (options.dryRun || action === "unchanged") continue;
      let userId = found?.id;
      if (!userId) {
        const [created] = await tx.insert(users).values({ email: row.email, name: row.name }).returning({ id: users.id });
        userId = created!.id;
        report.invitations.push({ userId, email: row.email, name: row.name, token: await issueToken(tx, userId, "invite", now) });
      }
      await tx
        .insert(enrolments)
        .values({ courseId, userId, role: row.role, studentId })
        .onConflictDoUpdate({ target: [enrolments.courseId, enrolments.userId], set: { role: row.role, studentId, removedAt: null } });
    }
    report.errors.sort((a, b) => a.line - b.line);
  };
  if (options.dryRun) await run(db);
  else await db.transaction((tx) => run(tx as unknown as Db));
  return report;
}

export function importRosterFile(db: Db, courseId: string, bytes: Uint8Array | string, options: { dryRun: boolean; now?: Date }): Promise<RosterReport> {
  return applyRoster(db, courseId, parseRosterCsv(bytes), options);
}

/** One person added by hand: the same path as one line of a roster file. */
export async function addPerson(db: Db, courseId: string, person: Omit<RosterRow, "line">, now = new Date()): Promise<RosterReport> {
  return applyRoster(db, courseId, { rows: [{ line: 1, ...person }], errors: [] }, { dryRun: false, now });
}

export type MemberRefusal = { ok: false; reason: "not_found" | "last_instructor" };

async function otherInstructors(db: Db, courseId: string, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(enrolments)
    .where(and(eq(enrolments.courseId, courseId), eq(enrolments.role, "instructor"), isNull(enrolments.removedAt), ne(enrolments.userId, userId)));
  return row?.n ?? 0;
}

async function activeEnrolment(db: Db, courseId: string, userId: string) {
  const [row] = await db.select().from(enrolments).where(and(eq(enrolments.courseId, courseId), eq(enrolments.userId, userId), isNull(enrolments.removedAt)));
  return row ?? null;
}

/** A course always keeps at least one instructor. */
export async function changeRole(db: Db, courseId: string, userId: string, role: CourseRole): Promise<{ ok: true } | MemberRefusal> {
  if (!courseRoles.includes(role)) return { ok: false, reason: "not_found" };
  const current = await activeEnrolment(db, courseId, userId);
  if (!current) return { ok: false, reason: "not_found" };
  if (current.role === "instructor" && role !== "instructor" && (await otherInstructors(db, courseId, userId)) === 0) return { ok: false, reason: "last_instructor" };
  await db.update(enrolments).set({ role }).where(and(eq(enrolments.courseId, courseId), eq(enrolments.userId, userId)));
  return { ok: true };
}

/** Removed, not deleted: the person loses access, their submissions stay and show as "removido(a)". */
export async function removePerson(db: Db, courseId: string, userId: string, now = new Date()): Promise<{ ok: true } | MemberRefusal> {
  const current = await activeEnrolment(db, courseId, userId);
  if (!current) return { ok: false, reason: "not_found" };
  if (current.role === "instructor" && (await otherInstructors(db, courseId, userId)) === 0) return { ok: false, reason: "last_instructor" };
  await db.update(enrolments).set({ removedAt: now }).where(and(eq(enrolments.courseId, courseId), eq(enrolments.userId, userId)));
  return { ok: true };
}

/** A line's problem in the reader's language. */
export function rosterErrorMessage(t: Translate, error: RosterLineError): string {
  return t(`roster.errors.${error.code}`, { value: error.value ?? "" });
}
