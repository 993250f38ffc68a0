import { z } from "zod";
import { getDb } from "@/db/client";
import { requestPasswordReset } from "@/lib/accounts/reset";
import { localeOf, parseBody, peopleRefusal, publicRoute } from "@/lib/http/people";

const bodySchema = z.object({ email: z.string().max(300) });

/** "Forgot my password": always the same answer, whether or not the account exists. */
export async function POST(request: Request) {
  return publicRoute(request, async () => {
    const body = await parseBody(request, bodySchema, 1_000);
    if (!body.ok) return body.response;
    const ip = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || "unknown";
    const outcome = await requestPasswordReset(await getDb(), body.data.email, ip, localeOf(request));
    return outcome === "sent" ? Response.json({ ok: true }) : peopleRefusal(request, outcome);
  });
}
