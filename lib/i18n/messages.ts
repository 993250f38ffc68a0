import fs from "node:fs/promises";
import path from "node:path";
import type { Locale } from "./config";

/**
 * Messages live in messages/<locale>/<area>.json (one file per area of the app, so that work on different areas
 * does not collide); every file's top-level keys are namespaces, merged here.
 */
export async function loadMessages(locale: Locale): Promise<Record<string, unknown>> {
  const dir = path.join(process.cwd(), "messages", locale);
  const files = (await fs.readdir(dir)).filter((f) => f.endsWith(".json")).sort();
  const merged: Record<string, unknown> = {};
  for (const file of files) {
    const content = JSON.parse(await fs.readFile(path.join(dir, file), "utf8")) as Record<string, unknown>;
    for (const [namespace, value] of Object.entries(content)) {
      if (namespace in merged) throw new Error(`messages/${locale}/${file}: namespace "${namespace}" is defined twice`);
      merged[namespace] = value;
    }
  }
  return merged;
}
