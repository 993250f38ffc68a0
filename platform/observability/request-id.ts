import { randomUUID } from "node:crypto";

export const REQUEST_ID_HEADER = "x-request-id";

/** What a client or proxy may send as its own request id: short, printable, no spaces (it ends up in logs). */
const acceptable = /^[A-Za-z0-9._:-]{8,128}$/;

/** The request id of a request: the caller's `x-request-id` when it is acceptable, otherwise a new UUID. */
export function requestIdOf(headers: Headers): string {
  const given = headers.get(REQUEST_ID_HEADER);
  return given && acceptable.test(given) ? given : randomUUID();
}

/** The same response with the `x-request-id` header set. */
export function withRequestId(response: Response, requestId: string): Response {
  response.headers.set(REQUEST_ID_HEADER, requestId);
  return response;
}
