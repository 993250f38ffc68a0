import { describe, expect, it } from "vitest";
import { edgeConfig } from "@/platform/config";
import { clientAddress, inRanges, parseRange } from "@/platform/client-address";

const proxies = ["127.0.0.1", "10.0.0.0/8", "fd00::/8"].map(parseRange);

describe("client address", () => {
  it("is the TCP peer when no proxy is trusted: a client-written X-Forwarded-For is ignored", () => {
    expect(clientAddress("203.0.113.9", "198.51.100.1", [])).toBe("203.0.113.9");
    expect(clientAddress("::ffff:203.0.113.9", "1.2.3.4", [])).toBe("203.0.113.9");
  });

  it("behind trusted proxies, is the right-most untrusted hop of X-Forwarded-For", () => {
    // the client wrote 6.6.6.6 itself; nginx (127.0.0.1) appended the real client 198.51.100.7 after a 10.x balancer
    expect(clientAddress("127.0.0.1", "6.6.6.6, 198.51.100.7, 10.1.2.3", proxies)).toBe("198.51.100.7");
    expect(clientAddress("127.0.0.1", "198.51.100.7", proxies)).toBe("198.51.100.7");
    expect(clientAddress("127.0.0.1", null, proxies)).toBe("127.0.0.1");
    expect(clientAddress("127.0.0.1", "not-an-ip", proxies)).toBe("127.0.0.1");
  });

  it("an untrusted peer cannot choose its address, nor lock someone else's out", () => {
    expect(clientAddress("198.51.100.7", "203.0.113.50", proxies)).toBe("198.51.100.7");
    expect(clientAddress(null, "203.0.113.50", proxies)).toBe("unknown");
  });

  it("matches CIDR ranges of both families", () => {
    expect(inRanges("10.200.0.1", proxies)).toBe(true);
    expect(inRanges("11.0.0.1", proxies)).toBe(false);
    expect(inRanges("fd12::1", proxies)).toBe(true);
    expect(inRanges("::ffff:10.0.0.1", proxies)).toBe(true);
  });

  it("TRUSTED_PROXIES is read and checked in one place", () => {
    expect(edgeConfig({ TRUSTED_PROXIES: "127.0.0.1, 10.0.0.0/8" } as unknown as NodeJS.ProcessEnv).trustedProxies).toHaveLength(2);
    expect(() => edgeConfig({ TRUSTED_PROXIES: "10.0.0.0/99" } as unknown as NodeJS.ProcessEnv)).toThrow(/TRUSTED_PROXIES/);
    expect(edgeConfig({} as unknown as NodeJS.ProcessEnv).trustedProxies).toEqual([]);
  });
});
