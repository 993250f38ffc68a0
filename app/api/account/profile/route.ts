import { z } from "zod";
import { getDb } from "@/db/client";
import { changeName, changePassword } from "@/lib/accounts/users";
import { parseBody, peopleRefusal, withSignedInUser } from "@/lib/http/people";

const bodySchema = z.union([
  z.object({ name: z.string().max(300) }),
  z.object({ currentPassword: z.string().max(2_000), newPassword: z.string().max(2_000) }),
]);

/** The account page: a new name, or a new password (which ends every session, this one included). */
export async function PUT(request: Request) {
  return withSignedInUser(request, async (user) => {
    const body = await parseBody(request, bodySchema, 5_000);
    if (!body.ok) return body.response;
    const db = await getDb();
    const done = "name" in body.data ? await changeName(db, user.id, body.data.name) : await changePassword(db, user.id, body.data.currentPassword, body.data.newPassword);
    return done.ok ? Response.json({ ok: true, signedOut: !("name" in body.data) }) : peopleRefusal(request, done.reason);
  });
}
