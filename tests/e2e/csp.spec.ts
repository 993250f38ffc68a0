import { expect, test } from "@playwright/test";
import { openAssessment, signIn, watchCsp } from "./helpers";

test("under the strict Content-Security-Policy the app, KaTeX, CodeMirror and recharts still work", async ({ page, browser }) => {
  const csp = watchCsp(page);
  await signIn(page, "aluno1@forja.dev");
  const response = await page.request.get(page.url());
  expect(response.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  const assessmentUrl = await openAssessment(page, "Lista 1 — Redes convolucionais");
  let sawKatex = false;
  for (const n of [1, 2, 3, 4, 5, 6, 7]) {
    await page.goto(assessmentUrl);
    await page.getByRole("link", { name: `Questão ${n}`, exact: true }).click();
    await expect(page.getByRole("button", { name: "Enviar resposta" })).toBeVisible();
    if ((await page.locator(".katex").count()) > 0) sawKatex = true;
    if (n === 2) {
      // one answer, so that the TA's analytics below has a histogram to draw
      await page.getByLabel("Sua resposta (número)").fill("1");
      await page.getByRole("button", { name: "Enviar resposta" }).click();
      await expect(page.getByTestId("grade-result")).toBeVisible();
    }
  }
  expect(sawKatex).toBe(true);
  // the last one is the code question: CodeMirror's editor took over and accepts typing
  await expect(page.locator(".cm-editor")).toBeVisible();
  await page.locator(".cm-content").click();
  await page.keyboard.type("# ok");
  await expect(page.locator(".cm-content")).toContainText("# ok");
  expect(csp).toEqual([]);

  const ta = await (await browser.newContext()).newPage();
  const taCsp = watchCsp(ta);
  await signIn(ta, "monitor@forja.dev");
  await ta.getByRole("link", { name: "Lista 1 — Redes convolucionais" }).click();
  await expect(ta.getByTestId("score-histogram").locator(".recharts-surface")).toBeVisible();
  expect(taCsp).toEqual([]);
});
