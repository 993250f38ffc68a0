import { describe, expect, it } from "vitest";
import { locales } from "@/domain/i18n/config";
import { loadMessages } from "@/domain/i18n/messages";

function keyPaths(value: unknown, prefix = ""): string[] {
  if (value === null || typeof value !== "object") return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => keyPaths(v, prefix ? `${prefix}.${k}` : k));
}

describe("interface messages", () => {
  it("every locale has exactly the same keys (nothing untranslated, nothing stale)", async () => {
    const [reference, ...others] = await Promise.all(locales.map(async (l) => keyPaths(await loadMessages(l)).sort()));
    for (const other of others) expect(other).toEqual(reference);
    expect(reference!.length).toBeGreaterThan(50);
  });
});
