import fs from "node:fs";
import path from "node:path";
import { config } from "@/platform/config";

/** The repository root: FORJA_ROOT, else the nearest folder up from cwd whose package.json is named "forja". */
export function repoRoot(): string {
  const { FORJA_ROOT } = config().raw;
  if (FORJA_ROOT) return path.resolve(FORJA_ROOT);
  let dir = process.cwd();
  for (;;) {
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest)) {
      try {
        if ((JSON.parse(fs.readFileSync(manifest, "utf8")) as { name?: string }).name === "forja") return dir;
      } catch {
        // unreadable manifest: keep looking upwards
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

/** question-bank/ of the repo, or FORJA_BANK_DIR. */
export function defaultBankDir(): string {
  const { FORJA_BANK_DIR } = config().raw;
  return FORJA_BANK_DIR ? path.resolve(FORJA_BANK_DIR) : path.join(repoRoot(), "question-bank");
}

/** The course material: ../shared/seeds beside the repo, or FORJA_SEEDS_DIR. */
export function seedsDir(): string {
  const { FORJA_SEEDS_DIR } = config().raw;
  return FORJA_SEEDS_DIR ? path.resolve(FORJA_SEEDS_DIR) : path.resolve(repoRoot(), "..", "shared", "seeds");
}

/** The seed files (`*.txt`) in `dir`, sorted; none when the folder is missing. */
export function seedFiles(dir = seedsDir()): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".txt")).sort() : [];
}

/** Shared data beside the repo (../shared/data, e.g. answer-cases.jsonl), or FORJA_DATA_DIR. */
export function sharedDataDir(): string {
  const { FORJA_DATA_DIR } = config().raw;
  return FORJA_DATA_DIR ? path.resolve(FORJA_DATA_DIR) : path.resolve(repoRoot(), "..", "shared", "data");
}
