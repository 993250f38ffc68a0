import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { acceptInvitation, courseIdFrom, demo, e2eAdmin, inviteStudent, signIn, signInAnywhere } from "./helpers";

type Who = "signed-out" | "student" | "ta" | "instructor" | "admin";

/**
 * Every page of the app, visited once by each role listed, in this order (signed-out first, admin last): axe-core
 * must find no serious or critical violation, the title must name the page, and at 390 px wide the page must not
 * scroll sideways (wide tables and display math scroll inside their own box).
 *
 * Adding a page is one line. Placeholders: {course}, {homework} (the demo homework: one question of every type),
 * {exam}, {codeExam} and {networkExam} (exams of this spec's own behind an access code and an allowed network that
 * is not the test's), {invitation} (this spec's student's invitation link, before it is used); {item} expands to every item of
 * the homework, {question} to the bank question of each (seen on the student's pages), {openItem} to the open
 * question's item (seen on the TA's item pages). `status`: the page's answer (default 200); `ownHtml`: a page not
 * rendered by the app's layout (LTI error pages), so its title does not end with " · Forja".
 */
const pages: { path: string; as: Who[]; status?: number; ownHtml?: boolean }[] = [
  { path: "/signin", as: ["signed-out"] },
  { path: "/account/forgot", as: ["signed-out"] },
  { path: "{invitation}", as: ["signed-out"] },
  { path: "/account/password?token=not-a-valid-token", as: ["signed-out"] },
  { path: "/api/lti/login", as: ["signed-out"], status: 400, ownHtml: true },
  { path: "/courses/{course}", as: ["student"] },
  { path: "/courses/{course}/assessments/{homework}", as: ["student"] },
  { path: "/courses/{course}/assessments/{homework}/questions/{item}", as: ["student"] },
  { path: "/courses/{course}/assessments/{exam}", as: ["student"] },
  { path: "/courses/{course}/assessments/{codeExam}", as: ["student"] },
  { path: "/courses/{course}/assessments/{codeExam}?codigo=errado", as: ["student"] },
  { path: "/courses/{course}/assessments/{networkExam}", as: ["student"] },
  { path: "/courses/{course}/grades", as: ["student"] },
  { path: "/courses/{course}/manage", as: ["student"], status: 403 },
  { path: "/join", as: ["student"] },
  { path: "/account", as: ["student", "admin"] },
  { path: "/courses/{course}/review", as: ["ta", "instructor"] },
  { path: "/courses/{course}/review/assessments/{homework}", as: ["ta", "instructor"] },
  { path: "/courses/{course}/review/assessments/{homework}/items/{item}", as: ["ta"] },
  { path: "/courses/{course}/review/assessments/{homework}/items/{openItem}/grading", as: ["ta"] },
  { path: "/courses/{course}/review/assessments/{homework}/items/{openItem}/groups", as: ["ta"] },
  { path: "/courses/{course}/review/gradebook", as: ["ta", "instructor"] },
  { path: "/courses/{course}/review/students/{student}", as: ["ta", "instructor"] },
  { path: "/courses/{course}/people", as: ["ta", "instructor"] },
  { path: "/courses/{course}/manage", as: ["instructor"] },
  { path: "/courses/{course}/manage/questions", as: ["instructor"] },
  { path: "/courses/{course}/manage/questions?q=stride&type=numeric", as: ["instructor"] },
  { path: "/courses/{course}/manage/questions/new", as: ["instructor"] },
  { path: "/courses/{course}/manage/questions/{question}", as: ["instructor"] },
  { path: "/courses/{course}/manage/assessments/new", as: ["instructor"] },
  { path: "/courses/{course}/manage/assessments/{homework}", as: ["instructor"] },
  { path: "/courses/{course}/manage/assessments/{homework}/preview", as: ["instructor"] },
  { path: "/courses/{course}/manage/import", as: ["instructor"] },
  { path: "/courses/{course}/manage/lti", as: ["instructor"] },
  { path: "/courses/{course}/settings", as: ["instructor"] },
  { path: "/courses/{course}/no-such-page", as: ["instructor"], status: 404 },
  { path: "/lti/deep-link", as: ["instructor"] },
  { path: "/courses", as: ["admin"] },
  { path: "/admin/lti", as: ["admin"] },
];

const roles: Who[] = ["signed-out", "student", "ta", "instructor", "admin"];
const axeTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];
/** The last id in a link (/courses/<course>/manage/assessments/<assessment> gives the assessment's). */
const lastIdIn = (href: string | null) => [...(href ?? "").matchAll(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g)].at(-1)?.[0];

/** Each placeholder's values; a path whose placeholder has none yet cannot be visited (the test says which). */
function expand(path: string, ids: Record<string, string[]>): string[] {
  const match = /\{(\w+)\}/.exec(path);
  if (!match) return [path];
  const values = ids[match[1]!] ?? [];
  if (values.length === 0) throw new Error(`no value for {${match[1]}} in ${path}`);
  return values.flatMap((value) => expand(path.replace(match[0], value), ids));
}

async function hrefs(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
}

/** The innermost elements that stick out of a 390 px page and are not inside a box that scrolls or clips them. */
function widestCulprits(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const clipped = (el: Element) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) if (getComputedStyle(p).overflowX !== "visible") return true;
      return false;
    };
    const sticksOut = (el: Element) => {
      const box = el.getBoundingClientRect();
      return box.width > 0 && box.right > width + 1 && !clipped(el);
    };
    const out = [...document.querySelectorAll("body *")].filter(sticksOut);
    return out
      .filter((el) => ![...el.children].some(sticksOut))
      .slice(0, 4)
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].slice(0, 4).join(".")}${el.getAttribute("data-testid") ? `[${el.getAttribute("data-testid")}]` : ""}`);
  });
}

/** A published exam of this spec's own (one question) with the given access rules; returns its id. */
async function publishedExam(instructor: Page, course: string, title: string, rules: { accessCode?: string; allowedNetworks?: string[] }): Promise<string> {
  const settings = { title, kind: "exam", opensAt: "2020-01-01T00:00", closesAt: "2099-12-31T23:00", timeLimitMinutes: 30, attemptsAllowed: 1, penaltySchedule: [1] };
  const rest = { latePolicy: "refuse", latePenaltyPerDay: 0, allowNewVariant: false, resultsReleasedAt: null, items: [{ questionIds: ["lista-ii-stride"], points: 1 }] };
  const created = await instructor.request.post(`/api/courses/${course}/manage/assessments`, { data: { ...settings, ...rest, ...rules } });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const published = await instructor.request.post(`/api/courses/${course}/manage/assessments/${id}/publish`, { data: { published: true } });
  expect(published.status(), await published.text()).toBe(200);
  return id;
}

async function newPage(browser: Browser): Promise<Page> {
  return (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
}

test("every page passes axe-core (no serious or critical violation), is titled and fits 390 px, for every role", async ({ browser }) => {
  test.setTimeout(420_000);
  const instructor = await newPage(browser);
  await signIn(instructor, demo.instructor);
  const course = courseIdFrom(instructor.url());
  const titled = async (name: string) => lastIdIn(await instructor.getByRole("link", { name, exact: true }).first().getAttribute("href"))!;
  const ids: Record<string, string[]> = {
    course: [course],
    homework: [await titled("Lista 1 — Redes convolucionais")],
    exam: [await titled("Prova 1 — Convoluções e parâmetros")],
  };
  await instructor.goto(`/courses/${course}/review/assessments/${ids.homework![0]}`);
  ids.item = [...new Set((await hrefs(instructor, `a[href*="/items/"]`)).map((h) => /\/items\/([0-9a-f-]{36})/.exec(h)?.[1]).filter((id): id is string => !!id))];
  expect(ids.item.length).toBeGreaterThanOrEqual(7);

  ids.codeExam = [await publishedExam(instructor, course, "Prova com código de acesso (acessibilidade)", { accessCode: "a11y-2027" })];
  ids.networkExam = [await publishedExam(instructor, course, "Prova só na rede do laboratório (acessibilidade)", { allowedNetworks: ["203.0.113.0/24"] })];

  const student = { name: "Íris Acessível", email: "iris.a11y@ufv.br", password: "senha da iris 2027" };
  ids.invitation = [await inviteStudent(instructor, course, student)];

  const sessions: Record<Who, () => Promise<Page>> = {
    "signed-out": () => newPage(browser),
    student: async () => {
      const page = await newPage(browser);
      await acceptInvitation(page, ids.invitation![0]!, student.password);
      return page;
    },
    ta: async () => {
      const page = await newPage(browser);
      await signIn(page, demo.ta);
      return page;
    },
    instructor: async () => instructor,
    admin: async () => {
      const page = await newPage(browser);
      await page.goto("/signin");
      await signInAnywhere(page, e2eAdmin.email, e2eAdmin.password);
      return page;
    },
  };

  const problems: string[] = [];
  const problem = (text: string) => {
    problems.push(text);
    console.log(`accessibility problem: ${text}`);
  };
  let visited = 0;
  for (const who of roles) {
    const page = await sessions[who]();
    for (const entry of pages.filter((p) => p.as.includes(who))) {
      for (const path of expand(entry.path, ids)) {
        const where = `${who} ${path}`;
        const response = await page.goto(path);
        visited++;
        if (response?.status() !== (entry.status ?? 200)) problem(`${where}: status ${response?.status()}, expected ${entry.status ?? 200}`);
        await page.waitForLoadState("networkidle", { timeout: 5_000 }).catch(() => undefined);
        // what later entries need from this page
        const questionId = await page.locator("article[data-question-id]").getAttribute("data-question-id", { timeout: 500 }).catch(() => null);
        if (questionId) ids.question = [...new Set([...(ids.question ?? []), questionId])];
        const item = /\/items\/([0-9a-f-]{36})$/.exec(path)?.[1];
        if (item && (await page.locator(`a[href$="/grading"]`).count()) > 0) ids.openItem = [...new Set([...(ids.openItem ?? []), item])];
        if (path.endsWith("/review/gradebook") && !ids.student) {
          ids.student = [(await hrefs(page, `a[href*="/review/students/"]`)).map((h) => /\/review\/students\/([0-9a-f-]{36})/.exec(h)?.[1]).find((id) => !!id)!].filter(Boolean);
        }

        const axe = await new AxeBuilder({ page }).withTags(axeTags).analyze();
        for (const v of axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical")) {
          problem(`${where}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
        }
        const title = await page.title();
        if (entry.ownHtml ? !title : !/^.+ · Forja$/.test(title)) problem(`${where}: title "${title}"`);

        await page.setViewportSize({ width: 390, height: 844 });
        // charts re-measure themselves after a resize: give the layout a moment to settle before judging it
        const overflow = await expect
          .poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), { timeout: 2_000 })
          .toBeLessThanOrEqual(0)
          .then(() => 0)
          .catch(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth));
        if (overflow > 0) problem(`${where}: ${overflow}px wider than a 390 px screen (${(await widestCulprits(page)).join(", ")})`);
        await page.setViewportSize({ width: 1280, height: 800 });
      }
    }
    if (who !== "instructor") await page.context().close();
  }
  console.log(`accessibility: ${visited} page visits checked`);
  expect(problems).toEqual([]);
  expect(visited).toBeGreaterThanOrEqual(45);
});

test("the skip link goes to the content, titles follow the language, and the favicon is served", async ({ page, browser }) => {
  await page.goto("/signin");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Pular para o conteúdo" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("main#main")).toBeFocused();
  await expect(page).toHaveTitle("Entrar na Forja · Forja");

  const icon = await page.locator('link[rel="icon"]').first().getAttribute("href");
  const served = await page.request.get(icon!);
  expect(served.status()).toBe(200);
  expect(served.headers()["content-type"]).toContain("image/svg+xml");

  // a student of this spec's own, then the same pages in English
  const instructor = await newPage(browser);
  await signIn(instructor, demo.instructor);
  const invitation = await inviteStudent(instructor, courseIdFrom(instructor.url()), { name: "Theo Language", email: "theo.a11y@ufv.br" });
  await instructor.context().close();
  await acceptInvitation(page, invitation, "senha do theo 2027");
  const origin = new URL(page.url()).origin;
  await page.context().addCookies([{ name: "FORJA_LOCALE", value: "en", url: origin }]);
  await page.reload();
  await page.getByRole("link", { name: "Lista 1 — Redes convolucionais" }).click();
  await page.getByRole("link", { name: "Question 1", exact: true }).click();
  await expect(page).toHaveTitle("Question 1 — Lista 1 — Redes convolucionais · Forja");
  const signedOut = await newPage(browser);
  await signedOut.context().addCookies([{ name: "FORJA_LOCALE", value: "en", url: origin }]);
  await signedOut.goto("/signin");
  await expect(signedOut).toHaveTitle("Sign in to Forja · Forja");
  await signedOut.keyboard.press("Tab");
  await expect(signedOut.getByRole("link", { name: "Skip to content" })).toBeFocused();
});

test("at 390 px the user menu's language form fits inside the menu, on the people and management pages", async ({ browser }) => {
  const page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await signIn(page, demo.instructor);
  const course = courseIdFrom(page.url());
  for (const path of [`/courses/${course}/people`, `/courses/${course}/manage`]) {
    await page.goto(path);
    await page.getByLabel("Menu do usuário").click();
    const form = page.locator("details[open] form").filter({ has: page.locator("select#locale") });
    await expect(form).toBeVisible();
    const box = async (selector: string) => (await form.locator(selector).boundingBox())!;
    const menu = (await form.locator("xpath=..").boundingBox())!;
    const own = (await form.boundingBox())!;
    // the form inside the menu and inside the screen; each control inside the form
    expect(own.x, path).toBeGreaterThanOrEqual(menu.x - 0.5);
    expect(own.x + own.width, path).toBeLessThanOrEqual(menu.x + menu.width + 0.5);
    expect(menu.x + menu.width, path).toBeLessThanOrEqual(390);
    for (const control of ["label", "select", "button"]) {
      const b = await box(control);
      expect(b.x, `${path} ${control}`).toBeGreaterThanOrEqual(own.x - 0.5);
      expect(b.x + b.width, `${path} ${control}`).toBeLessThanOrEqual(own.x + own.width + 0.5);
    }
    expect(await form.evaluate((el) => el.scrollWidth - el.clientWidth), path).toBeLessThanOrEqual(0);
  }
  await page.context().close();
});
