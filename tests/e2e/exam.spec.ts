import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./helpers";
import { referenceFor } from "./reference";

async function answerNumeric(page: Page, text: string) {
  await page.getByLabel("Sua resposta (número)").fill(text);
  await page.getByRole("button", { name: "Enviar resposta" }).click();
}

test("an exam starts on demand, hides its scores until release, and refuses answers after the time limit", async ({ page }, testInfo) => {
  test.setTimeout(150_000);
  await signIn(page, "aluno4@forja.dev");

  await page.getByRole("link", { name: "Prova 1 — Convoluções e parâmetros" }).click();
  await expect(page.getByRole("link", { name: "Questão 1", exact: true })).toHaveCount(0);
  await page.getByRole("button", { name: "Iniciar prova" }).click();
  await expect(page.getByText(/Seu tempo termina em/)).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("exam-started.png"), fullPage: true });
  await page.getByRole("link", { name: "Questão 1", exact: true }).click();
  await answerNumeric(page, (await referenceFor(page)).answer);
  await expect(page.getByText("Resposta recebida. A nota será divulgada depois.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Resolução" })).toHaveCount(0);

  await page.goto("/");
  await page.getByRole("link", { name: "Quiz relâmpago — 1 minuto" }).click();
  await page.getByRole("button", { name: "Iniciar prova" }).click();
  const quizUrl = page.url();
  await page.getByRole("link", { name: "Questão 1", exact: true }).click();
  await answerNumeric(page, (await referenceFor(page)).answer);
  await expect(page.getByTestId("grade-result")).toContainText("100%");

  await page.goto(quizUrl);
  await page.getByRole("link", { name: "Questão 2", exact: true }).click();
  const late = (await referenceFor(page)).answer;
  await page.waitForTimeout(62_000);
  await answerNumeric(page, late);
  await expect(page.getByRole("alert").filter({ hasText: "tempo" })).toHaveText("O tempo da prova acabou: novas respostas não são aceitas.");
});
