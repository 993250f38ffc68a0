import { expect, test } from "@playwright/test";
import { courseIdFrom, demo, signIn } from "./helpers";

test.describe("sign-in lands each role on its home page", () => {
  const cases = [
    { role: "student", email: demo.student, url: /\/courses\/[0-9a-f-]{36}$/, heading: "Minhas avaliações" },
    { role: "ta", email: demo.ta, url: /\/courses\/[0-9a-f-]{36}\/review$/, heading: "Revisão e análises" },
    { role: "instructor", email: demo.instructor, url: /\/courses\/[0-9a-f-]{36}\/manage$/, heading: "Gerenciar o curso" },
  ] as const;

  for (const c of cases) {
    test(`${c.role} signs in`, async ({ page }, testInfo) => {
      await signIn(page, c.email);
      await expect(page).toHaveURL(c.url);
      await expect(page.getByRole("heading", { level: 1, name: c.heading })).toBeVisible();
      await expect(page.getByRole("combobox", { name: "Trocar de curso" })).toHaveValue(courseIdFrom(page.url()));
      await page.screenshot({ path: testInfo.outputPath(`home-${c.role}.png`), fullPage: true });
    });
  }
});

test("a student opening an instructor URL gets a 403 page", async ({ page }) => {
  await signIn(page, demo.student);
  const courseId = courseIdFrom(page.url());
  const response = await page.goto(`/courses/${courseId}/manage`);
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Acesso negado (403)" })).toBeVisible();
});

test("a TA cannot open the instructor page either", async ({ page }) => {
  await signIn(page, demo.ta);
  const response = await page.goto(`/courses/${courseIdFrom(page.url())}/manage`);
  expect(response?.status()).toBe(403);
});

test("a wrong password shows a clear message and no session", async ({ page }) => {
  await page.goto("/signin");
  await page.getByLabel("E-mail").fill(demo.student);
  await page.getByLabel("Senha").fill("not-the-password");
  await page.getByRole("button", { name: "Entrar", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "incorretos" })).toHaveText("E-mail ou senha incorretos.");
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin$/);
});

test("signed-out visitors are sent to the sign-in page, which will bring them back", async ({ page }) => {
  await page.goto("/courses/00000000-0000-0000-0000-000000000000/manage");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fcourses%2F00000000-0000-0000-0000-000000000000%2Fmanage$/);
});

test("the interface switches to English and back, and sign-out ends the session", async ({ page }) => {
  await signIn(page, demo.instructor);
  await page.getByLabel("Menu do usuário").click();
  await page.getByLabel("Idioma").selectOption("en");
  await page.getByRole("button", { name: "OK" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Manage the course" })).toBeVisible();
  await page.getByLabel("Language").selectOption("pt-BR");
  await page.getByRole("button", { name: "OK" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Gerenciar o curso" })).toBeVisible();
  await page.getByRole("button", { name: "Sair" }).click();
  await expect(page).toHaveURL(/\/signin$/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin$/);
});
