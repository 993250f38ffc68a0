import fs from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { gradeAnswer, makeVariant, referenceAnswer } from "@/grader/grade";
import { selfCheckCode, type CodeQuestion } from "@/grader/types/code/grade";
import { selfCheckProblems } from "@/grader/types/code/python/self-check";
import { moduleFor } from "@/grader/types/registry";
import type { AnyQuestion, Variant } from "@/domain/questions/base";
import { questionFigure } from "@/domain/figures/svg";
import { errataMarkdown, errataRows, type ErratumRow } from "./errata";
import { checkGaming } from "./gaming";
import type { Bank, BankProblem, LoadedQuestion } from "./load";
import { brokenConstraints, isParameterized, type Parameterized } from "@/domain/questions/params";
import { seedFiles } from "./paths";
import { LEFTOVER_TEMPLATE, renderPrompt, renderSolution } from "@/domain/questions/render";

export const SEEDED_VARIANTS = 20;
/** Types whose grading is slow (sandboxed code): fewer seeded variants. */
const SEEDED_VARIANTS_BY_TYPE: Record<string, number> = { code: 3 };

export interface CheckReport {
  questions: number;
  problems: BankProblem[];
  warnings: string[];
  errata: ErratumRow[];
  /** questions per seed file */
  coverage: Record<string, number>;
}

export interface CheckOptions {
  seedsDir: string;
  seededVariants?: number;
  /** the gameable-variants and misconception-collision check (lib/questions/gaming.ts); default on */
  gaming?: boolean;
}

/** Everything `npm run bank -- check` verifies; a report with no problems means the bank is consistent. */
export async function checkBank(bank: Bank, options: CheckOptions): Promise<CheckReport> {
  const problems: BankProblem[] = [...bank.problems];
  const warnings: string[] = [];
  const seeds = seedFiles(options.seedsDir);
  if (seeds.length === 0) problems.push({ file: ".", message: `no seed files found in ${options.seedsDir} (set FORJA_SEEDS_DIR)` });
  const coverage: Record<string, number> = Object.fromEntries(seeds.map((f) => [f, 0]));

  for (const question of bank.questions) {
    const file = `${question.folder}/question.yaml`;
    const report = (message: string) => problems.push({ file, message });
    checkSource(question, seeds, report);
    if (question.source.seed in coverage) coverage[question.source.seed]++;
    await checkVariants(question, options.seededVariants ?? SEEDED_VARIANTS, report);
    await checkErrata(question, report);
    await checkMisconceptions(question, report);
    if (options.gaming !== false) await checkGaming(question, report);
    await checkCodeSelf(question, report);
  }

  for (const [seed, count] of Object.entries(coverage)) if (count === 0) warnings.push(`seed ${seed} has no question yet`);
  problems.push(...checkItemLists(bank));
  const errata = errataRows(bank.questions);
  const errataFile = path.join(bank.dir, "ERRATA.md");
  const current = fs.existsSync(errataFile) ? fs.readFileSync(errataFile, "utf8") : null;
  if (current !== errataMarkdown(errata)) {
    problems.push({ file: "ERRATA.md", message: `${current === null ? "missing" : "out of date"}: run \`npm run bank -- errata --write\`` });
  }
  return { questions: bank.questions.length, problems, warnings, errata, coverage };
}

function checkSource(question: LoadedQuestion, seedFiles: string[], report: (m: string) => void) {
  if (!seedFiles.includes(question.source.seed)) {
    report(`field "source.seed": "${question.source.seed}" is not a file of the seeds folder (${seedFiles.join(", ")})`);
    return;
  }
  const folderPrefix = question.folder.split("/")[0].slice(0, 3);
  if (!question.source.seed.startsWith(folderPrefix)) {
    report(`field "source.seed": ${question.source.seed} does not match its seed folder ${question.folder.split("/")[0]}`);
  }
}

/** Default variant plus seeds 1..N: each draws, renders, and its reference answer grades 1 (open: pending). */
async function checkVariants(question: LoadedQuestion, seeded: number, report: (m: string) => void) {
  if (!moduleFor(question.type)) return;
  const parameterized = isParameterized(question as AnyQuestion & Parameterized);
  const count = parameterized ? (SEEDED_VARIANTS_BY_TYPE[question.type] ?? seeded) : 0;
  const seeds: (number | null)[] = [null, ...Array.from({ length: count }, (_, i) => i + 1)];
  for (const seed of seeds) {
    const label = seed === null ? "default variant" : `variant seed ${seed}`;
    let variant: Variant;
    try {
      variant = makeVariant(question, seed);
      if (seed === null) {
        const broken = brokenConstraints(question as AnyQuestion & Parameterized, variant);
        if (broken.length > 0) report(`default variant breaks constraint(s): ${broken.join("; ")}`);
      }
    } catch (error) {
      report(`${label}: ${(error as Error).message}`);
      return;
    }
    const problem = await checkVariant(question, variant);
    if (problem) {
      report(`${label} ${JSON.stringify(variant.params)}: ${problem}`);
      return;
    }
  }
}

async function checkVariant(question: LoadedQuestion, variant: Variant): Promise<string | null> {
  let reference: string;
  try {
    reference = await referenceAnswer(question, variant);
  } catch (error) {
    return `reference answer cannot be computed: ${(error as Error).message}`;
  }
  for (const [name, render] of [
    ["prompt.md", () => renderPrompt(question as AnyQuestion & Parameterized, variant)],
    ["solution.md", () => renderSolution(question as AnyQuestion & Parameterized, variant, reference)],
  ] as const) {
    try {
      const leftover = LEFTOVER_TEMPLATE.exec(render());
      if (leftover) return `${name}: template text ${leftover[0]} would reach students unrendered`;
    } catch (error) {
      return `${name}: ${(error as Error).message}`;
    }
  }
  try {
    questionFigure(question, variant);
  } catch (error) {
    return `field "figure": ${(error as Error).message}`;
  }
  const contradiction = titleContradiction(question, variant);
  if (contradiction) return contradiction;
  const outcome = await gradeAnswer(question, variant, reference);
  if (question.type === "open") {
    return outcome.status === "graded" && outcome.pending ? null : `open question did not give a pending result: ${outcome.feedback}`;
  }
  if (outcome.status !== "graded") return `reference answer ${JSON.stringify(reference)} was not graded: ${"detail" in outcome && outcome.detail ? outcome.detail : outcome.feedback}`;
  if (outcome.score !== 1) return `reference answer ${JSON.stringify(reference)} scored ${outcome.score}, not 1: ${outcome.feedback}`;
  return null;
}

const DIMENSIONS = /\d+(?:\s*[×xX]\s*\d+)+/g;
const flat = (text: string) => text.replace(/\\times|\\cdot|[×xX]/g, "×").replace(/[\s${}]|\\[,;!]/g, "");

/** A title that names sizes ("3×3", "6×6×3") must agree with the variant: each size it names appears in the rendered prompt. */
export function titleContradiction(question: LoadedQuestion, variant: Variant): string | null {
  const matrices = Object.values(variant.params)
    .filter((value): value is number[][] => Array.isArray(value))
    .map((m) => `${m.length}×${m[0]?.length ?? 0}`);
  const prompt = flat(renderPrompt(question as AnyQuestion & Parameterized, variant)) + " " + matrices.join(" ");
  for (const size of question.title.match(DIMENSIONS) ?? []) {
    if (!prompt.includes(flat(size))) return `title names ${size}, which this variant's prompt does not have: take the title's numbers out or make them hold for every variant`;
  }
  return null;
}

/** A Python-declared code question: its wrong implementations are each recognised, and non-answers score 0. */
async function checkCodeSelf(question: LoadedQuestion, report: (m: string) => void) {
  if (question.type !== "code") return;
  let rows: Awaited<ReturnType<typeof selfCheckCode>>;
  try {
    rows = await selfCheckCode(question as unknown as CodeQuestion);
    for (const problem of selfCheckProblems(rows)) report(`default variant: ${problem}`);
  } catch (error) {
    report(`default variant: ${(error as Error).message}`);
    return;
  }
  if (!rows.length) return;
  // a Python-declared question draws its cases from the variant's seed even without params
  for (let seed = 1; seed <= (SEEDED_VARIANTS_BY_TYPE.code ?? 1); seed++) {
    const problem = await checkVariant(question, { seed, params: {} });
    if (problem) return report(`variant seed ${seed}: ${problem}`);
  }
}

/** A seed's misprinted value must not be accepted by the bank's answer. */
async function checkErrata(question: LoadedQuestion, report: (m: string) => void) {
  if (!moduleFor(question.type) || question.type === "open") return;
  for (const erratum of question.errata) {
    if (erratum.printed.trim() === erratum.correct.trim()) report(`field "errata": printed and correct are equal ("${erratum.printed}")`);
    try {
      const outcome = await gradeAnswer(question, makeVariant(question, null), erratum.printed);
      if (outcome.status === "graded" && outcome.score === 1) {
        report(`field "errata": the misprinted value "${erratum.printed}" is accepted as correct by the answer formula`);
      }
    } catch {
      // a printed value that is not an answer (an intermediate step) cannot be graded: nothing to compare
    }
  }
}

/** Each misconception must be reachable: its own value, answered, is recognised as that misconception. */
async function checkMisconceptions(question: LoadedQuestion, report: (m: string) => void) {
  const list = (question as { misconceptions?: { id: string; answer: string }[] }).misconceptions;
  if (!list?.length || !moduleFor(question.type)) return;
  const variant = makeVariant(question, null);
  for (const m of list) {
    // the trap's own reference: same question with the misconception's formula as answer
    // (an integer-mode question may still have a non-integer misconception, such as forgetting the floor)
    const tolerance = (question as { tolerance?: { mode?: string } }).tolerance;
    const exact = tolerance?.mode === "integer" ? { tolerance: { abs: 0 } } : {};
    const trap = { ...question, ...exact, answer: m.answer, misconceptions: [] } as LoadedQuestion;
    try {
      const answer = await referenceAnswer(trap, variant);
      const outcome = await gradeAnswer(question, variant, answer);
      if (outcome.status !== "graded" || outcome.misconception !== m.id) {
        report(`misconception "${m.id}": answering its value ${JSON.stringify(answer)} gives ${outcome.status === "graded" ? `score ${outcome.score}, misconception ${outcome.misconception ?? "none"}` : outcome.feedback}`);
      }
    } catch (error) {
      report(`misconception "${m.id}": ${(error as Error).message}`);
    }
  }
}

/**
 * Optional `question-bank/<seed-folder>/items.yaml` (`items: [{ item: I.a }, { item: XI, skip: "why" }]`):
 * every item listed must have a question with that `source.item`, unless it says why it is skipped.
 */
function checkItemLists(bank: Bank): BankProblem[] {
  const problems: BankProblem[] = [];
  const folders = fs.existsSync(bank.dir) ? fs.readdirSync(bank.dir, { withFileTypes: true }).filter((d) => d.isDirectory()) : [];
  for (const folder of folders) {
    const file = path.join(bank.dir, folder.name, "items.yaml");
    if (!fs.existsSync(file)) continue;
    const label = `${folder.name}/items.yaml`;
    let items: unknown;
    try {
      items = (parseYaml(fs.readFileSync(file, "utf8")) as { items?: unknown } | null)?.items;
    } catch (error) {
      problems.push({ file: label, message: `YAML: ${(error as Error).message}` });
      continue;
    }
    if (!Array.isArray(items)) {
      problems.push({ file: label, message: 'field "items": expected a list of { item, skip? }' });
      continue;
    }
    const covered = new Set(bank.questions.filter((q) => q.folder.startsWith(`${folder.name}/`)).map((q) => q.source.item));
    for (const entry of items as { item?: unknown; skip?: unknown }[]) {
      const item = String(entry?.item ?? "");
      if (!item) problems.push({ file: label, message: 'field "items": an entry has no item' });
      else if (!covered.has(item) && !entry.skip) problems.push({ file: label, message: `item "${item}" has no question (add one or give a skip reason)` });
    }
  }
  return problems;
}
