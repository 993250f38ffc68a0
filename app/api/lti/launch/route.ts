import { getDb } from "@/db/client";
import { currentTime } from "@/lib/clock";
import { localeCookie } from "@/domain/i18n/config";
import { requestLocale } from "@/lib/i18n/request-locale";
import { toolBaseUrl } from "@/lib/lti/config";
import { ltiErrorResponse } from "@/lib/lti/error-page";
import { cookieValue, requestParams, STATE_COOKIE, stateCookie, stateCookieRequired } from "@/lib/lti/http";
import { handleLaunch } from "@/lib/lti/launch";
import { LtiError } from "@/lib/lti/errors";
import { sessionCookieFor } from "@/lib/lti/session";

/** The redirect URI: the platform posts the id_token here (form_post); a valid launch signs in and opens Forja. */
export async function POST(request: Request): Promise<Response> {
  const params = await requestParams(request);
  try {
    if (params.error) throw new LtiError("bad_request", `platform error ${params.error}: ${params.error_description ?? ""}`);
    const base = toolBaseUrl(request.url);
    const now = currentTime();
    const stateFromCookie = cookieValue(request, STATE_COOKIE);
    if (stateCookieRequired() && !stateFromCookie) throw new LtiError("unknown_state", "no state cookie");
    const outcome = await handleLaunch(await getDb(), { idToken: params.id_token, state: params.state, stateCookie: stateFromCookie }, base, now);
    const headers = new Headers({ location: `${base}${outcome.location}`, "cache-control": "no-store" });
    headers.append("set-cookie", await sessionCookieFor(outcome.user));
    if (stateFromCookie) headers.append("set-cookie", stateCookie("", 0));
    if (outcome.locale) headers.append("set-cookie", `${localeCookie}=${outcome.locale}; Path=/; SameSite=Lax; Max-Age=31536000`);
    return new Response(null, { status: 303, headers });
  } catch (error) {
    return ltiErrorResponse(error, await requestLocale(), { route: "launch" });
  }
}
