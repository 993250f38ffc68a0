import { getDb } from "@/db/client";
import { currentUser } from "@/lib/auth/session";
import { currentTime } from "@/lib/clock";
import { getCourseStanding } from "@/lib/courses/membership";
import { requestLocale } from "@/lib/i18n/request-locale";
import { translatorFor } from "@/domain/i18n/translator";
import { toolBaseUrl } from "@/lib/lti/config";
import { deepLinkingResponse, readPickerRequest } from "@/lib/lti/deep-linking";
import { ltiErrorResponse } from "@/lib/lti/error-page";
import { LtiError } from "@/lib/lti/errors";
import { autoPostPage, requestParams } from "@/lib/lti/http";

/** The instructor's choice in the picker: answered with the signed LtiDeepLinkingResponse posted to the platform. */
export async function POST(request: Request): Promise<Response> {
  const locale = await requestLocale();
  try {
    const params = await requestParams(request);
    const db = await getDb();
    const base = toolBaseUrl(request.url);
    const now = currentTime();
    const picker = await readPickerRequest(db, params.request ?? "", base, now);
    const user = await currentUser();
    const standing = user ? await getCourseStanding(db, user.id, picker.courseId) : null;
    if (!user || user.id !== picker.userId || standing?.role !== "instructor") throw new LtiError("staff_only", "deep linking response");
    const { returnUrl, jwt } = await deepLinkingResponse(db, picker, params.assessmentId ?? "", base, now);
    const { t } = await translatorFor(locale);
    return autoPostPage(returnUrl, { JWT: jwt }, t("lti.deepLink.choose"));
  } catch (error) {
    return ltiErrorResponse(error, locale, { route: "deep-link" });
  }
}
