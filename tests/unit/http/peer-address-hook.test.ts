import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { PEER_ADDRESS_HEADER } from "@/platform/client-address";
import { installPeerAddressHook } from "@/lib/http/peer-address-hook";

describe("the peer address hook", () => {
  installPeerAddressHook();
  const server = http.createServer((request, response) => response.end(String(request.headers[PEER_ADDRESS_HEADER])));
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it("writes the TCP peer into its header, replacing what the client sent under that name", async () => {
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    const { port } = server.address() as AddressInfo;
    const seen = await fetch(`http://127.0.0.1:${port}/`, { headers: { [PEER_ADDRESS_HEADER]: "6.6.6.6", "x-forwarded-for": "6.6.6.6" } }).then((r) => r.text());
    expect(seen).toBe("127.0.0.1");
  });
});
