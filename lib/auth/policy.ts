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
};

/** role null = not enrolled in the course: nothing is allowed. */
export function can(role: CourseRole | null, action: CourseAction): boolean {
  return role !== null && allowed[action].includes(role);
}

/** The page a member of a course lands on. */
export function homePathFor(courseId: string, role: CourseRole): string {
  const suffix: Record<CourseRole, string> = { student: "", ta: "/review", instructor: "/manage" };
  return `/courses/${courseId}${suffix[role]}`;
}
