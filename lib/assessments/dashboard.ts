/**
 * The student's course dashboard: for each assessment its status, score and due date (their own extension
 * applied), and which one is due next. The status and the next due are pure functions of the grades and the clock.
 */
import type { Db } from "@/db/client";
import { studentGrades, type StudentGradeRow } from "./grades";

export type DashboardStatus = "upcoming" | "not-started" | "in-progress" | "complete" | "closed";

export interface DashboardRow {
  assessmentId: string;
  title: string;
  kind: "homework" | "exam";
  status: DashboardStatus;
  /** null while results are hidden (an exam before its release) */
  earned: number | null;
  total: number;
  pendingManual: boolean;
  answered: number;
  itemCount: number;
  opensAt: Date;
  /** the class deadline, and this student's (later with an extension) */
  closesAt: Date;
  dueAt: Date;
  extended: boolean;
}

export interface Dashboard {
  rows: DashboardRow[];
  /** the open assessment with the nearest due date that still has something to answer */
  nextDue: DashboardRow | null;
}

export function dashboardStatus(row: StudentGradeRow, now: Date): DashboardStatus {
  if (now < row.opensAt) return "upcoming";
  const answered = row.items.filter((i) => i.attempts > 0).length;
  if (row.examState === "finished" || now > row.dueAt) return answered === row.items.length && answered > 0 ? "complete" : "closed";
  if (row.examState === "running") return "in-progress";
  if (answered === 0) return "not-started";
  return answered === row.items.length ? "complete" : "in-progress";
}

export function buildDashboard(grades: StudentGradeRow[], now: Date): Dashboard {
  const rows = grades.map((g): DashboardRow => {
    const answered = g.items.filter((i) => i.attempts > 0).length;
    return {
      assessmentId: g.assessmentId,
      title: g.title,
      kind: g.kind,
      status: dashboardStatus(g, now),
      earned: g.hidden ? null : g.earned,
      total: g.total,
      pendingManual: g.items.some((i) => i.pending),
      answered,
      itemCount: g.items.length,
      opensAt: g.opensAt,
      closesAt: g.closesAt,
      dueAt: g.dueAt,
      extended: g.extended,
    };
  });
  rows.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.title.localeCompare(b.title, "pt-BR"));
  const nextDue = rows.find((r) => (r.status === "not-started" || r.status === "in-progress") && r.dueAt >= now) ?? null;
  return { rows, nextDue };
}

export async function studentDashboard(db: Db, courseId: string, userId: string, now = new Date()): Promise<Dashboard> {
  return buildDashboard(await studentGrades(db, courseId, userId, now), now);
}
