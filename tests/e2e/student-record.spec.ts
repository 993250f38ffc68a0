import { expect, test, type Page } from "@playwright/test";
import { courseIdFrom, demo, newStudent, signIn, visitQuestions } from "./helpers";

const LISTA = "Lista 1 — Redes convolucionais";
const STUDENT = { name: "Rita Registro E2E", email: "rita.registro.e2e@ufv.br" };
const OPEN_ANSWER = "O **stride** é o passo do filtro: com $s = 2$ ele pula duas posições, e a saída fica com $\\lfloor (n - f)/s \\rfloor + 1$.";
const REASON = "Unidade aceita na revisão da prova";

/** The student answers the homework's numeric question wrong and its open question with Markdown and math. */
async function answer(page: Page): Promise<{ numeric: number; open: number }> {
  const found: { numeric?: number; open?: number } = {};
  await visitQuestions(page, LISTA, async ({ n, type, answer }) => {
    if (type === "numeric" && found.numeric === undefined) {
      found.numeric = n;
      await page.getByLabel("Sua resposta (número)").fill(String(Number(answer.replace(/\s/g, "")) + 7));
      await page.getByRole("button", { name: "Enviar resposta" }).click();
      await expect(page.getByTestId("grade-result")).toContainText("Nota desta tentativa: 0%");
    } else if (type === "open" && found.open === undefined) {
      found.open = n;
      await page.getByLabel("Sua resposta", { exact: true }).fill(OPEN_ANSWER);
      await page.getByRole("button", { name: "Enviar resposta" }).click();
      await expect(page.getByText("Resposta recebida: será corrigida pela monitoria.")).toBeVisible();
    }
    return found.numeric !== undefined && found.open !== undefined;
  });
  expect(found.numeric).toBeDefined();
  expect(found.open).toBeDefined();
  return found as { numeric: number; open: number };
}

test("staff see one student's submissions, override a score with a reason; the student sees the new score, the reason and a notice", async ({ browser }, testInfo) => {
  test.setTimeout(150_000);
  const instructor = await (await browser.newContext()).newPage();
  await signIn(instructor, demo.instructor);
  const courseId = courseIdFrom(instructor.url());
  const student = await newStudent(browser, instructor, courseId, STUDENT);
  const { numeric, open } = await answer(student);

  // From the roster: the student's name opens their record
  await instructor.goto(`/courses/${courseId}/people`);
  await instructor.getByRole("link", { name: STUDENT.name }).click();
  await expect(instructor.getByRole("heading", { level: 1 })).toContainText(STUDENT.name);

  // The TA, from the gradebook
  const ta = await (await browser.newContext()).newPage();
  await signIn(ta, demo.ta);
  await ta.goto(`/courses/${courseId}/review/gradebook`);
  await ta.getByTestId("gradebook-table").getByRole("link", { name: STUDENT.name }).click();
  await ta.getByRole("link", { name: LISTA }).click();
  await expect(ta.getByRole("heading", { level: 1 })).toHaveText(`${STUDENT.name} · ${LISTA}`);
  await expect(ta.getByTestId("record-timing")).toContainText("Prazo deste aluno");
  const openItem = ta.getByTestId("record-item").filter({ has: ta.getByRole("heading", { name: new RegExp(`^Questão ${open} `) }) });
  // Markdown and math rendered, not raw
  await expect(openItem.getByTestId("student-answer").locator("strong")).toHaveText("stride");
  await expect(openItem.getByTestId("student-answer").locator(".katex").first()).toBeVisible();
  await expect(openItem.getByTestId("student-answer")).not.toContainText("**");
  await expect(openItem).toContainText("aguardando correção manual");

  const numericItem = ta.getByTestId("record-item").filter({ has: ta.getByRole("heading", { name: new RegExp(`^Questão ${numeric} `) }) });
  await expect(numericItem.getByTestId("item-score")).toHaveText("Nota: 0%");
  await expect(numericItem.getByTestId("record-submission")).toContainText("Nota automática: 0%");
  // the reason is required (by the browser, and by the server: tests/integration/review/grade-changes.test.ts)
  await expect(numericItem.getByLabel("Motivo (mostrado ao aluno)")).toHaveAttribute("required", "");
  await numericItem.getByLabel(/^Nova nota/).fill("2");
  await numericItem.getByLabel("Motivo (mostrado ao aluno)").fill(REASON);
  await numericItem.getByRole("button", { name: "Salvar ajuste" }).click();
  await expect(numericItem.getByRole("status")).toContainText("Ajuste salvo.");
  await expect(numericItem.getByTestId("item-score")).toHaveText("Nota: 100%");
  await expect(numericItem.getByTestId("item-override")).toContainText(REASON);
  await numericItem.getByText("Registro de alterações").click();
  await expect(numericItem.getByTestId("record-audit")).toContainText("Rafael Lima");
  await expect(numericItem.getByTestId("record-audit")).toContainText(`ajuste · 0% → 100% · ${REASON}`);
  await ta.screenshot({ path: testInfo.outputPath("student-record.png"), fullPage: true });

  // The TA grades the open answer: the grading view renders the Markdown and math too
  await openItem.getByRole("link", { name: "Corrigir" }).click();
  await expect(ta.getByTestId("student-answer").locator(".katex").first()).toBeVisible();
  await ta.getByRole("checkbox", { name: /Define o stride como o passo/ }).check();
  await ta.getByRole("button", { name: "Salvar nota" }).click();
  await expect(ta.getByTestId("current-grade")).toContainText("Nota atual: 50%");

  // The student: a notice on the dashboard with the old and new score and the reason
  await student.goto(`/courses/${courseId}`);
  const notice = student.getByTestId("grade-notice").filter({ hasText: `Questão ${numeric}` });
  await expect(notice).toContainText(`${LISTA} · Questão ${numeric}: 0% → 100%`);
  await expect(notice).toContainText(`Motivo: ${REASON}`);
  await expect(notice).toContainText("Ajuste da equipe");
  await student.screenshot({ path: testInfo.outputPath("student-notice.png"), fullPage: true });
  // the question page: the new score and why
  await notice.getByRole("link").click();
  await expect(student.getByTestId("score-override")).toContainText("Sua nota nesta questão foi definida em 100% pela equipe.");
  await expect(student.getByTestId("score-override")).toContainText(REASON);
  // the assessment page marks the item as adjusted and shows the notice too; marking it read removes it
  await student.getByRole("link", { name: /Voltar/ }).click();
  await expect(student.getByTestId("grade-notices")).toBeVisible();
  await expect(student.getByText("ajustada", { exact: true })).toBeVisible();
  await student.getByRole("button", { name: "Marcar como lidas" }).click();
  await expect(student.getByTestId("grade-notices")).toHaveCount(0);
  await student.goto(`/courses/${courseId}`);
  await expect(student.getByTestId("grade-notices")).toHaveCount(0);

  // The open answer's rubric breakdown, once graded (a homework: released at once)
  await student.getByRole("link", { name: LISTA }).click();
  await student.getByRole("link", { name: `Questão ${open}`, exact: true }).click();
  const breakdown = student.getByTestId("rubric-breakdown");
  await expect(breakdown.locator("li").filter({ hasText: "Define o stride" })).toContainText("atendido");
  await expect(breakdown.locator("li").filter({ hasText: "valor padrão é 1" })).toContainText("não atendido");
});
