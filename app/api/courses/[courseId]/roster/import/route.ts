import { z } from "zod";
import { getDb } from "@/db/client";
import { deliverLinks } from "@/lib/accounts/deliver";
import { getCourse } from "@/lib/courses/courses";
import { importRosterFile, rosterErrorMessage } from "@/lib/courses/roster";
import { localeOf, parseBody, withCourseRoute } from "@/lib/http/people";
import { translatorFor } from "@/domain/i18n/translator";

/** The file's bytes in base64, so that its encoding (UTF-8 or Windows-1252) is detected on the server. */
const bodySchema = z.object({ file: z.string().max(4_000_000).base64(), dryRun: z.boolean() });

export async function POST(request: Request, { params }: RouteContext<"/api/courses/[courseId]/roster/import">) {
  const { courseId } = await params;
  return withCourseRoute(request, courseId, "roster:manage", async () => {
    const body = await parseBody(request, bodySchema, 4_100_000);
    if (!body.ok) return body.response;
    const db = await getDb();
    const report = await importRosterFile(db, courseId, Buffer.from(body.data.file, "base64"), { dryRun: body.data.dryRun });
    const { t } = await translatorFor(localeOf(request));
    const course = await getCourse(db, courseId);
    const invitations = await deliverLinks(report.invitations, { purpose: "invite", locale: course?.language, courseTitle: course?.title });
    return Response.json({
      dryRun: body.data.dryRun,
      added: report.added,
      updated: report.updated,
      unchanged: report.unchanged,
      errors: report.errors.map((e) => ({ line: e.line, message: rosterErrorMessage(t, e) })),
      lines: report.lines,
      invitations,
    });
  });
}
