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

/** Collects the page's Content-Security-Policy violations (Chromium reports each on the console). */
export function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply|connect)/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

/** Clicks an assessment's link on the course page and waits for its page. */
export async function openAssessment(page: Page, title: string): Promise<string> {
  await page.getByRole("link", { name: title }).click();
  await page.waitForURL(/\/assessments\/[0-9a-f-]{36}$/);
  return page.url();
}
