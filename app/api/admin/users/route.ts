import { z } from "zod";
import { getDb } from "@/db/client";
import { deliverLinks } from "@/lib/accounts/deliver";
import { addUser } from "@/lib/accounts/users";
import { localeOf, parseBody, peopleRefusal, withPlatformAccess } from "@/lib/http/people";

const bodySchema = z.object({ email: z.string().max(300), name: z.string().max(300), isAdmin: z.boolean().default(false) });

/** An administrator creates an account (e.g. an instructor's); its invitation is e-mailed or shown. */
export async function POST(request: Request) {
  return withPlatformAccess(request, "user:manage", async () => {
    const body = await parseBody(request, bodySchema, 2_000);
    if (!body.ok) return body.response;
    const added = await addUser(await getDb(), body.data);
    if (!added.ok) return peopleRefusal(request, added.reason);
    const [link] = await deliverLinks([{ email: added.email, name: body.data.name, token: added.inviteToken! }], { purpose: "invite", locale: localeOf(request) });
    return Response.json({ id: added.id, email: added.email, inviteUrl: link!.link, mailed: link!.mailed }, { status: 201 });
  });
}
