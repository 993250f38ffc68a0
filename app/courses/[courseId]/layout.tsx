import { getDb } from "@/db/client";
import { requireCourseAccess } from "@/lib/auth/session";
import { listMemberships } from "@/lib/courses/membership";
import { CourseShell } from "@/app/_components/CourseShell";

export default async function CourseLayout({ children, params }: LayoutProps<"/courses/[courseId]">) {
  const { courseId } = await params;
  const { user, role, archived } = await requireCourseAccess(courseId, "course:view");
  const memberships = await listMemberships(await getDb(), user.id);
  return (
    <CourseShell user={user} role={role} courseId={courseId} archived={archived} memberships={memberships}>
      {children}
    </CourseShell>
  );
}
