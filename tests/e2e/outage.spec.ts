import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";
import { referenceFor } from "./reference";

const LISTA = "Lista 1 — Redes convolucionais";

test("a submission stored while its answer is lost in an outage: the form resends it with the same key and shows one result", async ({ page }) => {
  await signIn(page, "aluno1@forja.dev");
  await page.getByRole("link", { name: LISTA }).click();
  await expect(page.getByRole("heading", { level: 1, name: LISTA })).toBeVisible();
  const assessmentUrl = page.url();
  const count = await page.getByRole("link", { name: /^Questão \d+$/ }).count();
  let answer: string | null = null;
  for (let n = 1; n <= count && answer === null; n++) {
    await page.goto(assessmentUrl);
    await page.getByRole("link", { name: `Questão ${n}`, exact: true }).click();
    const reference = await referenceFor(page);
    if (reference.type === "numeric") answer = reference.answer;
  }
  expect(answer).not.toBeNull();
  // other specs answer the demo homework as this student too: count from what is left now
  const attemptsLeft = async () => {
    const text = (await page.getByText(/tentativas? restantes?/).first().textContent()) ?? "";
    return /^Sem /.test(text.trim()) ? 0 : Number(/(\d+) tentativas? restantes?/.exec(text)?.[1]);
  };
  const before = await attemptsLeft();
  expect(before).toBeGreaterThan(0);

  // the first send reaches the server and is stored, but its answer is replaced by the 503 of a database restart
  const keys: string[] = [];
  await page.route("**/api/courses/*/items/*/submissions", async (route) => {
    keys.push((route.request().postDataJSON() as { idempotencyKey: string }).idempotencyKey);
    if (keys.length > 1) return route.continue();
    await route.fetch();
    return route.fulfill({
      status: 503,
      headers: { "content-type": "application/json", "retry-after": "1" },
      body: JSON.stringify({ error: "O banco de dados está reiniciando.", reason: "database-unavailable" }),
    });
  });
  await page.getByLabel("Sua resposta (número)").fill(answer!);
  await page.getByRole("button", { name: "Enviar resposta" }).click();
  await expect(page.getByTestId("submission-retrying")).toContainText("reenviada automaticamente");
  // correct (the attempt may be worth less than 100% when another spec answered first: the penalty schedule)
  await expect(page.getByTestId("grade-result")).toContainText("Correto!");
  expect(keys).toHaveLength(2);
  expect(keys[1]).toBe(keys[0]);
  // one attempt used, not two
  await expect.poll(attemptsLeft).toBe(before - 1);
});
