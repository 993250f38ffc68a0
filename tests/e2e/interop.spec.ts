import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { parseMoodleXml } from "@/lib/interop/moodle";
import { courseIdFrom, demo, signIn } from "./helpers";

const stamp = Date.now().toString(36);
const FIXTURE = "tests/fixtures/interop/moodle-cnn.xml";
const student = { name: "Aluna Intercâmbio", email: `intercambio-${stamp}@e2e.forja.dev`, password: "senha da aluna 2027" };

/** Downloads what the export form gives for a scope and format, as text. */
async function exportFile(page: Page, scope: string, format: "Moodle XML" | "GIFT"): Promise<string> {
  await page.getByLabel("Questões", { exact: true }).selectOption({ label: scope });
  await page.getByLabel("Formato de exportação").selectOption({ label: format });
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Baixar" }).click()]);
  return readFile((await download.path())!, "utf8");
}

test("Moodle XML round trip: preview, import, a student answers an imported short answer, export, re-import equals", async ({ page, browser }, testInfo) => {
  test.setTimeout(120_000);
  // Its own course (a copy of the demo course) and its own student, so nothing here changes what other specs see.
  await signIn(page, demo.instructor);
  // Its title sorts after the demo course's: an instructor lands on their first course by title, and other specs expect
  // the demo instructor to land on "Redes Convolucionais".
  const copy = await page.request.post(`/api/courses/${courseIdFrom(page.url())}/copy`, { data: { slug: `intercambio-${stamp}`, title: `Turma de intercâmbio ${stamp}` } });
  expect(copy.status()).toBe(201);
  const courseId = ((await copy.json()) as { id: string }).id;
  const added = await page.request.post(`/api/courses/${courseId}/roster`, { data: { name: student.name, email: student.email, role: "student" } });
  expect(added.status()).toBe(201);
  const invite = ((await added.json()) as { invitations: { link: string }[] }).invitations[0]!.link;

  // Upload, preview (nothing stored), import.
  await page.goto(`/courses/${courseId}/manage/import`);
  await page.getByLabel("Arquivo", { exact: true }).setInputFiles(FIXTURE);
  await expect(page.getByLabel("Formato", { exact: true })).toHaveValue("moodle-xml");
  await page.getByRole("button", { name: "Só verificar" }).click();
  const report = page.getByTestId("import-report");
  await expect(report).toContainText("Verificação: 7 questões válidas, 2 recusadas. Nada foi salvo.");
  await expect(report).toContainText("lenet-c1.png");
  await expect(report).toContainText('tipo do Moodle "ddwtos" não é importado');
  await page.getByRole("button", { name: "Importar", exact: true }).click();
  await expect(report).toContainText("7 questões importadas, 2 recusadas.");
  await expect(report.getByRole("link", { name: "lenet-nome" })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("interop-import-report.png"), fullPage: true });

  // An assessment with the imported short answer, published.
  const created = await page.request.post(`/api/courses/${courseId}/manage/assessments`, {
    data: {
      title: "Lista importada",
      kind: "homework",
      opensAt: "2026-01-01T00:00",
      closesAt: "2035-12-31T23:59",
      timeLimitMinutes: null,
      attemptsAllowed: 3,
      penaltySchedule: [1],
      latePolicy: "refuse",
      latePenaltyPerDay: 0,
      allowNewVariant: false,
      resultsReleasedAt: null,
      items: [{ questionIds: ["lenet-nome"], points: 1 }],
    },
  });
  expect(created.status()).toBe(201);
  const assessmentId = ((await created.json()) as { id: string }).id;
  expect((await page.request.post(`/api/courses/${courseId}/manage/assessments/${assessmentId}/publish`, { data: { published: true } })).status()).toBe(200);

  // The student sets a password from the invitation and answers: half credit for a near miss, then full credit.
  const studentContext = await browser.newContext();
  const studentPage = await studentContext.newPage();
  await studentPage.goto(new URL(invite).pathname + new URL(invite).search);
  await studentPage.getByLabel("Nova senha").fill(student.password);
  await studentPage.getByLabel("Repita a senha").fill(student.password);
  await studentPage.getByRole("button", { name: "Salvar senha e entrar" }).click();
  await studentPage.waitForURL(/\/courses/);
  await studentPage.goto(`/courses/${courseId}/assessments/${assessmentId}`);
  await studentPage.getByRole("link", { name: "Questão 1", exact: true }).click();
  await expect(studentPage.getByText("Qual o nome da rede de LeCun et al. (1998) para reconhecer dígitos?")).toBeVisible();
  await studentPage.getByLabel("Sua resposta", { exact: true }).fill("Le Net 5");
  await studentPage.getByRole("button", { name: "Enviar resposta" }).click();
  await expect(studentPage.getByTestId("grade-result")).toContainText("Nota desta tentativa: 50%", { timeout: 30_000 });
  await expect(studentPage.getByTestId("grade-result")).toContainText("Quase: escreva o nome como no artigo.");
  await studentPage.getByLabel("Sua resposta", { exact: true }).fill("lenet-5");
  await studentPage.getByRole("button", { name: "Enviar resposta" }).click();
  await expect(studentPage.getByTestId("grade-result")).toContainText("Nota desta tentativa: 100%", { timeout: 30_000 });
  await studentPage.screenshot({ path: testInfo.outputPath("interop-student-answer.png"), fullPage: true });
  await studentContext.close();

  // Export: the assessment as GIFT, the course as Moodle XML; re-importing the XML gives the same questions.
  await page.goto(`/courses/${courseId}/manage/import`);
  const gift = await exportFile(page, "Lista importada", "GIFT");
  expect(gift).toContain("// [id:lenet-nome] [tag:lista-2] [tag:importado]");
  expect(gift).toContain("=%50%Le*Net*#Quase\\: escreva o nome como no artigo.");
  const first = await exportFile(page, "Todas as questões do curso", "Moodle XML");
  const all = parseMoodleXml(first).questions;
  // the questions imported above (the copied course's own questions come back flagged as imported, so not equal)
  const exported = all.filter((q) => q.tags.includes("importado"));
  expect(exported.map((q) => q.name)).toEqual(expect.arrayContaining(["Nome da rede de LeCun", "Parâmetros de C1", "Camadas com parâmetros", "Convolução é linear"]));
  await page.getByLabel("Arquivo", { exact: true }).setInputFiles({ name: "forja-questoes.xml", mimeType: "application/xml", buffer: Buffer.from(first) });
  await page.getByRole("button", { name: "Importar", exact: true }).click();
  await expect(report).toContainText(`${all.length} questões importadas, nenhuma recusada.`);
  const again = parseMoodleXml(await exportFile(page, "Todas as questões do curso", "Moodle XML")).questions;
  for (const question of exported) {
    const copyOf = again.find((q) => q.idnumber === `${question.idnumber}-2`);
    expect(copyOf, `re-imported copy of ${question.idnumber}`).toBeDefined();
    expect({ ...copyOf!, idnumber: question.idnumber }).toEqual(question);
  }
});
