import iconv from "iconv-lite";
import { expect, test, type Page } from "@playwright/test";
import { courseIdFrom, demo, signIn } from "./helpers";
import { referenceFor } from "./reference";

const student = { name: "Joana Conceição", email: "joana.e2e@ufv.br", password: "senha da joana 2027" };

/** Answers the first numeric or multiple-choice question of the demo homework with its reference answer. */
async function answerOneQuestion(page: Page) {
  await page.getByRole("link", { name: "Lista 1 — Redes convolucionais" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Lista 1 — Redes convolucionais" })).toBeVisible();
  const assessmentUrl = page.url();
  const count = await page.getByRole("link", { name: /^Questão \d+$/ }).count();
  for (let n = 1; n <= count; n++) {
    await page.goto(assessmentUrl);
    await page.getByRole("link", { name: `Questão ${n}`, exact: true }).click();
    const { type, answer } = await referenceFor(page);
    if (type === "numeric") await page.getByLabel("Sua resposta (número)").fill(answer);
    else if (type === "mcq") {
      for (const box of await page.locator("input[name=mcq]").all()) {
        if (answer.split(",").includes((await box.getAttribute("value")) ?? "") !== (await box.isChecked())) await box.click();
      }
    } else continue;
    await page.getByRole("button", { name: "Enviar resposta" }).click();
    await expect(page.getByTestId("grade-result")).toContainText("Nota desta tentativa: 100%", { timeout: 30_000 });
    return;
  }
  throw new Error("no numeric or multiple-choice question in the homework");
}

test("the instructor imports a roster; an invited student sets a password, answers, and a signed-out cookie stops working", async ({ page, browser }, testInfo) => {
  // The instructor: preview (nothing written, the bad line reported by number), then import.
  await signIn(page, demo.instructor);
  const courseId = courseIdFrom(page.url());
  await page.getByRole("link", { name: "Pessoas" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Pessoas do curso" })).toBeVisible();
  const csv = `nome;e-mail;papel;matrícula\n"${student.name}";${student.email};aluno;2027001\nSem Arroba;sem-arroba.ufv.br;aluno;2027002\n`;
  await page.getByLabel("Arquivo CSV").setInputFiles({ name: "turma.csv", mimeType: "text/csv", buffer: iconv.encode(csv, "win1252") });
  await page.getByRole("button", { name: "Pré-visualizar" }).click();
  const report = page.getByTestId("import-report");
  await expect(report).toContainText("Pré-visualização (nada foi gravado): 1 a adicionar, 0 a atualizar, 0 sem mudança, 1 linha com erro.");
  await expect(report).toContainText('Linha 3: e-mail inválido: "sem-arroba.ufv.br"');
  await expect(page.getByTestId("roster-row").filter({ hasText: student.email })).toHaveCount(0);
  await page.getByRole("button", { name: "Importar", exact: true }).click();
  await expect(report).toContainText("Importado: 1 adicionado,");
  const link = await page.getByLabel(`Link de convite de ${student.email}`).inputValue();
  expect(link).toMatch(/\/account\/password\?token=/);
  const row = page.getByTestId("roster-row").filter({ hasText: student.email });
  await expect(row).toContainText(student.name);
  await expect(row).toContainText("convite não aceito");
  await page.screenshot({ path: testInfo.outputPath("roster-import.png"), fullPage: true });

  // The student: opens the link, sets a password (signed in at once), answers a question of the published homework.
  const studentContext = await browser.newContext();
  const studentPage = await studentContext.newPage();
  await studentPage.goto(new URL(link).pathname + new URL(link).search);
  await expect(studentPage.getByRole("heading", { name: "Defina sua senha" })).toBeVisible();
  await studentPage.getByLabel("Nova senha").fill(student.password);
  await studentPage.getByLabel("Repita a senha").fill(student.password);
  await studentPage.getByRole("button", { name: "Salvar senha e entrar" }).click();
  await studentPage.waitForURL(new RegExp(`/courses/${courseId}$`));
  await answerOneQuestion(studentPage);

  // The link was used up.
  await studentPage.goto(new URL(link).pathname + new URL(link).search);
  await expect(studentPage.getByRole("heading", { name: "Link inválido" })).toBeVisible();

  // Signing out ends the session: the cookie copied before still opens nothing.
  const copied = await studentContext.cookies();
  await studentPage.goto(`/courses/${courseId}`);
  await studentPage.getByLabel("Menu do usuário").click();
  await studentPage.getByRole("button", { name: "Sair" }).click();
  await studentPage.waitForURL(/\/signin/);
  const thief = await browser.newContext();
  await thief.addCookies(copied);
  const thiefPage = await thief.newPage();
  await thiefPage.goto(`/courses/${courseId}`);
  await expect(thiefPage).toHaveURL(/\/signin/);
  const api = await thiefPage.request.get(`/api/courses/${courseId}/roster`);
  expect(api.status()).toBe(401);
  await thief.close();

  // The student signs in again with the new password; the roster no longer shows the invitation as pending.
  await signIn(studentPage, student.email, student.password);
  await studentContext.close();
  await page.reload();
  await expect(page.getByTestId("roster-row").filter({ hasText: student.email })).toContainText("ativo(a)");
});

test("the roster and the course settings follow the policy: a student gets 403, a TA reads the roster only", async ({ page }) => {
  await signIn(page, demo.student);
  const courseId = courseIdFrom(page.url());
  expect((await page.goto(`/courses/${courseId}/people`))?.status()).toBe(403);
  expect((await page.goto(`/courses/${courseId}/settings`))?.status()).toBe(403);
  await page.context().clearCookies();
  await signIn(page, demo.ta);
  expect((await page.goto(`/courses/${courseId}/people`))?.status()).toBe(200);
  await expect(page.getByTestId("roster-row").first()).toBeVisible();
  await expect(page.getByRole("heading", { name: "Importar lista (CSV)" })).toHaveCount(0);
  expect((await page.goto(`/courses/${courseId}/settings`))?.status()).toBe(403);
});
