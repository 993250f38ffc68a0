import { z } from "zod";
import { getDb } from "@/db/client";
import { apiError } from "@/lib/http/api";
import { localeOf, parseBody, withPlatformAccess } from "@/lib/http/people";
import { translatorFor } from "@/domain/i18n/translator";
import { addPlatform } from "@/lib/lti/platforms";

const bodySchema = z.object({
  name: z.string().max(300),
  issuer: z.string().max(600),
  clientId: z.string().max(300),
  /** one or more, separated by commas, spaces or lines */
  deploymentIds: z.string().max(3_000),
  authLoginUrl: z.string().max(1_000),
  tokenUrl: z.string().max(1_000),
  jwksUrl: z.string().max(1_000),
});

/** An administrator registers an LMS in the browser (the same as `npm run admin -- lti add`). */
export async function POST(request: Request) {
  return withPlatformAccess(request, "user:manage", async () => {
    const body = await parseBody(request, bodySchema, 10_000);
    if (!body.ok) return body.response;
    const added = await addPlatform(await getDb(), { ...body.data, deploymentIds: body.data.deploymentIds.split(/[\s,]+/).filter(Boolean) });
    if (added.ok) return Response.json({ id: added.platform.id }, { status: 201 });
    const { t } = await translatorFor(localeOf(request));
    const message = added.reason === "taken" ? t("lti.admin.taken") : t("lti.admin.invalid", { field: t(`lti.admin.${added.field || "issuer"}`) });
    return apiError(added.reason === "taken" ? 409 : 400, message, { reason: added.reason, field: added.field });
  });
}
