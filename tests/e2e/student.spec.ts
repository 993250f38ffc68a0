import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./helpers";
import { referenceFor } from "./reference";

async function answer(page: Page, type: string, text: string) {
  if (type === "numeric") await page.getByLabel("Sua resposta (número)").fill(text);
  else if (type === "symbolic") await page.getByLabel("Sua expressão").fill(text);
  else if (type === "open") await page.getByLabel("Sua resposta", { exact: true }).fill(text);
  else if (type === "mcq") {
    const ids = text.split(",");
    for (const box of await page.locator("input[name=mcq]").all()) {
      const want = ids.includes((await box.getAttribute("value")) ?? "");
      if (want !== (await box.isChecked())) await box.click();
    }
  } else if (type === "matrix") {
    const cells = JSON.parse(text) as unknown[][];
    for (const [r, row] of cells.entries()) {
      for (const [c, cell] of row.entries()) await page.getByLabel(`Linha ${r + 1}, coluna ${c + 1}`).fill(String(cell));
    }
  } else if (type === "architecture") {
    const layers = JSON.parse(text) as Record<string, Record<string, unknown>>;
    for (const [key, fields] of Object.entries(layers)) {
      for (const [field, value] of Object.entries(fields)) {
        await page.locator(`input[name="${key}.${field}"]`).fill(Array.isArray(value) ? value.join("x") : String(value));
      }
    }
  } else if (type === "code") {
    const editor = page.locator(".cm-content");
    await editor.click();
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.press("Delete");
    // insertText types the whole source at once, so the editor's auto-indent does not re-indent the Python.
    await page.keyboard.insertText(text);
  } else throw new Error(`no input helper for ${type}`);
  await page.getByRole("button", { name: "Enviar resposta" }).click();
}

function wrongAnswer(type: string, right: string): string {
  if (type === "numeric") return String(Number(right) + 7);
  if (type === "symbolic") return `(${right}) + 1`;
  if (type === "code") return "import numpy as np\n\ndef batchnorm_forward(x, gamma, beta, eps=1e-5):\n    return x, None\n\ndef batchnorm_backward(dout, cache):\n    return dout, None, None\n";
  if (type === "mcq") return ["a", "b", "c", "d", "e"].find((l) => !right.split(",").includes(l))!;
  if (type === "matrix") return JSON.stringify((JSON.parse(right) as number[][]).map((row) => row.map((cell) => cell + 100)));
  if (type === "architecture") {
    const layers = JSON.parse(right) as Record<string, Record<string, unknown>>;
    return JSON.stringify(Object.fromEntries(Object.entries(layers).map(([k, fields]) => [k, Object.fromEntries(Object.entries(fields).map(([f, v]) => [f, Array.isArray(v) ? v.map((x) => Number(x) + 1) : Number(v) + 1]))])));
  }
  throw new Error(`no wrong answer for ${type}`);
}

test("a student answers the demo homework: wrong, then right, and sees the grade", async ({ page }, testInfo) => {
  // 8 questions, 17 submissions and a public-test run: over a minute on 2 loaded cores next to the other specs
  test.setTimeout(120_000);
  await signIn(page, "aluno2@forja.dev");
  await page.getByRole("link", { name: "Lista 1 — Redes convolucionais" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Lista 1 — Redes convolucionais" })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("assessment.png"), fullPage: true });
  const questionLinks = await page.getByRole("link", { name: /^Questão \d+$/ }).all();
  expect(questionLinks.length).toBeGreaterThanOrEqual(7);
  const assessmentUrl = page.url();

  for (let n = 1; n <= questionLinks.length; n++) {
    await page.goto(assessmentUrl);
    await page.getByRole("link", { name: `Questão ${n}`, exact: true }).click();
    const { type, answer: right } = await referenceFor(page);
    if (type === "open") {
      await answer(page, type, "O stride é o passo com que o filtro é transladado entre aplicações.");
      await expect(page.getByText("Resposta recebida: será corrigida pela monitoria.")).toBeVisible();
      continue;
    }
    if (type === "code") {
      // a syntax error is stored at once and found by its grading: said with its line, and no attempt used
      await answer(page, type, "import numpy as np\n\ndef batchnorm_forward(x, gamma, beta, eps=1e-5:\n    return x\n");
      const unreadable = page.getByTestId("unreadable-answer");
      await expect(unreadable).toContainText("Erro de sintaxe (linha 3 do seu código)", { timeout: 30_000 });
      await expect(unreadable).toContainText("Esta resposta não contou como tentativa");
      await expect(page.getByText("3 tentativas restantes")).toBeVisible();
      await expect(page.getByTestId("history-unreadable")).toContainText("Não contou como tentativa.");
    }
    await answer(page, type, wrongAnswer(type, right));
    if (type === "code") await expect(page.getByTestId("grading-status")).toBeVisible();
    await expect(page.getByTestId("grade-result")).toContainText("Nota desta tentativa: 0%", { timeout: 30_000 });
    if (type === "code") {
      await page.getByRole("button", { name: "Rodar testes públicos" }).click();
      await expect(page.getByTestId("public-tests-result")).toContainText("Resultado nos testes públicos: 0%", { timeout: 30_000 });
      await expect(page.getByText("2 tentativas restantes")).toBeVisible();
    }
    await answer(page, type, right);
    await expect(page.getByTestId("grade-result")).toContainText("Nota desta tentativa: 80%", { timeout: 30_000 });
    await expect(page.getByRole("heading", { name: "Resolução" })).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath(`question-${n}-${type}.png`), fullPage: true });
  }

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(assessmentUrl);
  await page.getByRole("link", { name: "Questão 5", exact: true }).click();
  await page.screenshot({ path: testInfo.outputPath("phone-question.png"), fullPage: true });
  await page.getByRole("link", { name: "Notas" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Minhas notas" })).toBeVisible();
  const lista = page.locator("table", { hasText: "Lista 1 — Redes convolucionais" });
  await expect(lista.getByText("80%").first()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("grades.png"), fullPage: true });
});

test("a closed assessment refuses submissions with a clear message", async ({ page }) => {
  await signIn(page, "aluno4@forja.dev");
  await page.getByRole("link", { name: "Lista 0 — Revisão (encerrada)" }).click();
  await expect(page.getByText("Esta avaliação está encerrada")).toBeVisible();
  await page.getByRole("link", { name: "Questão 1", exact: true }).click();
  const { type, answer: right } = await referenceFor(page);
  await answer(page, type, right);
  await expect(page.getByRole("alert").filter({ hasText: "prazo" })).toHaveText("O prazo desta avaliação terminou: novas respostas não são aceitas.");
});
