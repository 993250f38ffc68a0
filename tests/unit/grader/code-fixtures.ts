import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { baseQuestionSchema } from "@/domain/questions/base";
import type { CodeQuestion } from "@/grader/types/code/grade";
import { codeFields } from "@/grader/types/code/schema";

export const CODE_QUESTION_FOLDERS = {
  batchnorm: "000-lista/xi-batchnorm-codigo",
  spatial: "000-lista/xi-batchnorm-espacial-codigo",
  maxpool: "001-slides-inf721/inf721-max-pooling-codigo",
} as const;

/** Reads and validates a code question straight from the bank (independent of the registry wiring). */
export function loadCodeQuestion(folder: string): CodeQuestion {
  const dir = path.resolve(import.meta.dirname, "../../../question-bank", folder);
  const raw = parse(fs.readFileSync(path.join(dir, "question.yaml"), "utf8"));
  const base = baseQuestionSchema.parse(raw);
  const own = codeFields.parse(raw);
  const read = (f: string) => fs.readFileSync(path.join(dir, f), "utf8");
  return { ...own, ...base, prompt: read("prompt.md"), solution: read("solution.md") } as CodeQuestion;
}
