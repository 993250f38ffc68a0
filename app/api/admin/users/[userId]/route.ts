import { z } from "zod";
import { getDb } from "@/db/client";
import { deactivateUser } from "@/lib/accounts/users";
import { peopleRefusal, withPlatformAccess } from "@/lib/http/people";

/** Removal from the platform: sign-in refused, sessions ended, submissions kept. */
export async function DELETE(request: Request, { params }: RouteContext<"/api/admin/users/[userId]">) {
  const { userId } = await params;
  return withPlatformAccess(request, "user:manage", async (admin) => {
    if (!z.string().uuid().safeParse(userId).success) return peopleRefusal(request, "not_found");
    if (userId === admin.id) return peopleRefusal(request, "forbidden");
    const done = await deactivateUser(await getDb(), userId);
    return done ? Response.json({ ok: true }) : peopleRefusal(request, "not_found");
  });
}
