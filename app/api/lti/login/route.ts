import { getDb } from "@/db/client";
import { currentTime } from "@/lib/clock";
import { requestLocale } from "@/lib/i18n/request-locale";
import { ltiConfig, toolBaseUrl } from "@/lib/lti/config";
import { ltiErrorResponse } from "@/lib/lti/error-page";
import { requestParams, stateCookie, stateCookieRequired } from "@/lib/lti/http";
import { initiateLogin } from "@/lib/lti/login";

/** OIDC third-party initiated login (LTI Core §4.1, Security Framework §5.1.1): the platform sends the browser here. */
async function handle(request: Request): Promise<Response> {
  try {
    const { location, state } = await initiateLogin(await getDb(), await requestParams(request), toolBaseUrl(request.url), currentTime());
    const headers = new Headers({ location, "cache-control": "no-store" });
    if (stateCookieRequired()) headers.append("set-cookie", stateCookie(state, ltiConfig().stateTtlSeconds));
    return new Response(null, { status: 302, headers });
  } catch (error) {
    return ltiErrorResponse(error, await requestLocale(), { route: "login" });
  }
}

export const GET = handle;
export const POST = handle;
