import { writeFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { openAssessment, signIn, watchCsp } from "./helpers";
import { referenceFor } from "./reference";

// The e2e server's clock (scripts/e2e-server.sh, lib/clock.ts): an offset in ms added to the server's time.
const clockFile = path.join(process.cwd(), ".data", "e2e-clock-offset");
const shiftServerClock = (ms: number) => writeFileSync(clockFile, String(ms));
test.afterAll(() => shiftServerClock(0));

async function answerNumeric(page: Page, text: string) {
  await page.getByLabel("Sua resposta (número)").fill(text);
  await page.getByRole("button", { name: "Enviar resposta" }).click();
}

async function startExam(page: Page) {
  await page.getByRole("button", { name: "Iniciar prova" }).click();
  await expect(page.getByRole("alertdialog")).toContainText("O relógio de");
  await page.getByRole("button", { name: "Confirmar e iniciar" }).click();
}

test("an unstarted exam shows no question, not even in its HTML or RSC payload", async ({ page, browser }) => {
  const csp = watchCsp(page);
  await signIn(page, "aluno1@forja.dev");
  const courseUrl = page.url();
  const examUrl = await openAssessment(page, "Prova 1 — Convoluções e parâmetros");
  await expect(page.getByRole("button", { name: "Iniciar prova" })).toBeVisible();
  await expect(page.getByRole("link", { name: /^Questão \d+$/ })).toHaveCount(0);
  await expect(page.getByText("Questão 1", { exact: true })).toBeVisible();
  const html = await page.content();
  const rsc = await (await page.request.get(examUrl, { headers: { RSC: "1" } })).text();
  expect(rsc.length).toBeGreaterThan(100);

  // another student starts the same exam: its items' ids appear on their page, and never on the unstarted one
  const other = await (await browser.newContext()).newPage();
  await signIn(other, "aluno2@forja.dev");
  await openAssessment(other, "Prova 1 — Convoluções e parâmetros");
  await startExam(other);
  await expect(other.getByRole("link", { name: "Questão 1", exact: true })).toBeVisible();
  const itemUrls = await Promise.all((await other.getByRole("link", { name: /^Questão \d+$/ }).all()).map((link) => link.getAttribute("href")));
  const itemIds = itemUrls.map((href) => href!.split("/").pop()!);
  expect(itemIds).toHaveLength(3);
  for (const id of itemIds) {
    expect(html).not.toContain(id);
    expect(rsc).not.toContain(id);
  }
  // opening an item's address directly, before the start, lands back on the exam's page with no prompt
  await page.goto(itemUrls[0]!);
  await page.waitForURL(examUrl);
  await expect(page.locator("article[data-question-id]")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Iniciar prova" })).toBeVisible();

  // cancelling the confirmation starts nothing
  await page.getByRole("button", { name: "Iniciar prova" }).click();
  await page.getByRole("button", { name: "Cancelar" }).click();
  await page.goto(courseUrl);
  await openAssessment(page, "Prova 1 — Convoluções e parâmetros");
  await expect(page.getByRole("button", { name: "Iniciar prova" })).toBeVisible();
  expect(csp).toEqual([]);
});

test("a started exam counts down from the server's deadline, hides scores, and can be finished", async ({ page }, testInfo) => {
  await signIn(page, "aluno4@forja.dev");
  const examUrl = await openAssessment(page, "Prova 1 — Convoluções e parâmetros");
  await startExam(page);
  await expect(page.getByTestId("exam-countdown")).toContainText(/Tempo restante: (30:00|29:\d\d)/);
  await expect(page.getByText(/Seu tempo termina em/)).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("exam-started.png"), fullPage: true });
  await page.getByRole("link", { name: "Questão 1", exact: true }).click();
  await expect(page.getByTestId("exam-countdown")).toBeVisible();
  await answerNumeric(page, (await referenceFor(page)).answer);
  await expect(page.getByText("Resposta recebida. A nota será divulgada depois.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Resolução" })).toHaveCount(0);
  const questionUrl = page.url();

  // 26 minutes later by the server's clock: a reload shows what the server says is left, and the 5-minute warning
  shiftServerClock(26 * 60_000);
  await page.reload();
  await expect(page.getByTestId("exam-countdown")).toContainText(/Tempo restante: 0[34]:\d\d/);
  await expect(page.getByRole("alert").filter({ hasText: "Faltam 5 minutos" })).toBeVisible();
  shiftServerClock(0);

  await page.goto(examUrl);
  await page.getByRole("button", { name: "Finalizar prova" }).click();
  await page.getByRole("button", { name: "Confirmar e finalizar" }).click();
  await expect(page.getByTestId("exam-finished")).toBeVisible();
  await expect(page.getByTestId("exam-countdown")).toHaveCount(0);
  await page.goto(questionUrl);
  await expect(page.getByTestId("exam-locked")).toBeVisible();
  await expect(page.getByRole("button", { name: "Enviar resposta" })).toBeDisabled();
});

test("at zero the exam submits the saved answer and locks", async ({ page }) => {
  const csp = watchCsp(page);
  await signIn(page, "aluno4@forja.dev");
  await openAssessment(page, "Quiz relâmpago — 1 minuto");
  await startExam(page);
  await expect(page.getByRole("alert").filter({ hasText: "Falta 1 minuto" })).toBeVisible();
  await page.getByRole("link", { name: "Questão 1", exact: true }).click();
  const right = (await referenceFor(page)).answer;
  // typed, not sent: the draft is kept in the browser
  await page.getByLabel("Sua resposta (número)").fill(right);
  // jump to 5 s before the end by the server's clock; the countdown of the reloaded page starts from there
  shiftServerClock(55_000);
  await page.reload();
  await expect(page.getByTestId("exam-countdown")).toContainText(/00:0[0-6]/);
  await expect(page.getByTestId("exam-locked")).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId("exam-countdown")).toHaveCount(0);
  await expect(page.getByText("Tentativa 1")).toBeVisible();
  await expect(page.getByRole("button", { name: "Enviar resposta" })).toBeDisabled();
  // the server refuses a late answer too, whatever the page shows
  const itemUrl = new URL(page.url());
  const [, , courseId, , , , itemId] = itemUrl.pathname.split("/");
  const late = await page.request.post(`/api/courses/${courseId}/items/${itemId}/submissions`, {
    data: { answer: right, idempotencyKey: "late-answer-after-zero" },
    headers: { origin: itemUrl.origin },
  });
  expect(late.status()).toBe(409);
  expect(((await late.json()) as { reason: string }).reason).toBe("time-up");
  expect(csp).toEqual([]);
});
