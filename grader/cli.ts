/**
 * npm run --silent grade -- --question <id> [--seed N] (--answer '<text>' | --file <path>) [--json] [--bank DIR]
 * Prints exactly one JSON object { status: "graded" | "error", score, maxScore: 1, feedback, ... } with --json.
 * Exit 0 when an answer was assessed or refused as unreadable; 2 for bad usage (unknown question, bad flags).
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { gradeAnswer, makeVariant, type GradeOutcome } from "@/grader/grade";
import { loadBank } from "@/question-bank/load";
import { defaultBankDir } from "@/question-bank/paths";
import { joinOptionValues, parseSeedOption, processIO, UsageError, type CliIO } from "@/lib/cli/io";

export type { CliIO };

const USAGE = "usage: npm run --silent grade -- --question <id> [--seed N] (--answer '<text>' | --file <path>) [--json] [--bank DIR]";
const MAX_FILE_BYTES = 1_000_000;

const VALUE_OPTIONS = new Set(["--question", "--seed", "--answer", "--file", "--bank"]);


function readOptions(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: joinOptionValues(argv, VALUE_OPTIONS),
    allowPositionals: true,
    options: {
      question: { type: "string" },
      seed: { type: "string" },
      answer: { type: "string" },
      file: { type: "string" },
      json: { type: "boolean", default: false },
      bank: { type: "string" },
    },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if (!values.question) throw new UsageError("--question <id> is required");
  if ((values.answer === undefined) === (values.file === undefined)) throw new UsageError("give exactly one of --answer or --file");
  return { ...values, question: values.question, seed: parseSeedOption(values.seed) };
}

function readAnswerFile(file: string): string {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    throw new UsageError(`cannot read --file ${file}`);
  }
  if (size > MAX_FILE_BYTES) throw new UsageError(`--file ${file} is larger than ${MAX_FILE_BYTES} bytes`);
  return fs.readFileSync(file, "utf8");
}

async function grade(argv: string[]): Promise<{ outcome: GradeOutcome; json: boolean }> {
  const options = readOptions(argv);
  const answer = options.file !== undefined ? readAnswerFile(options.file) : options.answer!;
  const bank = loadBank(options.bank ? path.resolve(options.bank) : defaultBankDir());
  const question = bank.questions.find((q) => q.id === options.question);
  if (!question) {
    const broken = bank.problems.find((p) => p.file.split("/")[1] === options.question);
    throw new UsageError(broken ? `question ${options.question} does not load: ${broken.file}: ${broken.message}` : `no question with id "${options.question}"`);
  }
  let variant;
  try {
    variant = makeVariant(question, options.seed);
  } catch (error) {
    throw new UsageError(`cannot make variant ${options.seed}: ${(error as Error).message}`);
  }
  return { outcome: await gradeAnswer(question, variant, answer), json: options.json };
}

function describe(outcome: GradeOutcome): string {
  const head =
    outcome.status === "graded"
      ? `score ${outcome.score}/${outcome.maxScore}${outcome.pending ? " (pending manual grading)" : ""}`
      : `error (${outcome.reason})`;
  return `${head}\n${outcome.feedback}\n`;
}

/** Grades one answer; returns the exit code (0 when a result was produced, 2 for bad usage). */
export async function runGradeCli(argv: string[], io: CliIO = processIO): Promise<number> {
  try {
    const { outcome, json } = await grade(argv);
    // the documented JSON contract: feedback in pt-BR, without the message keys kept for the web views
    const { message: _message, ...printed } = outcome as GradeOutcome & { message?: unknown };
    io.out(json ? `${JSON.stringify(printed)}\n` : describe(outcome));
    return 0;
  } catch (error) {
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    const message = usage ? (error as Error).message : `internal error: ${(error as Error).message}`;
    io.err(`grade: ${message}\n${usage ? `${USAGE}\n` : ""}`);
    if (argv.includes("--json")) io.out(`${JSON.stringify({ status: "error", reason: usage ? "usage" : "internal", score: 0, maxScore: 1, feedback: message })}\n`);
    return 2;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  // output piped into `head` and closed early: stop quietly
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
  runGradeCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
