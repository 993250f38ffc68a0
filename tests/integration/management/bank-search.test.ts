import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBankRows, searchBank, BANK_PAGE_SIZE } from "@/lib/authoring/bank-search";
import { loadBank } from "@/question-bank/load";
import { makeAssessment, makeFixture, NUMERIC, OPEN, type Fixture } from "@/tests/integration/assessments/fixture";

let f: Fixture;
let used: string;
const bank = loadBank().questions;
beforeAll(async () => {
  f = await makeFixture();
  used = (await makeAssessment(f, { title: "Lista de uso" }, [[NUMERIC], [OPEN]])).assessmentId;
});
afterAll(() => f.database.close());

describe("the bank page's search", () => {
  it("lists every question of the shared bank, newest version, one page at a time", async () => {
    const rows = await loadBankRows(f.database.db, f.courseId);
    expect(rows.length).toBe(bank.length);
    expect(bank.length).toBeGreaterThan(100);
    const first = await searchBank(f.database.db, f.courseId, { page: 1 });
    expect(first).toMatchObject({ total: bank.length, all: bank.length, page: 1, pageCount: Math.ceil(bank.length / BANK_PAGE_SIZE) });
    expect(first.rows).toHaveLength(BANK_PAGE_SIZE);
    const last = await searchBank(f.database.db, f.courseId, { page: 999 });
    expect(last.page).toBe(first.pageCount);
    expect(last.rows.length).toBe(bank.length - (first.pageCount - 1) * BANK_PAGE_SIZE);
    const ids = new Set<string>();
    for (let page = 1; page <= first.pageCount; page++) for (const r of (await searchBank(f.database.db, f.courseId, { page })).rows) ids.add(r.id);
    expect(ids.size).toBe(bank.length);
  });

  it("filters by type, seed and file tag as the files say", async () => {
    const code = await searchBank(f.database.db, f.courseId, { type: "code", page: 1 });
    expect(code.total).toBe(bank.filter((q) => q.type === "code").length);
    expect(code.rows.every((r) => r.type === "code")).toBe(true);
    const seed = bank[0]!.source.seed;
    const bySeed = await searchBank(f.database.db, f.courseId, { seed, page: 1 });
    expect(bySeed.total).toBe(bank.filter((q) => q.source.seed === seed).length);
    expect(bySeed.facets.seeds.find((s) => s.value === seed)!.label).toMatch(/^\d{3}-/);
    const byTag = await searchBank(f.database.db, f.courseId, { tag: "lenet", page: 1 });
    expect(byTag.total).toBe(bank.filter((q) => q.tags.map((t) => t.toLowerCase()).includes("lenet")).length);
    expect(byTag.total).toBeGreaterThan(0);
  });

  it("searches title, id and prompt without minding accents or case; words are all required", async () => {
    const q = await searchBank(f.database.db, f.courseId, { q: "LENET5 parâmetros", page: 1 });
    expect(q.rows.map((r) => r.id)).toContain(NUMERIC);
    expect(q.rows.every((r) => /lenet/i.test(r.id + r.title) || r.fileTags.includes("lenet"))).toBe(true);
    expect((await searchBank(f.database.db, f.courseId, { q: "lenet zzzzqqq", page: 1 })).total).toBe(0);
  });

  it("filters by use: one assessment, any, none", async () => {
    const inIt = await searchBank(f.database.db, f.courseId, { usedIn: used, page: 1 });
    expect(inIt.rows.map((r) => r.id).sort()).toEqual([NUMERIC, OPEN].sort());
    expect(inIt.rows[0]!.usedIn).toEqual([{ id: used, title: "Lista de uso" }]);
    expect(inIt.facets.assessments).toEqual([{ id: used, title: "Lista de uso" }]);
    expect((await searchBank(f.database.db, f.courseId, { usedIn: "any", page: 1 })).total).toBe(2);
    expect((await searchBank(f.database.db, f.courseId, { usedIn: "none", page: 1 })).total).toBe(bank.length - 2);
  });
});
