import { z } from "zod";
import { getDb } from "@/db/client";
import { joinWithCode } from "@/lib/courses/courses";
import { parseBody, peopleRefusal, withSignedInUser } from "@/lib/http/people";

const bodySchema = z.object({ code: z.string().max(40) });

/** Self-enrolment: a signed-in person joins a course as a student with its code. */
export async function POST(request: Request) {
  return withSignedInUser(request, async (user) => {
    const body = await parseBody(request, bodySchema, 500);
    if (!body.ok) return body.response;
    const joined = await joinWithCode(await getDb(), user, body.data.code);
    return joined.ok ? Response.json(joined) : peopleRefusal(request, joined.reason);
  });
}
