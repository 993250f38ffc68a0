import fs from "node:fs";
import path from "node:path";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { courseIdFrom, signIn } from "./helpers";

const stamp = Date.now().toString(36);
const questionId = `e2e-conv-python-${stamp}`;
const questionTitle = `Convolução em Python (${stamp})`;
const assessmentTitle = `Convolução web ${stamp}`;

/** What the instructor types: the bank's convolution question (its declaration, reference and three wrong implementations). */
const bank = parseYaml(fs.readFileSync(path.resolve(import.meta.dirname, "../../question-bank/001-slides-inf721/inf721-convolucao-codigo/question.yaml"), "utf8"));
const { misconceptions, ...declaration } = bank.python as { misconceptions: { id: string; label: string; message: string; credit: number; code: string }[] };
const wrong = (id: string) => misconceptions.find((m) => m.id === id)!;
const reference: string = bank.reference_solution;

/** Replaces the text of a CodeMirror editor (typed as one input, as a paste would). */
async function fillCode(page: Page, editor: Locator, text: string) {
  await editor.locator(".cm-content").click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(text);
}

async function fillMisconception(page: Page, index: number, m: (typeof misconceptions)[number]) {
  const row = page.getByTestId(`misconception-${index}`);
  await row.getByLabel("Identificador").fill(m.id);
  await row.getByLabel("Nome do erro").fill(m.label);
  await row.getByLabel("Crédito parcial").fill(String(m.credit));
  await row.getByLabel("Mensagem ao aluno").fill(m.message);
  await fillCode(page, page.getByTestId(`misconception-code-${index}-editor`), m.code);
}

test("an instructor declares a convolution forward/backward checker in Python in the browser; a student's answers get 1, a named mistake with partial credit, and 0", async ({ page, browser }, testInfo) => {
  test.setTimeout(240_000);
  await signIn(page, "instrutora@forja.dev");
  const courseId = courseIdFrom(page.url());
  await page.goto(`/courses/${courseId}/manage/questions/new`);
  await page.getByLabel("Tipo", { exact: true }).selectOption("code");
  await page.getByLabel("Identificador (id)").fill(questionId);
  await page.getByLabel("Título", { exact: true }).fill(questionTitle);
  await page.getByLabel("Tópico").fill("convolucao");
  await page.getByLabel("Enunciado (prompt.md)").fill("Implemente `conv_forward(x, w, b, pad, stride)` e `conv_backward(dout, cache)`.");
  await page.getByLabel("Resolução (solution.md)").fill("Solução de referência:\n\n```python\n{{answer}}\n```");

  // the Python checker starts from a ReLU example, which already validates
  await page.getByLabel("Verificador (casos de teste, referência e erros conhecidos)").selectOption("python");
  await expect(page.getByTestId("checker-calls")).toContainText("relu_forward(x) → out, cache");
  await expect(page.getByText("Sem problemas: variantes sorteadas")).toBeVisible({ timeout: 60_000 });

  // the convolution: declaration, functions, contract, starter, reference, graded parts and known mistakes
  await page.getByLabel("Declaração do verificador (python:, em YAML)").fill(stringifyYaml(declaration));
  await expect(page.getByTestId("checker-calls")).toContainText("conv_forward(x, w, b, pad, stride) → out, cache · conv_backward(dout, cache) → dx, dw, db");
  await page.getByLabel("Funções que a resposta deve definir").fill("conv_forward, conv_backward");
  await page.getByLabel("Contrato (Markdown, mostrado ao aluno)").fill(bank.contract);
  await fillCode(page, page.getByTestId("code-starter-editor"), bank.starter);
  await fillCode(page, page.getByTestId("code-reference-editor"), reference);
  await page.getByTestId("part-0").getByLabel("Peso").fill("0.4");
  await page.getByTestId("part-1").getByLabel("Peso").fill("0.2");
  for (const [index, name, weight] of [[2, "dw", "0.25"], [3, "db", "0.15"]] as const) {
    await page.getByRole("button", { name: "Adicionar parte" }).click();
    const part = page.getByTestId(`part-${index}`);
    await part.getByLabel("Nome da parte").fill(name);
    await part.getByLabel("Saída comparada").selectOption(name);
    await part.getByLabel("Peso").fill(weight);
  }
  await fillMisconception(page, 0, wrong("missing-padding"));
  for (const [index, id] of [[1, "db-wrong-axis"], [2, "dw-transposed"]] as const) {
    await page.getByRole("button", { name: "Adicionar implementação errada" }).click();
    await fillMisconception(page, index, wrong(id));
  }

  // the live preview proves the checker: reference 1, each wrong implementation its own misconception, non-answers 0
  await expect(page.getByText("Sem problemas: variantes sorteadas")).toBeVisible({ timeout: 120_000 });
  const proof = page.getByTestId("preview-self-check");
  await expect(proof).toContainText("solução de referência");
  for (const id of ["missing-padding", "db-wrong-axis", "dw-transposed"]) await expect(proof).toContainText(`reconhecida como ${id}`);
  await expect(proof.locator("tr", { hasText: "zeros" })).toContainText("nota 0");
  await expect(proof.locator("tr", { hasText: "a própria entrada" })).toContainText("nota 0");
  await expect(proof.locator("tr", { hasText: "uma constante" })).toContainText("nota 0");
  await expect(proof.locator("tr", { hasText: "✗" })).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath("python-checker-editor.png"), fullPage: true });
  await page.getByRole("button", { name: "Criar questão" }).click();
  await page.waitForURL(new RegExp(`/manage/questions/${questionId}$`));
  await expect(page.getByTestId("export-question.yaml")).toContainText("checker: python");

  // an assessment with three attempts at full value, published
  await page.goto(`/courses/${courseId}/manage/assessments/new`);
  await page.getByLabel("Título", { exact: true }).fill(assessmentTitle);
  await page.getByLabel("Tentativas por questão").fill("3");
  await page.getByLabel("Valor de cada tentativa").fill("1, 1, 1");
  await page.getByLabel("Adicionar questão").fill(stamp);
  await page.getByRole("button", { name: `Adicionar ${questionTitle}` }).click();
  await page.getByRole("button", { name: "Criar avaliação" }).click();
  await page.waitForURL(/\/manage\/assessments\/[0-9a-f-]{36}$/);
  await page.getByRole("button", { name: "Publicar" }).click();
  await expect(page.getByTestId("publish-state")).toHaveText("Publicada");

  // the student: a non-answer (0), the wrong axis in db (named, partial credit), then correct code (1)
  const context = await browser.newContext();
  const student = await context.newPage();
  await signIn(student, "aluno1@forja.dev");
  await student.getByRole("link", { name: assessmentTitle }).click();
  await student.getByRole("link", { name: "Questão 1", exact: true }).click();
  const editor = student.locator("article[data-question-id]").locator(".cm-editor").first();
  const submit = async (source: string, expected: RegExp) => {
    await fillCode(student, editor.locator(".."), source);
    await student.getByRole("button", { name: "Enviar resposta" }).click();
    await expect(student.getByTestId("grade-result")).toContainText(expected, { timeout: 60_000 });
    return (await student.getByTestId("grade-result").textContent()) ?? "";
  };
  const zeros = "import numpy as np\n\ndef conv_forward(x, w, b, pad, stride):\n    return np.zeros_like(x), None\n\ndef conv_backward(dout, cache):\n    return np.zeros_like(dout), np.zeros_like(dout), np.zeros_like(dout)\n";
  await submit(zeros, /Nota desta tentativa: 0%/);
  const axis = await submit(reference.replace("dout.sum(axis=(0, 2, 3))", "dout.sum(axis=(1, 2, 3))"), /somou db no eixo errado/);
  const percent = Number(/Nota desta tentativa: ([\d,.]+)%/.exec(axis)![1]!.replace(",", "."));
  expect(percent).toBeGreaterThan(85);
  expect(percent).toBeLessThan(100);
  expect(axis).toMatch(/crédito parcial de 25%/);
  await student.screenshot({ path: testInfo.outputPath("python-checker-student.png"), fullPage: true });
  await submit(reference, /Nota desta tentativa: 100%/);
  await context.close();
});
