import { expect, test, type Page } from "@playwright/test";
import { parse as parseYaml } from "yaml";
import { makeVariant, referenceAnswer } from "@/grader/grade";
import type { AnyQuestion } from "@/domain/questions/base";
import { parseQuestionFields } from "@/question-bank/schema";
import { courseIdFrom, signIn } from "./helpers";

const stamp = Date.now().toString(36);
const questionId = `e2e-saida-conv-${stamp}`;
const questionTitle = `Saída de uma convolução (${stamp})`;
const assessmentTitle = `Lista web ${stamp}`;

async function previewParams(page: Page): Promise<string> {
  const params = page.getByTestId("preview-params");
  await expect(params).toBeVisible();
  return (await params.textContent()) ?? "";
}

/** The question as a web version stores it, rebuilt from the export route (a web question is not in the bank files). */
async function exportedQuestion(page: Page, courseId: string, id: string): Promise<AnyQuestion> {
  const response = await page.request.get(`/api/courses/${courseId}/manage/questions/${id}/export`);
  expect(response.ok()).toBe(true);
  const form = (await response.json()) as { files: Record<string, string> };
  const parsed = parseQuestionFields(parseYaml(form.files["question.yaml"]!));
  if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
  return { ...parsed.data, prompt: form.files["prompt.md"]!, solution: form.files["solution.md"]! } as AnyQuestion;
}

test("an instructor authors a numeric question, builds and publishes an assessment; a student answers it", async ({ page, browser }, testInfo) => {
  test.setTimeout(120_000);
  await signIn(page, "instrutora@forja.dev");
  const courseId = courseIdFrom(page.url());
  await expect(page.getByRole("heading", { level: 1, name: "Gerenciar o curso" })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("manage-home.png"), fullPage: true });

  // 1. a numeric question over two parameters, with inline validation and a live preview
  await page.getByRole("link", { name: "Nova questão" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Nova questão" })).toBeVisible();
  await page.getByLabel("Identificador (id)").fill(questionId);
  await page.getByLabel("Título", { exact: true }).fill(questionTitle);
  await page.getByLabel("Tópico").fill("convolucao");
  await page.getByLabel("Enunciado (prompt.md)").fill("Uma imagem {{n}}×{{n}} passa por um filtro {{f}}×{{f}} com stride 1 e sem padding. Qual o lado da saída?");
  await page.getByLabel("Resolução (solution.md)").fill("Sem padding: $n - f + 1 = {{answer}}$.");
  await page.getByLabel("Fórmula da resposta").fill("n - k + 1");
  const answerIssue = page.getByTestId("field-issues").filter({ hasText: "answer" });
  await expect(answerIssue.first()).toContainText("k");
  await page.getByLabel("Fórmula da resposta").fill("n - f + 1");
  await page.getByLabel("f: Opções").fill("3, 5, 7");
  await expect(page.getByText("Sem problemas: variantes sorteadas")).toBeVisible();
  await expect(page.getByTestId("preview-prompt")).toContainText("Uma imagem 32×32");

  await page.getByRole("button", { name: "Outra variante" }).click();
  await expect(page.getByTestId("preview-variant")).toContainText("Variante ");
  const first = await previewParams(page);
  let second = first;
  for (let i = 0; i < 10 && second === first; i++) {
    await page.getByRole("button", { name: "Outra variante" }).click();
    await expect(page.getByTestId("preview-params")).toBeVisible();
    await page.waitForTimeout(600);
    second = await previewParams(page);
  }
  expect(second).not.toBe(first);
  const [, n, f] = /n = (\d+) · f = (\d+)/.exec(second)!.map(Number);
  await expect(page.getByTestId("preview-prompt")).toContainText(`Uma imagem ${n}×${n}`);
  await expect(page.getByTestId("preview-reference")).toHaveText(String(n! - f! + 1));
  await page.getByLabel("Sua resposta (número)").fill(String(n! - f! + 1));
  await expect(page.getByTestId("preview-grade")).toContainText("Nota: 100%");
  await page.screenshot({ path: testInfo.outputPath("question-editor.png"), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: testInfo.outputPath("question-editor-phone.png"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.getByRole("button", { name: "Criar questão" }).click();
  await page.waitForURL(new RegExp(`/manage/questions/${questionId}$`));
  await expect(page.getByText(`${questionId} · v1`)).toBeVisible();
  await expect(page.getByTestId("export-question.yaml")).toContainText(`id: ${questionId}`);
  await page.screenshot({ path: testInfo.outputPath("question-page.png"), fullPage: true });

  // 2. a new assessment with that question, previewed as a student and published
  await page.goto(`/courses/${courseId}/manage/assessments/new`);
  await page.getByLabel("Título", { exact: true }).fill(assessmentTitle);
  await page.getByLabel("Adicionar questão").fill(stamp);
  await page.getByRole("button", { name: `Adicionar ${questionTitle}` }).click();
  await expect(page.getByTestId("item-1")).toContainText(questionTitle);
  await page.getByLabel("Pontos da questão 1").fill("2");
  await page.getByRole("button", { name: "Criar avaliação" }).click();
  await page.waitForURL(/\/manage\/assessments\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("publish-state")).toHaveText("Rascunho");
  await page.screenshot({ path: testInfo.outputPath("assessment-builder.png"), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: testInfo.outputPath("assessment-builder-phone.png"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.getByRole("link", { name: "Ver como estudante" }).click();
  await expect(page.getByTestId("preview-item-1")).toContainText("Uma imagem");
  await page.screenshot({ path: testInfo.outputPath("assessment-preview.png"), fullPage: true });
  await page.getByRole("link", { name: "Voltar à edição" }).click();
  await page.getByRole("button", { name: "Publicar" }).click();
  await expect(page.getByTestId("publish-state")).toHaveText("Publicada");
  const question = await exportedQuestion(page, courseId, questionId);

  // 3. a student sees it and answers it correctly
  const studentContext = await browser.newContext();
  const student = await studentContext.newPage();
  await signIn(student, "aluno3@forja.dev");
  await student.getByRole("link", { name: assessmentTitle }).click();
  await student.getByRole("link", { name: "Questão 1", exact: true }).click();
  const article = student.locator("article[data-question-id]");
  await expect(article).toHaveAttribute("data-question-id", questionId);
  const seed = Number(await article.getAttribute("data-variant-seed"));
  const right = await referenceAnswer(question, makeVariant(question, seed));
  await student.getByLabel("Sua resposta (número)").fill(right);
  await student.getByRole("button", { name: "Enviar resposta" }).click();
  await expect(student.getByTestId("grade-result")).toContainText("Nota desta tentativa: 100%");
  await student.screenshot({ path: testInfo.outputPath("student-answer.png"), fullPage: true });
  await studentContext.close();
});

test("TAs and students are refused the authoring pages by direct URL", async ({ browser }) => {
  for (const email of ["monitor@forja.dev", "aluno3@forja.dev"]) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, email);
    const courseId = courseIdFrom(page.url());
    for (const path of ["manage/questions/new", "manage/questions", "manage/assessments/new", "manage/import", "manage"]) {
      await page.goto(`/courses/${courseId}/${path}`);
      await expect(page.getByRole("heading", { name: "Acesso negado (403)" })).toBeVisible();
    }
    const api = await page.request.post(`/api/courses/${courseId}/manage/questions`, { data: { fields: {}, prompt: "x", solution: "y" } });
    expect(api.status()).toBe(403);
    await context.close();
  }
});

test("the import page reports each question of a GIFT file", async ({ page }, testInfo) => {
  await signIn(page, "instrutora@forja.dev");
  const courseId = courseIdFrom(page.url());
  await page.goto(`/courses/${courseId}/manage/import`);
  await page.getByLabel("Formato", { exact: true }).selectOption("gift");
  await page.getByLabel("Conteúdo do arquivo").fill(`::Pooling ${stamp}:: Qual a função do max pooling? {~Aumentar canais =Reduzir a resolução ~Normalizar}\n\n::C1 ${stamp}:: Parâmetros da camada C1? {#156}\n\n::Associação:: Ligue. {=a -> 1 =b -> 2}`);
  await page.getByRole("button", { name: "Só verificar" }).click();
  await expect(page.getByTestId("import-report")).toContainText("Verificação: 2 questões válidas, 1 recusada");
  await page.getByRole("button", { name: "Importar", exact: true }).click();
  await expect(page.getByTestId("import-report")).toContainText("2 questões importadas, 1 recusada");
  await expect(page.getByTestId("import-report")).toContainText("resposta constante (156)");
  await page.screenshot({ path: testInfo.outputPath("import-report.png"), fullPage: true });
});

test("an instructor authors a code question: the reference runs in the sandbox, the preview grades a test answer", async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  await signIn(page, "instrutora@forja.dev");
  const courseId = courseIdFrom(page.url());
  await page.goto(`/courses/${courseId}/manage/questions/new`);
  await page.getByLabel("Tipo", { exact: true }).selectOption("code");
  await page.getByLabel("Identificador (id)").fill(`e2e-maxpool-${stamp}`);
  await page.getByLabel("Título", { exact: true }).fill(`Max pooling (${stamp})`);
  await page.getByLabel("Tópico").fill("pooling");
  await page.getByLabel("Enunciado (prompt.md)").fill("Implemente `max_pool_forward(x, f, s)`.");
  await page.getByLabel("Resolução (solution.md)").fill("Veja a resolução de referência.");
  await expect(page.getByTestId("checker-calls")).toContainText("max_pool_forward(x, f, s) → out");
  await expect(page.getByText("Sem problemas: variantes sorteadas")).toBeVisible({ timeout: 20_000 });

  // the starter code as test answer scores 0 with a message; the reference scores 100%
  await page.getByRole("button", { name: "Testar com a referência" }).click();
  await expect(page.getByTestId("preview-grade")).toContainText("Nota: 100%", { timeout: 20_000 });
  await page.getByLabel("Peso", { exact: true }).fill("0.5");
  await expect(page.getByText("Os pesos das partes precisam somar 1.")).toBeVisible();
  await expect(page.getByTestId("field-issues").filter({ hasText: "parts" }).first()).toBeVisible();
  await page.getByLabel("Peso", { exact: true }).fill("1");
  await expect(page.getByText("Sem problemas: variantes sorteadas")).toBeVisible({ timeout: 20_000 });
  await page.screenshot({ path: testInfo.outputPath("code-question-editor.png"), fullPage: true });

  await page.getByRole("button", { name: "Criar questão" }).click();
  await page.waitForURL(new RegExp(`/manage/questions/e2e-maxpool-${stamp}$`));
  await expect(page.getByText(`e2e-maxpool-${stamp} · v1`)).toBeVisible();
  await expect(page.getByTestId("export-question.yaml")).toContainText("checker: maxpool");
});
