import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildDashboard, dashboardStatus } from "@/lib/assessments/dashboard";
import type { StudentGradeRow } from "@/lib/assessments/grades";
import { neighboursOf } from "@/lib/assessments/navigation";
import { bankFiltersSchema, filterBank, foldText, tagSchema, type BankRow } from "@/lib/authoring/bank-search";
import { buildGradebook, gradebookLabels, gradebookTable } from "@/lib/gradebook/gradebook";
import { locales } from "@/domain/i18n/config";
import { hasMessage, translate } from "@/domain/i18n/translate";

const HOUR = 3_600_000;
const now = new Date("2026-11-20T12:00:00Z");
const at = (hours: number) => new Date(now.getTime() + hours * HOUR);

function grade(overrides: Partial<StudentGradeRow> & { answered?: number; count?: number }): StudentGradeRow {
  const { answered = 0, count = 2, ...rest } = overrides;
  return {
    assessmentId: "a",
    title: "A",
    kind: "homework",
    hidden: false,
    items: Array.from({ length: count }, (_, i) => ({ itemId: `i${i}`, position: i + 1, points: 1, best: i < answered ? 1 : null, attempts: i < answered ? 1 : 0, pending: false })),
    earned: answered,
    total: count,
    opensAt: at(-48),
    closesAt: at(24),
    dueAt: at(24),
    extended: false,
    examState: null,
    ...rest,
  };
}

describe("dashboard status and next due", () => {
  it("upcoming, not started, in progress, complete, closed", () => {
    expect(dashboardStatus(grade({ opensAt: at(1) }), now)).toBe("upcoming");
    expect(dashboardStatus(grade({}), now)).toBe("not-started");
    expect(dashboardStatus(grade({ answered: 1 }), now)).toBe("in-progress");
    expect(dashboardStatus(grade({ answered: 2 }), now)).toBe("complete");
    expect(dashboardStatus(grade({ answered: 1, dueAt: at(-1) }), now)).toBe("closed");
    expect(dashboardStatus(grade({ examState: "running" }), now)).toBe("in-progress");
    expect(dashboardStatus(grade({ examState: "finished", answered: 1 }), now)).toBe("closed");
  });

  it("the student's own extended due date decides what is due next, and a closed class deadline does not close it", () => {
    const rows = [
      grade({ assessmentId: "late", title: "Prorrogada", closesAt: at(-2), dueAt: at(30), extended: true }),
      grade({ assessmentId: "soon", title: "Logo", dueAt: at(10), closesAt: at(10) }),
      grade({ assessmentId: "done", title: "Feita", answered: 2, dueAt: at(5), closesAt: at(5) }),
      grade({ assessmentId: "future", title: "Futura", opensAt: at(2), dueAt: at(3), closesAt: at(3) }),
    ];
    const dashboard = buildDashboard(rows, now);
    expect(dashboard.nextDue?.assessmentId).toBe("soon");
    expect(dashboard.rows.find((r) => r.assessmentId === "late")).toMatchObject({ status: "not-started", extended: true, dueAt: at(30), closesAt: at(-2) });
    expect(buildDashboard([rows[0]!], now).nextDue?.assessmentId).toBe("late");
    expect(buildDashboard([rows[2]!, rows[3]!], now).nextDue).toBeNull();
    expect(buildDashboard([grade({ hidden: true, answered: 1 })], now).rows[0]!.earned).toBeNull();
  });
});

describe("previous and next question", () => {
  const items = [{ id: "c", position: 3 }, { id: "a", position: 1 }, { id: "b", position: 2 }];
  it("in position order, none before the first or after the last", () => {
    expect(neighboursOf(items, "a")).toEqual({ position: 1, count: 3, previous: null, next: { id: "b", position: 2 } });
    expect(neighboursOf(items, "b")).toEqual({ position: 2, count: 3, previous: { id: "a", position: 1 }, next: { id: "c", position: 3 } });
    expect(neighboursOf(items, "c")?.next).toBeNull();
    expect(neighboursOf(items, "x")).toBeNull();
  });
});

function row(id: string, overrides: Partial<BankRow> = {}): BankRow {
  const base = { id, type: "numeric" as const, title: id, topic: "t", own: false, latestVersion: 1, seed: "000_x.txt", seedLabel: "000-lista", fileTags: [], staffTags: [], usedIn: [], ...overrides };
  return { ...base, haystack: foldText([base.title, base.id, ...base.fileTags, ...base.staffTags].join(" ")) };
}

describe("bank filters", () => {
  it("a hand-edited query string never fails: unknown values are dropped", () => {
    expect(bankFiltersSchema.parse({ type: "bogus", usedIn: "drop table", page: "-3", q: "" })).toEqual({ page: 1 });
    expect(bankFiltersSchema.parse({ type: "code", usedIn: "none", page: "2", tag: " LeNet " })).toEqual({ type: "code", usedIn: "none", page: 2, tag: "lenet" });
  });

  it("own questions first, then by title; tags from files and staff both match", () => {
    const rows = [row("b-bank", { title: "Beta" }), row("a-bank", { title: "Alfa", fileTags: ["pool"] }), row("own", { title: "Zeta", own: true, staffTags: ["pool"] })];
    expect(filterBank(rows, { page: 1 }).rows.map((r) => r.id)).toEqual(["own", "a-bank", "b-bank"]);
    expect(filterBank(rows, { tag: "pool", page: 1 }).rows.map((r) => r.id)).toEqual(["own", "a-bank"]);
    expect(filterBank(rows, { q: "ZÉTA", page: 1 }).rows.map((r) => r.id)).toEqual(["own"]);
    expect(filterBank(rows, { page: 1 }).facets.tags).toEqual([{ tag: "pool", count: 2 }]);
    expect(filterBank(rows, { page: 2 }, 2)).toMatchObject({ page: 2, pageCount: 2, total: 3, rows: [{ id: "b-bank" }] });
  });

  it("tags are short words, not markup", () => {
    expect(tagSchema.parse("  Prova Final ")).toBe("prova final");
    expect(tagSchema.safeParse("<b>").success).toBe(false);
    expect(tagSchema.safeParse("x".repeat(41)).success).toBe(false);
  });
});

describe("gradebook CSV marks work left out of the total", () => {
  it("a draft's columns say so and the grand total ignores them", () => {
    const gradebook = buildGradebook({
      assessments: [
        { id: "A", title: "Lista", published: true, items: [{ id: "a1", position: 1, points: 2, questions: [] }] },
        { id: "D", title: "Rascunho", published: false, items: [{ id: "d1", position: 1, points: 5, questions: [] }] },
        { id: "R", title: "Velha", published: true, archived: true, items: [{ id: "r1", position: 1, points: 1, questions: [] }] },
      ],
      students: [{ id: "s", name: "Ana", email: "a@x.dev" }],
      submissions: ["a1", "d1", "r1"].map((itemId) => ({ studentId: "s", itemId, attemptNumber: 1, status: "graded" as const, score: 1, penaltyFactor: 1, manualScore: null, submittedAt: now })),
    });
    const { header, rows } = gradebookTable(gradebook);
    expect(header.at(-1)).toBe("Total geral (2 pts)");
    expect(header).toContain("Rascunho [rascunho, fora do total] — Total (5 pts)");
    expect(header).toContain("Velha [arquivada, fora do total] — Q1 (1 pt)");
    const english = gradebookTable(gradebook, gradebookLabels("en")).header;
    expect(english).toContain("Velha [archived, not in the total] — Q1 (1 pt)");
    expect(english).toContain("Rascunho [draft, not in the total] — Total (5 pts)");
    expect(rows[0]!.at(-1)).toBe(2);
  });
});

describe("management messages", () => {
  const keys = new Set<string>();
  for (const dir of ["lib", "app"]) {
    for (const file of fs.readdirSync(dir, { recursive: true }) as string[]) {
      if (!/\.(ts|tsx)$/.test(file)) continue;
      for (const m of fs.readFileSync(path.join(dir, file), "utf8").matchAll(/"(management\.errors\.[\w.-]+)"/g)) keys.add(m[1]!);
    }
  }
  it("every refusal key the domain returns exists in every locale", () => {
    expect(keys.size).toBeGreaterThanOrEqual(6);
    for (const locale of locales) for (const key of keys) expect(hasMessage(key, locale), `${locale} ${key}`).toBe(true);
  });
  it("plurals are ICU plurals in both languages", () => {
    expect(translate("pt-BR", "management.errors.hasSubmissions", { count: 3 })).toContain("3 submissões");
    expect(translate("pt-BR", "management.errors.hasSubmissions", { count: 1 })).toContain("1 submissão");
    expect(translate("en", "management.errors.hasSubmissions", { count: 1 })).toContain("1 submission.");
    expect(translate("en", "management.bank.count", { total: 1, all: 106 })).toBe("1 question of 106");
    expect(translate("pt-BR", "management.bank.count", { total: 0, all: 106 })).toBe("Nenhuma questão de 106");
  });
});
