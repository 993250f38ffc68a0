import type { AnyQuestion } from "@/domain/questions/base";
import { parseQuestionFields } from "@/question-bank/schema";

/** A validated question from inline fields, as the loader would build it (throws listing the schema errors). */
export function makeQuestion<Q = AnyQuestion>(fields: Record<string, unknown>, texts = { prompt: "Enunciado.", solution: "Solução: {{answer}}." }): Q {
  const raw = {
    id: "q-test",
    title: "Questão de teste",
    topic: "teste",
    source: { seed: "000_89f0f8d386b3ce03.txt", item: "I" },
    ...fields,
  };
  const parsed = parseQuestionFields(raw);
  if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
  return { ...parsed.data, ...texts } as Q;
}

export const TEN_MB = "9".repeat(10 * 1024 * 1024);
