import { randomBytes } from "node:crypto";
import os from "node:os";
import { hash, verify } from "@node-rs/argon2";
import pLimit from "p-limit";
import { processWide } from "@/platform/process-wide";

// Argon2id with the OWASP-recommended minimum (19 MiB, 2 passes, 1 lane).
const options = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * Password hashes computed at once in this process: one per two cores. Each takes 19 MiB that it walks twice, so
 * several at once fight over the caches and memory bus: on 2 cores one at a time took 6 ms of CPU each at 165 per
 * second, four at once (libuv's default threads) 9–16 ms each for no more per second. In an exam's sign-in rush
 * that was CPU the answers needed. It also caps what a flood of sign-ins can take from everyone else.
 */
export const PASSWORD_HASHES_AT_ONCE = Math.max(1, Math.floor(os.availableParallelism() / 2));
/** Process-wide: Next bundles server modules twice in one process, and two limits would let twice as many run. */
export const passwordWork = processWide("password-hashes", () => pLimit(PASSWORD_HASHES_AT_ONCE));

export function hashPassword(password: string): Promise<string> {
  return passwordWork(() => hash(password, options));
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await passwordWork(() => verify(passwordHash, password));
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | null = null;

/** The same work as checking a real password, for an email without one; always false. */
export async function verifyAgainstDummy(password: string): Promise<boolean> {
  dummyHash ??= hashPassword(randomBytes(32).toString("hex"));
  await verifyPassword(await dummyHash, password);
  return false;
}
