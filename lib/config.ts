import { z } from "zod";
import { parseRange } from "@/platform/client-address";

/**
 * Settings of the web edge (client addresses, clocks), read and validated once from the environment.
 * TRUSTED_PROXIES: comma-separated addresses or CIDR ranges of the reverse proxies in front of the app; only they may
 * say who the client is (X-Forwarded-For). Unset: the header is ignored.
 */
const schema = z.object({
  TRUSTED_PROXIES: z.string().default(""),
  FORJA_TEST_CLOCK_FILE: z.string().optional(),
  FORJA_ENV: z.string().optional(),
});

export interface EdgeConfig {
  trustedProxies: ReturnType<typeof parseRange>[];
  testClockFile: string | null;
}

let cached: { env: NodeJS.ProcessEnv; config: EdgeConfig } | null = null;

export function edgeConfig(env: NodeJS.ProcessEnv = process.env): EdgeConfig {
  if (cached && cached.env === env) return cached.config;
  const parsed = schema.parse(env);
  if (parsed.FORJA_TEST_CLOCK_FILE && parsed.FORJA_ENV === "production") throw new Error("FORJA_TEST_CLOCK_FILE is for end-to-end tests only, not with FORJA_ENV=production");
  const config: EdgeConfig = {
    trustedProxies: parsed.TRUSTED_PROXIES.split(",").map((s) => s.trim()).filter(Boolean).map((range) => {
      try {
        return parseRange(range);
      } catch {
        throw new Error(`TRUSTED_PROXIES: "${range}" is not an IP address or CIDR range`);
      }
    }),
    testClockFile: parsed.FORJA_TEST_CLOCK_FILE || null,
  };
  cached = { env, config };
  return config;
}
