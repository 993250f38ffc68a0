import type { Browser, Page } from "@playwright/test";

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

/** The platform administrator scripts/e2e-server.sh creates with the admin command. */
export const e2eAdmin = { email: "admin.e2e@forja.dev", password: "admin e2e senha 2027" } as const;

/** Signs in and waits to leave the sign-in page (wherever the person lands: a course, the course list, a callback). */
export async function signInAnywhere(page: Page, email: string, password = demoPassword): Promise<void> {
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Senha").fill(password);
  await page.getByRole("button", { name: "Entrar", exact: true }).click();
  await page.waitForURL((url) => url.pathname !== "/signin");
}

/** Adds a student of the spec's own to the course through the roster API of a signed-in instructor's page; returns the invitation's path. */
export async function inviteStudent(instructor: Page, courseId: string, person: { name: string; email: string }): Promise<string> {
  const response = await instructor.request.post(`/api/courses/${courseId}/roster`, { data: { name: person.name, email: person.email, role: "student", studentId: null } });
  if (!response.ok()) throw new Error(`roster add: ${response.status()} ${await response.text()}`);
  const { invitations } = (await response.json()) as { invitations: { email: string; link: string }[] };
  const link = new URL(invitations.find((i) => i.email === person.email)!.link);
  return link.pathname + link.search;
}

/** Sets a password through an invitation's path (signed in at once, on the course page). */
export async function acceptInvitation(student: Page, invitationPath: string, password: string): Promise<void> {
  await student.goto(invitationPath);
  await student.getByLabel("Nova senha").fill(password);
  await student.getByLabel("Repita a senha").fill(password);
  await student.getByRole("button", { name: "Salvar senha e entrar" }).click();
  await student.waitForURL(/\/courses\/[0-9a-f-]{36}$/);
}

/**
 * A student of this spec only (so a spec that changes grades never touches the shared demo students): the
 * instructor adds them on Pessoas, and they set their password through the invitation link. Returns their page,
 * signed in on the course page.
 */
export async function newStudent(browser: Browser, instructor: Page, courseId: string, person: { name: string; email: string; password?: string }): Promise<Page> {
  const password = person.password ?? "senha de teste e2e 2027";
  await instructor.goto(`/courses/${courseId}/people`);
  await instructor.getByLabel("Nome", { exact: true }).fill(person.name);
  await instructor.getByLabel("E-mail", { exact: true }).fill(person.email);
  await instructor.getByRole("button", { name: "Adicionar", exact: true }).click();
  const link = await instructor.getByLabel(`Link de convite de ${person.email}`).inputValue();
  const page = await (await browser.newContext()).newPage();
  await page.goto(new URL(link).pathname + new URL(link).search);
  await page.getByLabel("Nova senha").fill(password);
  await page.getByLabel("Repita a senha").fill(password);
  await page.getByRole("button", { name: "Salvar senha e entrar" }).click();
  await page.waitForURL(new RegExp(`/courses/${courseId}$`));
  return page;
}

/**
 * Opens each question of an assessment in turn (from the course page) and calls `visit` on its page with the
 * question's type and its variant's reference answer, until `visit` returns true for "done".
 */
export async function visitQuestions(page: Page, title: string, visit: (question: { n: number; type: string; answer: string }) => Promise<boolean>): Promise<void> {
  const { referenceFor } = await import("./reference"); // loads the bank: only the specs that need it
  const assessmentUrl = await openAssessment(page, title);
  const count = await page.getByRole("link", { name: /^Questão \d+$/ }).count();
  for (let n = 1; n <= count; n++) {
    await page.goto(assessmentUrl);
    await page.getByRole("link", { name: `Questão ${n}`, exact: true }).click();
    await page.waitForURL(/\/questions\/[0-9a-f-]{36}$/);
    if (await visit({ n, ...(await referenceFor(page)) })) return;
  }
}
