import { expect, test, type Browser, type Page } from "@playwright/test";
import { makeSpecCourse, type SpecCourse } from "./course-fixture";
import { signIn } from "./helpers";
import { referenceFor } from "./reference";

// Issue #16 item 3: the bank's search and filters with tags, duplicate/archive/delete, view as student with the key,
// the dashboard with an extension, and previous/next between questions. Everything happens in a course of its own.
test.describe.configure({ mode: "serial" });

const FIRST = "lista-i-d-lenet5-parametros";
const SECOND = "lista-i-c-lenet5-campo-receptivo";
const DAY = 24 * 60 * 60 * 1000;
let course: SpecCourse;
let assessmentId: string;
const title = `Lista de gestão ${Date.now().toString(36)}`;

/** "YYYY-MM-DDTHH:mm" in the course's time zone (the builder's wall-clock times). */
function local(date: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", { timeZone: "America/Sao_Paulo", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}
const shown = (date: Date) => new Intl.DateTimeFormat("pt-BR", { dateStyle: "medium", timeStyle: "short", timeZone: "America/Sao_Paulo" }).format(date);

async function asPerson(browser: Browser, email: string, password: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email, password);
  return page;
}

const closesAt = new Date(Math.ceil((Date.now() + 2 * DAY) / 60_000) * 60_000);
const extendedTo = new Date(closesAt.getTime() + 3 * DAY);

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  course = await makeSpecCourse(browser, "gestao");
  const page = await asPerson(browser, course.instructor.email, course.instructor.password);
  const created = await page.request.post(`/api/courses/${course.courseId}/manage/assessments`, {
    data: {
      title,
      kind: "homework",
      opensAt: local(new Date(Date.now() - DAY)),
      closesAt: local(closesAt),
      timeLimitMinutes: null,
      attemptsAllowed: 3,
      penaltySchedule: [1],
      latePolicy: "refuse",
      latePenaltyPerDay: 0,
      allowNewVariant: false,
      resultsReleasedAt: null,
      items: [{ questionIds: [FIRST], points: 2 }, { questionIds: [SECOND], points: 1 }],
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  assessmentId = ((await created.json()) as { id: string }).id;
  expect((await page.request.post(`/api/courses/${course.courseId}/manage/assessments/${assessmentId}/publish`, { data: { published: true } })).ok()).toBe(true);
  const extension = await page.request.post(`/api/courses/${course.courseId}/manage/assessments/${assessmentId}/extensions`, {
    data: { userId: course.student.userId, closesAt: local(extendedTo), extraMinutes: 0, reason: "atestado" },
  });
  expect(extension.ok(), await extension.text()).toBe(true);
  await page.context().close();
});

test("the bank: search, filters by type, source, use and a tag added by staff", async ({ browser }, testInfo) => {
  const page = await asPerson(browser, course.instructor.email, course.instructor.password);
  await page.goto(`/courses/${course.courseId}/manage/questions`);
  const count = page.getByTestId("bank-count");
  await expect(count).toContainText(/^\d+ questões de \d+$/);
  const all = Number(/de (\d+)/.exec((await count.textContent())!)![1]);
  expect(all).toBeGreaterThan(100);
  await expect(page.getByTestId("bank-row")).toHaveCount(25);
  await expect(page.getByText(/Página 1 de \d+/)).toBeVisible();

  await page.getByLabel("Tipo").selectOption({ label: "Código" });
  await page.getByRole("button", { name: "Filtrar", exact: true }).click();
  await expect(page).toHaveURL(/type=code/);
  const codeRows = page.getByTestId("bank-row");
  expect(await codeRows.count()).toBeGreaterThan(0);
  for (const row of await codeRows.all()) await expect(row).toContainText("Código");

  await page.getByRole("link", { name: "Limpar filtros" }).click();
  await expect(page).toHaveURL(/\/manage\/questions$/);
  await expect(page.getByLabel("Tipo")).toHaveValue("");
  await page.getByLabel("Buscar").fill("lenet campo receptivo");
  await page.getByRole("button", { name: "Filtrar", exact: true }).click();
  await expect(page.locator(`[data-question-id="${SECOND}"]`)).toBeVisible();
  await expect(page.locator(`[data-question-id="${FIRST}"]`)).toHaveCount(0);

  await page.getByRole("link", { name: "Limpar filtros" }).click();
  await expect(page).toHaveURL(/\/manage\/questions$/);
  await expect(page.getByLabel("Tipo")).toHaveValue("");
  await page.getByLabel("Usada em").selectOption({ label: title });
  await page.getByRole("button", { name: "Filtrar", exact: true }).click();
  await expect(count).toHaveText(`2 questões de ${all}`);
  await expect(page.locator(`[data-question-id="${FIRST}"]`)).toContainText(title);
  await page.getByLabel("Origem (material)").selectOption({ label: "000-lista" });
  await page.getByRole("button", { name: "Filtrar", exact: true }).click();
  await expect(count).toHaveText(`2 questões de ${all}`);

  // a tag of this course on one question; the tag filter finds it and only it
  await page.locator(`[data-question-id="${FIRST}"]`).getByRole("link").first().click();
  await expect(page.getByTestId("tag-editor")).toContainText("lenet");
  await page.getByLabel("Nova etiqueta").fill("Prova Final");
  await page.getByRole("button", { name: "Adicionar etiqueta" }).click();
  await expect(page.getByRole("button", { name: "Remover a etiqueta prova final" })).toBeVisible();
  await page.goto(`/courses/${course.courseId}/manage/questions?tag=${encodeURIComponent("prova final")}`);
  await expect(count).toHaveText(`1 questão de ${all}`);
  await expect(page.locator(`[data-question-id="${FIRST}"]`)).toContainText("prova final");
  await expect(page.getByLabel("Etiqueta")).toHaveValue("prova final");
  await page.screenshot({ path: testInfo.outputPath("bank-filtered.png"), fullPage: true });
  await page.context().close();
});

test("the student's dashboard shows their extended due date and what is due next; prev/next between questions", async ({ browser }, testInfo) => {
  const page = await asPerson(browser, course.student.email, course.student.password);
  await page.goto(`/courses/${course.courseId}`);
  const row = page.getByTestId("dashboard-row").filter({ hasText: title });
  await expect(row).toContainText("não começada");
  await expect(row.getByTestId("dashboard-due")).toContainText(shown(extendedTo));
  await expect(row.getByTestId("dashboard-due")).toContainText("prorrogado para você");
  await expect(row.getByTestId("dashboard-due")).toContainText(`prazo da turma: ${shown(closesAt)}`);
  await expect(page.getByTestId("next-due")).toContainText(`Próximo prazo: ${title}, ${shown(extendedTo)}`);
  await page.screenshot({ path: testInfo.outputPath("student-dashboard.png"), fullPage: true });

  await row.getByRole("link", { name: title }).click();
  await page.getByRole("link", { name: "Questão 1", exact: true }).click();
  const { answer } = await referenceFor(page);
  await page.getByLabel("Sua resposta (número)").fill(answer);
  await page.getByRole("button", { name: "Enviar resposta" }).click();
  await expect(page.getByTestId("grade-result")).toContainText("Nota desta tentativa: 100%", { timeout: 30_000 });
  const pager = page.getByTestId("question-pager");
  await expect(pager).toContainText("Questão 1 de 2");
  await pager.getByRole("link", { name: "Questão 2 →" }).click();
  await expect(page.locator("article[data-question-id]")).toHaveAttribute("data-question-id", SECOND);
  await expect(page.getByTestId("question-pager")).toContainText("Questão 2 de 2");
  await page.getByTestId("question-pager").getByRole("link", { name: "← Questão 1" }).click();
  await expect(page.locator("article[data-question-id]")).toHaveAttribute("data-question-id", FIRST);

  await page.goto(`/courses/${course.courseId}`);
  await expect(row).toContainText("em andamento");
  await expect(row).toContainText("2 de 3 pts");
  await page.context().close();
});

test("view as student: answer fields graded on a preview variant with the key beside them, nothing stored", async ({ browser }, testInfo) => {
  const page = await asPerson(browser, course.instructor.email, course.instructor.password);
  const builder = `/courses/${course.courseId}/manage/assessments/${assessmentId}`;
  await page.goto(builder);
  await expect(page.getByText("1 resposta enviada")).toBeVisible();
  await page.getByRole("link", { name: "Ver como estudante" }).click();
  await expect(page.getByTestId("preview-item-1")).toContainText("LeNet");
  const key = page.getByTestId("preview-key-reference");
  await expect(key).not.toBeEmpty();
  await page.getByLabel("Sua resposta (número)").fill("1");
  await page.getByRole("button", { name: "Corrigir (nada é gravado)" }).click();
  await expect(page.getByTestId("preview-answer-grade")).toContainText("Nota: 0%");
  await page.getByRole("button", { name: "Usar a resposta de referência" }).click();
  await expect(page.getByLabel("Sua resposta (número)")).toHaveValue((await key.textContent())!);
  await page.getByRole("button", { name: "Corrigir (nada é gravado)" }).click();
  await expect(page.getByTestId("preview-answer-grade")).toContainText("Nota: 100%");
  await page.screenshot({ path: testInfo.outputPath("view-as-student.png"), fullPage: true });
  // staff prev/next between the preview's questions
  await page.getByTestId("question-pager").getByRole("link", { name: "Questão 2 →" }).click();
  await expect(page.getByTestId("preview-item-2")).toBeVisible();
  await page.goto(builder);
  await expect(page.getByText("1 resposta enviada")).toBeVisible();
  await page.context().close();
});

test("duplicate, delete (refused with submissions, allowed without), archive and restore, each confirmed", async ({ browser }, testInfo) => {
  const page = await asPerson(browser, course.instructor.email, course.instructor.password);
  const student = await asPerson(browser, course.student.email, course.student.password);
  const builder = `/courses/${course.courseId}/manage/assessments/${assessmentId}`;
  await page.goto(builder);
  const actions = page.getByTestId("lifecycle-actions");

  // delete is refused: someone submitted
  await actions.getByRole("button", { name: "Apagar" }).click();
  await expect(page.getByRole("alertdialog")).toContainText("Apagar esta avaliação?");
  await page.getByRole("button", { name: "Sim, apagar" }).click();
  await expect(page.getByTestId("lifecycle-error")).toHaveText(
    "Esta avaliação não pode ser apagada: já tem 1 submissão. Arquive-a para escondê-la dos estudantes mantendo as notas.",
  );
  await expect(page).toHaveURL(new RegExp(`${builder}$`));

  // duplicate: a new draft with the same questions, no submissions
  await actions.getByRole("button", { name: "Duplicar" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Cancelar" }).click();
  await expect(page.getByRole("alertdialog")).toHaveCount(0);
  await actions.getByRole("button", { name: "Duplicar" }).click();
  await page.getByRole("button", { name: "Sim, duplicar" }).click();
  await page.waitForURL((url) => url.pathname.includes("/manage/assessments/") && !url.pathname.endsWith(assessmentId));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${title} (cópia)`);
  await expect(page.getByTestId("publish-state")).toHaveText("Rascunho");
  await expect(page.getByText("Nenhuma resposta enviada")).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("duplicated.png"), fullPage: true });

  // the gradebook marks the draft copy and leaves it out of the course total
  const copyUrl = page.url();
  await page.goto(`/courses/${course.courseId}/review/gradebook`);
  await expect(page.getByTestId("gradebook-table")).toContainText(`${title} (cópia) (rascunho, fora do total)`);
  await expect(page.getByTestId("gradebook-drafts-note")).toBeVisible();
  await page.goto(copyUrl);

  // the copy has no submissions: it can be deleted
  await page.getByTestId("lifecycle-actions").getByRole("button", { name: "Apagar" }).click();
  await page.getByRole("button", { name: "Sim, apagar" }).click();
  await page.waitForURL(new RegExp(`/courses/${course.courseId}/manage$`));
  await expect(page.getByRole("link", { name: `${title} (cópia)` })).toHaveCount(0);
  await expect(page.getByRole("link", { name: title, exact: true })).toBeVisible();

  // archive: hidden from the student, read-only, then restored
  await page.goto(builder);
  await page.getByTestId("lifecycle-actions").getByRole("button", { name: "Arquivar" }).click();
  await page.getByRole("button", { name: "Sim, arquivar" }).click();
  await expect(page.getByTestId("archived-notice")).toBeVisible();
  await page.getByRole("button", { name: "Despublicar" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "arquivada" })).toContainText("Esta avaliação está arquivada");
  await student.goto(`/courses/${course.courseId}`);
  await expect(student.getByTestId("dashboard-row").filter({ hasText: title })).toHaveCount(0);
  expect((await student.goto(`/courses/${course.courseId}/assessments/${assessmentId}`))?.status()).toBe(404);
  await page.goto(`/courses/${course.courseId}/manage`);
  await expect(page.getByRole("row").filter({ hasText: title })).toContainText("arquivada");

  await page.goto(builder);
  await page.getByTestId("lifecycle-actions").getByRole("button", { name: "Restaurar" }).click();
  await page.getByRole("button", { name: "Sim, restaurar" }).click();
  await expect(page.getByTestId("archived-notice")).toHaveCount(0);
  await student.goto(`/courses/${course.courseId}`);
  await expect(student.getByTestId("dashboard-row").filter({ hasText: title })).toContainText("em andamento");
  await student.context().close();
  await page.context().close();
});
