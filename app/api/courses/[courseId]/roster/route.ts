import { z } from "zod";
import { getDb } from "@/db/client";
import { deliverLinks } from "@/lib/accounts/deliver";
import { courseRoles } from "@/lib/auth/policy";
import { getCourse } from "@/lib/courses/courses";
import { addPerson, listRoster, rosterErrorMessage } from "@/lib/courses/roster";
import { localeOf, parseBody, peopleRefusal, withCourseRoute } from "@/lib/http/people";
import { translatorFor } from "@/domain/i18n/translator";

const filtersSchema = z.object({ search: z.string().max(200).optional(), role: z.enum(courseRoles).optional() });

export async function GET(request: Request, { params }: RouteContext<"/api/courses/[courseId]/roster">) {
  const { courseId } = await params;
  return withCourseRoute(request, courseId, "roster:view", async () => {
    const query = Object.fromEntries(new URL(request.url).searchParams);
    const filters = filtersSchema.safeParse(query);
    if (!filters.success) return peopleRefusal(request, "invalid");
    return Response.json({ people: await listRoster(await getDb(), courseId, filters.data) });
  });
}

const personSchema = z.object({
  name: z.string().max(300),
  email: z.string().max(300),
  role: z.enum(courseRoles).default("student"),
  studentId: z.string().trim().max(100).nullable().default(null),
});

/** Adds one person (an account with an invitation when the e-mail is new). */
export async function POST(request: Request, { params }: RouteContext<"/api/courses/[courseId]/roster">) {
  const { courseId } = await params;
  return withCourseRoute(request, courseId, "roster:manage", async () => {
    const body = await parseBody(request, personSchema, 2_000);
    if (!body.ok) return body.response;
    const db = await getDb();
    const row = { ...body.data, email: body.data.email.trim().toLowerCase(), name: body.data.name.trim(), studentId: body.data.studentId || null };
    const emailOk = z.string().email().safeParse(row.email).success;
    if (!emailOk) return peopleRefusal(request, "invalid_email");
    if (!row.name) return peopleRefusal(request, "invalid_name");
    const report = await addPerson(db, courseId, row);
    if (report.errors[0]) {
      const { t } = await translatorFor(localeOf(request));
      return Response.json({ error: rosterErrorMessage(t, report.errors[0]) }, { status: 400 });
    }
    const course = await getCourse(db, courseId);
    const links = await deliverLinks(report.invitations, { purpose: "invite", locale: course?.language, courseTitle: course?.title });
    return Response.json({ action: report.lines[0]?.action, invitations: links }, { status: report.added ? 201 : 200 });
  });
}
