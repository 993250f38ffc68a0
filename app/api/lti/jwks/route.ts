import { getDb } from "@/db/client";
import { toolJwks } from "@/lib/lti/keys";

/** Forja's public keys (the platform verifies client assertions and deep-linking responses with them). */
export async function GET(): Promise<Response> {
  return Response.json(await toolJwks(await getDb()), { headers: { "cache-control": "public, max-age=300" } });
}
