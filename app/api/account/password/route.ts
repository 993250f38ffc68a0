import { z } from "zod";
import { getDb } from "@/db/client";
import { setPasswordWithToken } from "@/lib/accounts/users";
import { parseBody, peopleRefusal, publicRoute } from "@/lib/http/people";

const bodySchema = z.object({ token: z.string().max(200), password: z.string().max(2_000) });

/** The invitation / reset link's form: sets the password and uses the link up. */
export async function POST(request: Request) {
  return publicRoute(request, async () => {
    const body = await parseBody(request, bodySchema, 3_000);
    if (!body.ok) return body.response;
    const done = await setPasswordWithToken(await getDb(), body.data.token, body.data.password);
    return done.ok ? Response.json(done) : peopleRefusal(request, done.reason);
  });
}
