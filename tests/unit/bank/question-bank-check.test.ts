import { describe, expect, it } from "vitest";
import { checkBank } from "@/question-bank/check";
import { loadBank } from "@/question-bank/load";
import { seedFiles, seedsDir } from "@/question-bank/paths";

const dir = seedsDir();
const present = seedFiles(dir).length > 0;
const title = present
  ? "the question bank passes `bank check` against the course material"
  : `the question bank check — skipped: no course material in ${dir} (clone beside ../shared/seeds or set FORJA_SEEDS_DIR)`;
if (!present) console.warn(`skipped: ${title}`);

describe.skipIf(!present)(title, () => {
  it("every question cites a seed file, validates, grades its reference 1, and ERRATA.md and items.yaml are current", { timeout: 120_000 }, async () => {
    const report = await checkBank(loadBank(), { seedsDir: dir });
    expect(report.problems.map((p) => `${p.file}: ${p.message}`)).toEqual([]);
    expect(Object.values(report.coverage).every((n) => n > 0)).toBe(true);
  });
});
