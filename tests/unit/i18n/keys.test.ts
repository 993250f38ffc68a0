import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { locales } from "@/domain/i18n/config";
import { hasMessage } from "@/domain/i18n/translate";

/** Every .ts/.tsx file of the code (every layer but the tests). */
function sourceFiles(): string[] {
  return ["app", "domain", "grader", "lib", "question-bank", "db", "platform"].flatMap((dir) =>
    (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => /\.(ts|tsx)$/.test(f)).map((f) => path.join(dir, f)),
  );
}

/** Message keys used in code with a literal key: say("…") (grader.*), apiError(…, "api.…"), translate(…, "…"), t("…") of a translator. */
function usedKeys(): { file: string; key: string }[] {
  const used: { file: string; key: string }[] = [];
  for (const file of sourceFiles()) {
    const text = fs.readFileSync(file, "utf8");
    for (const m of text.matchAll(/\bsay\("([\w.-]+)"/g)) used.push({ file, key: `grader.${m[1]}` });
    for (const m of text.matchAll(/\bsay\((\w+) === [^?]+\? "([\w.-]+)" : "([\w.-]+)"/g)) used.push({ file, key: `grader.${m[2]}` }, { file, key: `grader.${m[3]}` });
    for (const m of text.matchAll(/"((?:api|validation)\.[\w.-]+)"/g)) used.push({ file, key: m[1]! });
    // code checkers: case names and known mistakes (grader/types/code/checkers/types.ts)
    for (const m of text.matchAll(/\bcaseKind\("([\w-]+)"/g)) used.push({ file, key: `grader.code.cases.${m[1]}` });
    for (const m of text.matchAll(/\bwrongMessage\("([\w-]+)"/g)) used.push({ file, key: `grader.code.wrong.${m[1]}` });
    for (const m of text.matchAll(/\bkind: "([\w-]+)"/g)) if (file.includes("checkers")) used.push({ file, key: `grader.code.cases.${m[1]}` });
    for (const m of text.matchAll(/\btranslate\([^,]+, "([\w.-]+)"/g)) used.push({ file, key: m[1]! });
    for (const m of text.matchAll(/\binteropNote\("([\w.-]+)"/g)) used.push({ file, key: m[1]! });
    // page titles (app/_components/page-title.ts): titled("ns.key"), assessmentTitled("key") of pageTitle.*
    for (const m of text.matchAll(/\btitled\("([\w.-]+)"\)/g)) used.push({ file, key: m[1]! });
    for (const m of text.matchAll(/\bassessmentTitled\("([\w.-]+)"\)/g)) used.push({ file, key: `pageTitle.${m[1]}` });
    // next-intl: const t = useTranslations("ns") / await getTranslations("ns"), then t("key")
    for (const decl of text.matchAll(/const (\w+) = (?:await )?(?:useTranslations|getTranslations)\(\s*"([\w.]+)"\s*\)/g)) {
      const [, name, namespace] = decl;
      for (const call of text.matchAll(new RegExp(`\\b${name}\\(\\s*"([\\w.-]+)"`, "g"))) used.push({ file, key: `${namespace}.${call[1]}` });
    }
  }
  return used;
}

describe("message keys used in code exist in every locale", () => {
  const used = usedKeys();
  it("finds the keys (grader, API, validation and interface)", () => {
    expect(used.filter((u) => u.key.startsWith("grader.")).length).toBeGreaterThan(30);
    expect(used.filter((u) => u.key.startsWith("api.")).length).toBeGreaterThan(8);
    expect(used.length).toBeGreaterThan(300);
  });

  for (const locale of locales) {
    it(`messages/${locale} has every key`, () => {
      const missing = used.filter((u) => !hasMessage(u.key, locale)).map((u) => `${u.file}: ${u.key}`);
      expect(missing).toEqual([]);
    });
  }

  it("every refusal reason has its message", async () => {
    const { refusalMessage } = await import("@/lib/assessments/messages");
    for (const reason of ["not-published", "not-open", "closed", "time-up", "not-started", "no-attempts-left", "not-found", "invalid-answer", "conflict"] as const) {
      for (const locale of locales) expect(hasMessage(refusalMessage(reason), locale), `${locale} ${reason}`).toBe(true);
    }
  });
});
