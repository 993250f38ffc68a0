import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Compression belongs to the reverse proxy that terminates TLS in production (README, Production). In `next start`
  // it gzipped every answer's few hundred bytes of JSON: 0.5 ms of CPU each, 5 % of the web process in the exam rush.
  compress: false,
  // `npm test` type-checks the whole project (tsc --noEmit) before it builds; no need to do it twice.
  typescript: { ignoreBuildErrors: true },
  experimental: { authInterrupts: true },
  // Native or WebAssembly packages that must be loaded by Node itself, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "@tensorflow/tfjs", "pino", "pg-boss", "seedrandom"],
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default createNextIntlPlugin("./lib/i18n/request.ts")(nextConfig);
