import fs from "node:fs";
import path from "node:path";
import { parseDocument } from "yaml";
import type { AnyQuestion } from "@/domain/questions/base";
import { defaultBankDir } from "./paths";
import { contentHash } from "@/domain/questions/content-hash";
import { parseQuestionFields } from "./schema";

export { canonicalJson, contentHash } from "@/domain/questions/content-hash";

export type LoadedQuestion = AnyQuestion & {
  /** sha256 of the canonical content (question.yaml data + prompt + solution): a new hash is a new version */
  contentHash: string;
  /** the question's folder relative to the bank, e.g. "000-lista/lenet5-parametros" */
  folder: string;
};

export interface BankProblem {
  /** path relative to the bank folder, e.g. "000-lista/x/question.yaml" */
  file: string;
  message: string;
}

export interface Bank {
  dir: string;
  questions: LoadedQuestion[];
  problems: BankProblem[];
}

const FILES = ["question.yaml", "prompt.md", "solution.md"] as const;

function subfolders(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith(".") && !entry.name.startsWith("_"))
    .map((entry) => entry.name)
    .sort();
}


/** Reads one question folder; returns the question or the problems found (each naming its file and field). */
export function loadQuestionFolder(bankDir: string, folder: string): { question?: LoadedQuestion; problems: BankProblem[] } {
  const problems: BankProblem[] = [];
  const abs = path.join(bankDir, folder);
  const texts: Partial<Record<(typeof FILES)[number], string>> = {};
  for (const file of FILES) {
    const filePath = path.join(abs, file);
    if (!fs.existsSync(filePath)) problems.push({ file: `${folder}/${file}`, message: "missing file" });
    else texts[file] = fs.readFileSync(filePath, "utf8");
  }
  if (texts["question.yaml"] === undefined) return { problems };
  const yamlFile = `${folder}/question.yaml`;
  const doc = parseDocument(texts["question.yaml"], { prettyErrors: true });
  if (doc.errors.length > 0) {
    return { problems: [...problems, ...doc.errors.map((e) => ({ file: yamlFile, message: `YAML: ${e.message}` }))] };
  }
  const raw: unknown = doc.toJS();
  const parsed = parseQuestionFields(raw);
  if (!parsed.ok) problems.push(...parsed.errors.map((message) => ({ file: yamlFile, message })));
  for (const file of ["prompt.md", "solution.md"] as const) {
    if (texts[file] !== undefined && texts[file]!.trim() === "") problems.push({ file: `${folder}/${file}`, message: "empty file" });
  }
  if (!parsed.ok || problems.length > 0) return { problems };
  const data = parsed.data as AnyQuestion;
  const folderName = path.basename(folder);
  if (data.id !== folderName) {
    problems.push({ file: yamlFile, message: `field "id": "${data.id}" differs from its folder name "${folderName}"` });
    return { problems };
  }
  const prompt = texts["prompt.md"]!;
  const solution = texts["solution.md"]!;
  const question: LoadedQuestion = { ...data, prompt, solution, contentHash: contentHash(raw, prompt, solution), folder };
  return { question, problems };
}

/** Every question-bank/<seed-folder>/<question-id>/ folder, validated; problems never stop the other questions. */
export function loadBank(bankDir: string = defaultBankDir()): Bank {
  const questions: LoadedQuestion[] = [];
  const problems: BankProblem[] = [];
  if (!fs.existsSync(bankDir)) return { dir: bankDir, questions, problems: [{ file: ".", message: `bank folder ${bankDir} does not exist` }] };
  for (const seedFolder of subfolders(bankDir)) {
    for (const questionFolder of subfolders(path.join(bankDir, seedFolder))) {
      const loaded = loadQuestionFolder(bankDir, `${seedFolder}/${questionFolder}`);
      problems.push(...loaded.problems);
      if (loaded.question) questions.push(loaded.question);
    }
  }
  const seen = new Map<string, string>();
  const unique: LoadedQuestion[] = [];
  for (const question of questions) {
    const first = seen.get(question.id);
    if (first) {
      problems.push({ file: `${question.folder}/question.yaml`, message: `field "id": duplicate id "${question.id}" (also in ${first})` });
      continue;
    }
    seen.set(question.id, question.folder);
    unique.push(question);
  }
  return { dir: bankDir, questions: unique, problems };
}
