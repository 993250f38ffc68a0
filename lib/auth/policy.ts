/** Who may do what inside a course. Pure: the single source of truth for role checks. */
export const courseRoles = ["student", "ta", "instructor"] as const;
export type CourseRole = (typeof courseRoles)[number];

export const courseActions = [
  "course:view",
  "assessment:take",
  "grades:view-own",
  "assessment:view-unpublished",
  "assessment:manage",
  "question:edit",
  "question:preview",
  "analytics:view",
  "submission:grade-manually",
  "grades:export",
  "extension:grant",
  "course:edit",
  "roster:view",
  "roster:manage",
  "grade:override",
] as const;
export type CourseAction = (typeof courseActions)[number];

const allowed: Record<CourseAction, readonly CourseRole[]> = {
  "course:view": ["student", "ta", "instructor"],
  "assessment:take": ["student"],
  "grades:view-own": ["student"],
  "assessment:view-unpublished": ["ta", "instructor"],
  "assessment:manage": ["instructor"],
  "question:edit": ["instructor"],
  "question:preview": ["ta", "instructor"],
  "analytics:view": ["ta", "instructor"],
  "submission:grade-manually": ["ta", "instructor"],
  "grades:export": ["ta", "instructor"],
  "extension:grant": ["instructor"],
  "course:edit": ["instructor"],
  "roster:view": ["ta", "instructor"],
  "roster:manage": ["instructor"],
  /** set one student's item score by hand, with a reason (TAs grade too) */
  "grade:override": ["ta", "instructor"],
};

/** What staff may still do in an archived course: look, never change (students no longer see it). */
const readOnlyActions: ReadonlySet<CourseAction> = new Set([
  "course:view",
  "assessment:view-unpublished",
  "question:preview",
  "analytics:view",
  "grades:export",
  "roster:view",
]);

/**
 * role null = not enrolled in the course: nothing is allowed. In an archived course only staff keep the read-only
 * actions; `course:edit` stays so that an instructor can un-archive it.
 */
export function can(role: CourseRole | null, action: CourseAction, course: { archived: boolean } = { archived: false }): boolean {
  if (role === null || !allowed[action].includes(role)) return false;
  if (!course.archived) return true;
  return role !== "student" && (readOnlyActions.has(action) || action === "course:edit");
}

/** Platform-wide actions, outside any course: only administrators. */
export const platformActions = ["course:create", "user:manage"] as const;
export type PlatformAction = (typeof platformActions)[number];

export function canOnPlatform(user: { isAdmin: boolean } | null, action: PlatformAction): boolean {
  return user !== null && platformActions.includes(action) && user.isAdmin;
}

/** The page a member of a course lands on (in an archived course, the instructor's read-only review). */
export function homePathFor(courseId: string, role: CourseRole, archived = false): string {
  const suffix: Record<CourseRole, string> = { student: "", ta: "/review", instructor: archived ? "/review" : "/manage" };
  return `/courses/${courseId}${suffix[role]}`;
}
