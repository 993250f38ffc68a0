import type { Page } from "@playwright/test";

export const demoPassword = "forja-demo";

export const demo = {
  instructor: "instrutora@forja.dev",
  ta: "monitor@forja.dev",
  student: "aluno1@forja.dev",
} as const;

export async function signIn(page: Page, email: string, password = demoPassword): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Senha").fill(password);
  await page.getByRole("button", { name: "Entrar", exact: true }).click();
  await page.waitForURL(/\/courses\/[0-9a-f-]{36}/);
}

/** The course id from a course URL like /courses/<uuid>/... */
export function courseIdFrom(url: string): string {
  const match = /\/courses\/([0-9a-f-]{36})/.exec(url);
  if (!match) throw new Error(`not a course URL: ${url}`);
  return match[1];
}
