import { expect, test, type Page } from "@playwright/test";
import { courseIdFrom, demo, newStudent, signIn, visitQuestions } from "./helpers";

const LISTA = "Lista 1 — Redes convolucionais";
// two answers of the same idea (written differently) and one wrong idea; this spec's own students
const SAME_A = "Stride e o deslocamento do kernel entre aplicacoes consecutivas, geralmente de 1 pixel (grupo e2e).";
const SAME_B = "O stride é o deslocamento do kernel entre aplicações consecutivas, geralmente 1 pixel (grupo e2e).";
const OTHER = "É o preenchimento com zeros ao redor da imagem de entrada (grupo e2e).";
const people = [
  { name: "Gil Grupo A", email: "gil.grupo.e2e@ufv.br", answer: SAME_A },
  { name: "Iara Grupo B", email: "iara.grupo.e2e@ufv.br", answer: SAME_B },
  { name: "Caio Grupo C", email: "caio.grupo.e2e@ufv.br", answer: OTHER },
];

/** Answers the homework's open question; returns its question page URL. */
async function answerOpen(page: Page, text: string): Promise<string> {
  let url = "";
  await visitQuestions(page, LISTA, async ({ type }) => {
    if (type !== "open") return false;
    await page.getByLabel("Sua resposta", { exact: true }).fill(text);
    await page.getByRole("button", { name: "Enviar resposta" }).click();
    await expect(page.getByText("Resposta recebida: será corrigida pela monitoria.")).toBeVisible();
    url = page.url();
    return true;
  });
  if (!url) throw new Error("no open question in the homework");
  return url;
}

test("a TA grades a group of similar open answers with one rubric choice, leaving out what does not fit", async ({ browser }, testInfo) => {
  test.setTimeout(150_000);
  const instructor = await (await browser.newContext()).newPage();
  await signIn(instructor, demo.instructor);
  const courseId = courseIdFrom(instructor.url());
  const students: { page: Page; url: string }[] = [];
  for (const person of people) {
    const page = await newStudent(browser, instructor, courseId, person);
    students.push({ page, url: await answerOpen(page, person.answer) });
  }

  const ta = await (await browser.newContext()).newPage();
  await signIn(ta, demo.ta);
  const itemId = /\/questions\/([0-9a-f-]{36})/.exec(students[0]!.url)![1];
  const assessmentId = /\/assessments\/([0-9a-f-]{36})/.exec(students[0]!.url)![1];
  await ta.goto(`/courses/${courseId}/review/assessments/${assessmentId}/items/${itemId}/grading`);
  await ta.getByRole("link", { name: "Corrigir por grupos" }).click();
  await expect(ta.getByRole("heading", { level: 1 })).toContainText("Grupos de respostas");

  const group = ta.getByTestId("answer-group").filter({ hasText: SAME_A });
  await expect(group).toContainText(SAME_B);
  await expect(group).not.toContainText(OTHER);
  await expect(group.getByTestId("group-explanation")).toContainText("Palavras principais:");
  await expect(group.getByTestId("group-explanation")).toContainText("semelhança média ao centro");
  // other specs' answers may share the group: only this spec's two are graded
  for (const member of await group.getByTestId("group-member").all()) {
    const text = (await member.textContent()) ?? "";
    const box = member.getByRole("checkbox", { name: "Corrigir com o grupo" });
    if (text.includes(SAME_A) || text.includes(SAME_B)) await box.check();
    else await box.uncheck();
  }
  await group.getByRole("checkbox", { name: /Define o stride como o passo/ }).check();
  await group.getByRole("checkbox", { name: /Cita que o valor padrão é 1/ }).check();
  await group.getByLabel(/^Comentário/).fill("Faltou relacionar o stride com o tamanho da saída.");
  await ta.screenshot({ path: testInfo.outputPath("answer-groups.png"), fullPage: true });
  await group.getByRole("button", { name: "Corrigir 2 respostas com esta escolha" }).click();
  await expect(ta.getByTestId("groups-graded")).toHaveText("2 respostas corrigidas.");
  // graded answers leave the groups; the different one is still waiting
  await expect(ta.getByText(SAME_A)).toHaveCount(0);
  await expect(ta.getByText(OTHER)).toBeVisible();

  // both students see 75% and the rubric items met; the third is still pending
  for (const { page, url } of students.slice(0, 2)) {
    await page.goto(url);
    await expect(page.getByText("Comentário da monitoria")).toBeVisible();
    await expect(page.getByText("Faltou relacionar o stride com o tamanho da saída.")).toBeVisible();
    await expect(page.getByTestId("rubric-breakdown").locator("li").filter({ hasText: "valor padrão é 1" })).toContainText("atendido");
    await expect(page.getByText("75%").first()).toBeVisible();
  }
  await students[2]!.page.goto(students[2]!.url);
  await expect(students[2]!.page.getByTestId("rubric-breakdown")).toHaveCount(0);
});
