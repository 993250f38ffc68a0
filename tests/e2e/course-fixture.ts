import { expect, type Browser, type Page } from "@playwright/test";
import { courseIdFrom, demo, signIn } from "./helpers";

export interface SpecPerson {
  email: string;
  name: string;
  password: string;
}

export interface SpecCourse {
  courseId: string;
  instructor: SpecPerson;
  student: SpecPerson & { userId: string };
}

/** Opens an invitation link in a fresh context and sets the person's password (which signs them in); closes it. */
async function acceptInvitation(browser: Browser, link: string, person: SpecPerson): Promise<void> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const url = new URL(link);
  await page.goto(url.pathname + url.search);
  await page.getByLabel("Nova senha").fill(person.password);
  await page.getByLabel("Repita a senha").fill(person.password);
  await page.getByRole("button", { name: "Salvar senha e entrar" }).click();
  await page.waitForURL(/\/courses\//);
  await context.close();
}

/**
 * A course of this spec alone, so that what it changes touches nobody else's tests: the demo instructor copies the
 * demo course for a new term (its own questions and assessments, unpublished, no people), then enrols a new
 * instructor and a new student, who set their passwords through their invitation links.
 */
export async function makeSpecCourse(browser: Browser, tag: string): Promise<SpecCourse> {
  const stamp = `${tag}-${Date.now().toString(36)}`;
  const context = await browser.newContext();
  const page: Page = await context.newPage();
  await signIn(page, demo.instructor);
  const demoCourse = courseIdFrom(page.url());
  const copied = await page.request.post(`/api/courses/${demoCourse}/copy`, { data: { slug: stamp, title: `Turma e2e ${stamp}`, term: "e2e" } });
  expect(copied.status(), await copied.text()).toBe(201);
  const courseId = ((await copied.json()) as { id: string }).id;
  const people = {
    instructor: { email: `prof-${stamp}@e2e.dev`, name: `Prof ${stamp}`, password: `senha do prof ${stamp}` },
    student: { email: `aluna-${stamp}@e2e.dev`, name: `Aluna ${stamp}`, password: `senha da aluna ${stamp}` },
  };
  for (const [role, person] of [["instructor", people.instructor], ["student", people.student]] as const) {
    const added = await page.request.post(`/api/courses/${courseId}/roster`, { data: { name: person.name, email: person.email, role } });
    expect(added.status(), await added.text()).toBe(201);
    const { invitations } = (await added.json()) as { invitations: { link: string }[] };
    await acceptInvitation(browser, invitations[0]!.link, person);
  }
  const roster = (await (await page.request.get(`/api/courses/${courseId}/roster?search=${encodeURIComponent(people.student.email)}`)).json()) as { people: { userId: string }[] };
  await context.close();
  return { courseId, instructor: people.instructor, student: { ...people.student, userId: roster.people[0]!.userId } };
}
