import { expect, test, type Locator, type Page } from "@playwright/test";
import { acceptInvitation, courseIdFrom, demo, inviteStudent, openAssessment, signIn, signInAnywhere } from "./helpers";
import { referenceFor } from "./reference";

const isFocused = (locator: Locator) => locator.evaluate((el) => el === document.activeElement);

/** Presses Tab until `target` has the focus (a keyboard user's way there), failing after 25 presses. */
async function tabTo(page: Page, target: Locator) {
  for (let i = 0; i < 25 && !(await isFocused(target)); i++) await page.keyboard.press("Tab");
  await expect(target).toBeFocused();
}

/**
 * Answers with the keyboard alone: the first answer field gets the focus (as a Tab from the prompt would), then only
 * keys: typing, Tab, arrows, Space, Esc, and Enter on the submit button.
 */
async function answerByKeyboard(page: Page, type: string, answer: string) {
  const keys = page.keyboard;
  if (type === "numeric" || type === "symbolic" || type === "open") {
    const label = { numeric: "Sua resposta (número)", symbolic: "Sua expressão", open: "Sua resposta" }[type];
    await page.getByLabel(label, { exact: true }).focus();
    await keys.type(answer);
  } else if (type === "mcq") {
    const boxes = await page.locator("input[name=mcq]").all();
    const wanted = answer.split(",");
    await boxes[0]!.focus();
    if ((await boxes[0]!.getAttribute("type")) === "radio") {
      // a radio group: Space picks the focused option, the arrows move the choice
      await keys.press("Space");
      const index = await Promise.all(boxes.map((b) => b.getAttribute("value"))).then((values) => values.indexOf(wanted[0]!));
      for (let i = 0; i < index; i++) await keys.press("ArrowDown");
    } else {
      for (const box of boxes) {
        await expect(box).toBeFocused();
        if (wanted.includes((await box.getAttribute("value")) ?? "")) await keys.press("Space");
        await keys.press("Tab");
      }
    }
    for (const box of boxes) {
      const want = wanted.includes((await box.getAttribute("value")) ?? "");
      await (want ? expect(box).toBeChecked() : expect(box).not.toBeChecked());
    }
  } else if (type === "matrix") {
    const cells = JSON.parse(answer) as unknown[][];
    const cell = (r: number, c: number) => page.getByRole("gridcell").getByLabel(`Linha ${r + 1}, coluna ${c + 1}`, { exact: true });
    await expect(page.getByRole("grid")).toBeVisible();
    await expect(page.getByRole("grid").getByRole("row")).toHaveCount(cells.length);
    await cell(0, 0).focus();
    // Tab walks the grid row by row
    for (const [r, row] of cells.entries()) {
      for (const [c, value] of row.entries()) {
        await expect(cell(r, c)).toBeFocused();
        await keys.type(String(value));
        await keys.press("Tab");
      }
    }
    // and the arrows move between cells (left and right only once the caret is at the cell's edge)
    const last = { r: cells.length - 1, c: cells[0]!.length - 1 };
    await keys.press("Shift+Tab");
    await expect(cell(last.r, last.c)).toBeFocused();
    await keys.press("ArrowUp");
    await expect(cell(last.r - 1, last.c)).toBeFocused();
    await keys.press("Home");
    await keys.press("ArrowLeft");
    await expect(cell(last.r - 1, last.c - 1)).toBeFocused();
    // the caret lands at the end of a cell's text: right and down move on at once
    await keys.press("ArrowRight");
    await expect(cell(last.r - 1, last.c)).toBeFocused();
    await keys.press("ArrowDown");
    await expect(cell(last.r, last.c)).toBeFocused();
  } else if (type === "architecture") {
    const layers = JSON.parse(answer) as Record<string, Record<string, unknown>>;
    const inputs = await page.locator("form table input").all();
    expect(inputs.length).toBeGreaterThan(1);
    await inputs[0]!.focus();
    for (const input of inputs) {
      await expect(input).toBeFocused();
      const [key, field] = ((await input.getAttribute("name")) ?? "").split(".");
      // each field is named with its layer ("C1: …"), not only by the label its column repeats
      await expect(input).toHaveAccessibleName(new RegExp(`^(${key!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}|Total): .+`));
      const value = layers[key!]?.[field!];
      await keys.type(Array.isArray(value) ? value.join("x") : String(value));
      await keys.press("Tab");
    }
  } else if (type === "code") {
    const editor = page.getByRole("textbox", { name: "Editor de código Python" });
    await editor.focus();
    await keys.press("ControlOrMeta+a");
    await keys.press("Delete");
    // insertText types the whole source at once, so the editor's auto-indent does not re-indent the Python
    await keys.insertText(answer);
    // Tab indents inside the editor; Esc then Tab leaves it (a first Esc closes the suggestion list typing opened)
    await keys.press("Escape");
    await keys.press("Escape");
    await keys.press("Tab");
    await expect(editor).not.toBeFocused();
  } else throw new Error(`no keyboard path for ${type}`);
  const submit = page.getByRole("button", { name: "Enviar resposta" });
  await tabTo(page, submit);
  await keys.press("Enter");
}

test("a student answers a question of every type with the keyboard alone", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const instructor = await (await browser.newContext()).newPage();
  await signIn(instructor, demo.instructor);
  const course = courseIdFrom(instructor.url());
  const invitation = await inviteStudent(instructor, course, { name: "Kai Teclado", email: "kai.keyboard@ufv.br" });
  await instructor.context().close();
  await acceptInvitation(page, invitation, "senha do kai 2027");

  const assessmentUrl = await openAssessment(page, "Lista 1 — Redes convolucionais");
  const count = await page.getByRole("link", { name: /^Questão \d+$/ }).count();
  const types: string[] = [];
  for (let n = 1; n <= count; n++) {
    await page.goto(assessmentUrl);
    await page.getByRole("link", { name: `Questão ${n}`, exact: true }).click();
    const { type, answer } = await referenceFor(page);
    types.push(type);
    await answerByKeyboard(page, type, type === "open" ? "O stride é o passo do filtro entre duas aplicações." : answer);
    if (type === "open") await expect(page.getByText("Resposta recebida: será corrigida pela monitoria.")).toBeVisible();
    else await expect(page.getByTestId("grade-result")).toContainText("Nota desta tentativa: 100%", { timeout: 30_000 });
  }
  expect(new Set(types)).toEqual(new Set(["mcq", "numeric", "matrix", "symbolic", "architecture", "open", "code"]));
});

test("sign-in brings a person back to the page they asked for", async ({ page, browser }) => {
  const ta = await (await browser.newContext()).newPage();
  await signIn(ta, demo.ta);
  const course = courseIdFrom(ta.url());
  await ta.context().close();

  await page.goto(`/courses/${course}/review/gradebook?sort=name`);
  await expect(page).toHaveURL(`/signin?callbackUrl=${encodeURIComponent(`/courses/${course}/review/gradebook?sort=name`)}`);
  await signInAnywhere(page, demo.ta);
  await expect(page).toHaveURL(`/courses/${course}/review/gradebook?sort=name`);
  await expect(page.getByRole("heading", { level: 1, name: "Notas da turma" })).toBeVisible();
});

test("a callbackUrl to another site is ignored: sign-in stays on Forja", async ({ browser, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  for (const evil of ["https://evil.example/phish", "//evil.example/phish", "/\\evil.example/phish", "/\t/evil.example/phish", "javascript:alert(1)"]) {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`/signin?callbackUrl=${encodeURIComponent(evil)}`);
    await signInAnywhere(page, demo.ta);
    await page.waitForURL(/\/courses\/[0-9a-f-]{36}\/review$/);
    expect(new URL(page.url()).origin, evil).toBe(origin);
    // signed in already, the sign-in page's own redirect is just as careful
    await page.goto(`/signin?callbackUrl=${encodeURIComponent(evil)}`);
    await page.waitForURL(/\/courses\/[0-9a-f-]{36}\/review$/);
    expect(new URL(page.url()).origin, evil).toBe(origin);
    await page.context().close();
  }
});
