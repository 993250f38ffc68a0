import { readFile } from "node:fs/promises";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { formatNumber } from "@/domain/questions/numbers";
import { courseIdFrom, demo, signIn } from "./helpers";
import { referenceFor } from "./reference";

const LISTA = "Lista 1 — Redes convolucionais";
const STUDENT = { email: "aluno3@forja.dev", name: "Carla Dias" };
const OPEN_ANSWER = "O stride é o passo com que o filtro anda sobre a entrada; o padrão é 1.";

async function newPage(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email);
  return page;
}

async function submitAnswer(page: Page, type: "numeric" | "open", text: string) {
  if (type === "numeric") await page.getByLabel("Sua resposta (número)").fill(text);
  else await page.getByLabel("Sua resposta", { exact: true }).fill(text);
  await page.getByRole("button", { name: "Enviar resposta" }).click();
}

/** aluno3 answers the numeric question (wrong, then right) and the open question of the demo homework. */
async function studentAnswers(page: Page): Promise<{ numeric: number; open: number; wrongValue: number }> {
  await page.getByRole("link", { name: LISTA }).click();
  await expect(page.getByRole("heading", { level: 1, name: LISTA })).toBeVisible();
  const assessmentUrl = page.url();
  const count = await page.getByRole("link", { name: /^Questão \d+$/ }).count();
  const found: { numeric?: number; open?: number; wrongValue?: number } = {};
  for (let n = 1; n <= count && (found.numeric === undefined || found.open === undefined); n++) {
    await page.goto(assessmentUrl);
    await page.getByRole("link", { name: `Questão ${n}`, exact: true }).click();
    const { type, answer } = await referenceFor(page);
    if (type === "numeric" && found.numeric === undefined) {
      found.numeric = n;
      found.wrongValue = Number(answer.replace(/\s/g, "")) + 7;
      await submitAnswer(page, "numeric", String(found.wrongValue));
      await expect(page.getByTestId("grade-result")).toContainText("Nota desta tentativa: 0%");
      await submitAnswer(page, "numeric", answer);
      await expect(page.getByTestId("grade-result")).toContainText("Nota desta tentativa: 80%");
    } else if (type === "open" && found.open === undefined) {
      found.open = n;
      await submitAnswer(page, "open", OPEN_ANSWER);
      await expect(page.getByText("Resposta recebida: será corrigida pela monitoria.")).toBeVisible();
    }
  }
  expect(found.numeric, "the demo homework has a numeric question").toBeDefined();
  expect(found.open, "the demo homework has an open question").toBeDefined();
  return found as { numeric: number; open: number; wrongValue: number };
}

test("a TA sees the analytics, grades an open answer with the rubric and exports the gradebook", async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  const student = await newPage(browser, STUDENT.email);
  const courseId = courseIdFrom(student.url());
  const { numeric, open, wrongValue } = await studentAnswers(student);

  const ta = await newPage(browser, demo.ta);
  await expect(ta).toHaveURL(new RegExp(`/courses/${courseId}/review$`));
  await expect(ta.getByRole("heading", { level: 1, name: "Revisão e análises" })).toBeVisible();
  await expect(ta.getByTestId("pending-queue")).toContainText(LISTA);
  await ta.screenshot({ path: testInfo.outputPath("review-home.png"), fullPage: true });

  // Analytics of the homework
  await ta.getByRole("link", { name: LISTA }).click();
  await expect(ta.getByRole("heading", { level: 1, name: LISTA })).toBeVisible();
  expect(Number(await ta.getByTestId("stat-submissions").locator("p").nth(1).textContent())).toBeGreaterThanOrEqual(3);
  expect(Number(await ta.getByTestId("stat-participants").locator("p").nth(1).textContent())).toBeGreaterThanOrEqual(1);
  await expect(ta.getByTestId("score-histogram").locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(ta.getByTestId("students-table")).toContainText(STUDENT.name);
  await ta.mouse.move(0, 0);
  await ta.screenshot({ path: testInfo.outputPath("analytics.png"), fullPage: true });
  // Sorting the per-student table by name, descending, puts the names in reverse order
  const studentsTable = ta.getByTestId("students-table");
  await studentsTable.getByRole("button", { name: /Aluno\(a\)/ }).click();
  await studentsTable.getByRole("button", { name: /Aluno\(a\)/ }).click();
  const names = await studentsTable.locator("tbody tr td:first-child").allTextContents();
  expect(names).toEqual([...names].sort((a, b) => b.localeCompare(a)));

  // The numeric question: aluno3's wrong value appears in a wrong-answer group
  const analyticsUrl = ta.url();
  await ta.getByTestId("questions-table").getByRole("link", { name: `Questão ${numeric}`, exact: true }).click();
  await expect(ta.getByRole("heading", { level: 1 })).toBeVisible();
  // grouped by value, or (when other students answered other variants) by ratio with the answer among the examples
  await expect(ta.getByTestId("wrong-answer-group").filter({ hasText: new RegExp(`${formatNumber(wrongValue)}|${wrongValue}`) })).toBeVisible();
  await ta.screenshot({ path: testInfo.outputPath("question-analytics.png"), fullPage: true });

  // Grading the open answer: anonymous by default, aluno3's answer found with the name revealed
  await ta.goto(analyticsUrl);
  await ta.getByTestId("questions-table").getByRole("link", { name: `Questão ${open}`, exact: true }).click();
  await ta.getByRole("link", { name: /^Corrigir respostas/ }).click();
  await expect(ta.getByRole("heading", { level: 1, name: /^Correção manual/ })).toBeVisible();
  await expect(ta.getByTestId("shortcut-hint")).toContainText("próxima");
  await expect(ta.getByTestId("student-identity")).toHaveText(/^Estudante #\d+$/);
  await ta.getByRole("link", { name: "Mostrar nome" }).click();
  await expect(ta.getByRole("link", { name: "Ocultar nome" })).toBeVisible();
  for (let i = 0; i < 10 && !((await ta.getByTestId("student-identity").textContent()) ?? "").includes(STUDENT.name); i++) {
    const before = ta.url();
    await ta.keyboard.press("j");
    await ta.waitForURL((url) => url.toString() !== before);
  }
  await expect(ta.getByTestId("student-identity")).toContainText(STUDENT.name);
  await expect(ta.getByTestId("student-answer")).toHaveText(OPEN_ANSWER);
  await expect(ta.getByRole("heading", { name: "Gabarito (referência para a correção)" })).toBeVisible();
  await ta.getByRole("checkbox", { name: /Define o stride como o passo/ }).check();
  await ta.keyboard.press("2"); // shortcut: second rubric item ("valor padrão é 1")
  await expect(ta.getByRole("checkbox", { name: /Cita que o valor padrão é 1/ })).toBeChecked();
  await expect(ta.getByTestId("rubric-total")).toHaveText("Total: 3 de 4 pontos (75%)");
  await ta.getByLabel("Comentário para o(a) aluno(a)").fill("Boa definição; faltou relacionar o stride com o tamanho da saída.");
  await ta.getByRole("button", { name: "Salvar nota" }).click();
  await expect(ta.getByRole("status").filter({ hasText: "Nota salva: 75%." })).toBeVisible();
  await expect(ta.getByTestId("current-grade")).toContainText("Nota atual: 75%");
  await expect(ta.getByTestId("audit-trail")).toContainText("— → 75% · Correção manual (rubrica)");
  await ta.screenshot({ path: testInfo.outputPath("grading.png"), fullPage: true });

  // Phone width
  await ta.setViewportSize({ width: 390, height: 844 });
  await ta.screenshot({ path: testInfo.outputPath("grading-phone.png"), fullPage: true });
  await ta.goto(analyticsUrl);
  await ta.screenshot({ path: testInfo.outputPath("analytics-phone.png"), fullPage: true });
  await ta.setViewportSize({ width: 1280, height: 800 });

  // Gradebook CSV
  await ta.goto(`/courses/${courseId}/review`);
  const [download] = await Promise.all([ta.waitForEvent("download"), ta.getByTestId("download-gradebook").click()]);
  expect(download.suggestedFilename()).toBe("notas-redes-convolucionais.csv");
  const bytes = await readFile(await download.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes.subarray(3).toString("utf8").trim().split("\r\n");
  const header = lines[0]!.split(",");
  expect(header.slice(0, 2)).toEqual(["Aluno(a)", "E-mail"]);
  const column = (n: number) => header.findIndex((h) => h.startsWith(`${LISTA} — Q${n} (`));
  expect(column(numeric)).toBeGreaterThan(1);
  expect(column(open)).toBeGreaterThan(1);
  const row = lines.find((l) => l.startsWith(`${STUDENT.name},${STUDENT.email},`))!.split(",");
  // numeric: 2 points, right on the 2nd attempt (80 %) → 1.6; open: 1 point, manual 75 % → 0.75
  expect(row[column(numeric)]).toBe("1.6");
  expect(row[column(open)]).toBe("0.75");

  await ta.getByRole("link", { name: "Notas da turma" }).click();
  await expect(ta.getByTestId("gradebook-table")).toContainText(STUDENT.name);
  await ta.screenshot({ path: testInfo.outputPath("gradebook.png"), fullPage: true });
  await ta.setViewportSize({ width: 390, height: 844 });
  await ta.screenshot({ path: testInfo.outputPath("gradebook-phone.png"), fullPage: true });

  // The student sees the manual grade on their grades page
  await student.goto(`/courses/${courseId}/grades`);
  const lista = student.locator("table", { hasText: LISTA });
  await expect(lista.getByRole("link", { name: "75%" })).toBeVisible();
  // ... and on the question itself, with the TA's comment
  await lista.getByRole("link", { name: "75%" }).click();
  await expect(student.getByText("Comentário da monitoria: Boa definição; faltou relacionar o stride com o tamanho da saída.")).toBeVisible();
  await expect(student.getByRole("listitem").filter({ hasText: "Tentativa 1" })).toContainText("75%");
});

test("students cannot open the TA pages or downloads; a TA cannot open the instructor's pages", async ({ browser }) => {
  const student = await newPage(browser, STUDENT.email);
  const courseId = courseIdFrom(student.url());
  for (const path of [`/courses/${courseId}/review`, `/courses/${courseId}/review/gradebook`]) {
    await student.goto(path);
    await expect(student.getByRole("heading", { name: "Acesso negado (403)" })).toBeVisible();
  }
  await expect(student.getByRole("link", { name: "Notas da turma" })).toHaveCount(0);
  const csv = await student.request.get(`/api/courses/${courseId}/review/gradebook`);
  expect(csv.status()).toBe(403);
  expect(((await csv.json()) as { error: string }).error).toBe("Sua conta não tem permissão para esta ação.");

  const ta = await newPage(browser, demo.ta);
  await ta.goto(`/courses/${courseId}/manage`);
  await expect(ta.getByRole("heading", { name: "Acesso negado (403)" })).toBeVisible();
});
