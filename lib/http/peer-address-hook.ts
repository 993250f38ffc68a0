import http from "node:http";
import { PEER_ADDRESS_HEADER } from "@/platform/client-address";

/**
 * Next.js keeps a client's own X-Forwarded-For and gives route handlers no socket address. This hook, installed once
 * at start (instrumentation.ts), writes the TCP peer's address into a header of every incoming request before Next
 * sees it, replacing any value the client sent under that name.
 */
export function installPeerAddressHook(): void {
  const proto = http.Server.prototype as http.Server & { forjaPeerHook?: boolean };
  if (proto.forjaPeerHook) return;
  const emit = proto.emit;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const request = args[0] as http.IncomingMessage;
      request.headers[PEER_ADDRESS_HEADER] = request.socket?.remoteAddress ?? "";
    }
    return (emit as (this: http.Server, event: string | symbol, ...rest: unknown[]) => boolean).call(this, event, ...args);
  } as typeof proto.emit;
  proto.forjaPeerHook = true;
}
