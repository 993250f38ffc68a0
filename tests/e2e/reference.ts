import { makeVariant, referenceAnswer } from "@/grader/grade";
import { loadBank } from "@/question-bank/load";
import type { Page } from "@playwright/test";

const bank = loadBank();

/** The reference answer of the variant shown on a question page (the page carries the question id and variant seed). */
export async function referenceFor(page: Page): Promise<{ type: string; answer: string }> {
  const article = page.locator("article[data-question-id]");
  const id = await article.getAttribute("data-question-id");
  const seed = Number(await article.getAttribute("data-variant-seed"));
  const question = bank.questions.find((q) => q.id === id);
  if (!question) throw new Error(`question ${id} not in the bank`);
  return { type: question.type, answer: await referenceAnswer(question, makeVariant(question, seed)) };
}
