/**
 * npm run --silent bank -- list [--json]
 * npm run --silent bank -- show <id> [--seed N] [--json]
 * npm run --silent bank -- check [--json]
 * npm run --silent bank -- errata [--write]
 * Options for all: --bank DIR (default question-bank/, or FORJA_BANK_DIR); seeds from FORJA_SEEDS_DIR or ../shared/seeds.
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { makeVariant, presentSolution, presentVariant } from "@/grader/grade";
import { checkBank } from "@/question-bank/check";
import { errataMarkdown, errataRows } from "@/question-bank/errata";
import { loadBank, type Bank } from "@/question-bank/load";
import { defaultBankDir, seedsDir } from "@/question-bank/paths";
import { joinOptionValues, parseSeedOption, processIO, UsageError, type CliIO } from "@/lib/cli/io";

export type { CliIO };

const USAGE = `usage:
  npm run --silent bank -- list [--json]
  npm run --silent bank -- show <id> [--seed N] [--json]
  npm run --silent bank -- check [--json]
  npm run --silent bank -- errata [--write]
  npm run --silent bank -- sync          (into the database: DATABASE_URL, else the embedded one)
options: --bank DIR (default: question-bank/ or FORJA_BANK_DIR)`;

const VALUE_OPTIONS = new Set(["--seed", "--bank"]);



function noteProblems(bank: Bank, io: CliIO) {
  if (bank.problems.length > 0) {
    io.err(`note: ${bank.problems.length} question file(s) have problems and are left out; run \`npm run bank -- check\`\n`);
  }
}

function list(bank: Bank, json: boolean, io: CliIO) {
  const rows = bank.questions.map((q) => ({ id: q.id, type: q.type, title: q.title, source: { seed: q.source.seed, item: q.source.item } }));
  if (json) io.out(`${JSON.stringify(rows, null, 2)}\n`);
  else for (const r of rows) io.out(`${r.id.padEnd(48)} ${r.type.padEnd(13)} ${r.source.seed} ${r.source.item}  ${r.title}\n`);
  noteProblems(bank, io);
}

async function show(bank: Bank, id: string | undefined, seed: number | null, json: boolean, io: CliIO) {
  if (!id) throw new UsageError("show needs a question id");
  const question = bank.questions.find((q) => q.id === id);
  if (!question) {
    const broken = bank.problems.find((p) => p.file.split("/")[1] === id);
    throw new UsageError(broken ? `question ${id} does not load: ${broken.file}: ${broken.message}` : `no question with id "${id}"`);
  }
  const variant = makeVariant(question, seed);
  const view = presentVariant(question, variant);
  if (json) {
    // staff tool: the rendered worked solution too (it contains the answer)
    io.out(`${JSON.stringify({ ...view, solution: await presentSolution(question, variant) }, null, 2)}\n`);
    return;
  }
  io.out(`# ${question.title}  (${question.id}, ${question.type}, seed ${view.seed ?? "default"})\n\n${view.prompt}\n`);
  for (const option of (view.options as { id: string; text: string }[] | undefined) ?? []) io.out(`${option.id}) ${option.text}\n`);
}

async function check(bank: Bank, json: boolean, io: CliIO): Promise<number> {
  const log = (line = "") => io.out(`${line}\n`);
  const report = await checkBank(bank, { seedsDir: seedsDir() });
  if (json) {
    log(JSON.stringify(report, null, 2));
    return report.problems.length > 0 ? 1 : 0;
  }
  log(`bank ${bank.dir}: ${report.questions} questions loaded`);
  log(`questions per seed: ${Object.entries(report.coverage).map(([s, n]) => `${s}: ${n}`).join(", ")}`);
  log(`\nerrata (${report.errata.length}):`);
  for (const e of report.errata) log(`  ${e.id} [${e.seed} ${e.item}] printed "${e.printed}" -> correct "${e.correct}": ${e.note}`);
  for (const w of report.warnings) log(`warning: ${w}`);
  if (report.problems.length === 0) {
    log("\ncheck passed: every question validates and every variant's reference answer grades 1");
    return 0;
  }
  log(`\nproblems (${report.problems.length}):`);
  for (const p of report.problems) log(`  ${path.join(path.relative(process.cwd(), bank.dir) || ".", p.file)}: ${p.message}`);
  log(`\ncheck failed: ${report.problems.length} problem(s)`);
  return 1;
}

function errata(bank: Bank, write: boolean, io: CliIO) {
  const text = errataMarkdown(errataRows(bank.questions));
  if (!write) {
    io.out(text);
    return;
  }
  const file = path.join(bank.dir, "ERRATA.md");
  fs.writeFileSync(file, text);
  io.out(`wrote ${path.relative(process.cwd(), file)} (${errataRows(bank.questions).length} errata)\n`);
  noteProblems(bank, io);
}

/** Loads every valid question into the database; a changed file becomes a new version. Problems make the exit code 1. */
async function sync(bank: Bank, io: CliIO): Promise<number> {
  const { openDatabase } = await import("@/db/client");
  const { syncBank } = await import("@/lib/questions/bank-sync");
  const database = await openDatabase();
  try {
    const report = await syncBank(database.db, bank.questions);
    io.out(`synced ${bank.questions.length} questions into ${database.kind}: ${report.created.length} new, ${report.newVersions.length} new versions (${report.newVersions.join(", ") || "none"}), ${report.unchanged} unchanged\n`);
  } finally {
    await database.close();
  }
  for (const problem of bank.problems) io.err(`not synced: ${problem.file}: ${problem.message}\n`);
  return bank.problems.length > 0 ? 1 : 0;
}

/** Runs one bank command; returns the exit code (0 ok, 1 check found problems, 2 bad usage). */
export async function runBankCli(argv: string[], io: CliIO = processIO): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    io.err(`bank: ${(error as Error).message}\n${usage ? `${USAGE}\n` : ""}`);
    return 2;
  }
}

async function dispatch(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: joinOptionValues(argv, VALUE_OPTIONS),
    allowPositionals: true,
    options: {
      json: { type: "boolean", default: false },
      seed: { type: "string" },
      write: { type: "boolean", default: false },
      bank: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    io.out(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const bank = loadBank(values.bank ? path.resolve(values.bank) : defaultBankDir());
  switch (command) {
    case "list":
      list(bank, values.json, io);
      return 0;
    case "show":
      await show(bank, rest[0], parseSeedOption(values.seed), values.json, io);
      return 0;
    case "check":
      return check(bank, values.json, io);
    case "errata":
      errata(bank, values.write, io);
      return 0;
    case "sync":
      return sync(bank, io);
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  // output piped into `head` and closed early: stop quietly
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
  runBankCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
