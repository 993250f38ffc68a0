import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { questions } from "@/db/schema";
import { exportQuestions } from "@/lib/interop/export";
import { importQuestions } from "@/lib/interop/import";
import { parseMoodleXml } from "@/lib/interop/moodle";
import { makeManageFixture, type ManageFixture } from "./fixture";

const FIXTURE = readFileSync("tests/fixtures/interop/moodle-cnn.xml", "utf8");

let f: ManageFixture;
beforeAll(async () => {
  f = await makeManageFixture();
});
afterAll(() => f.database.close());

describe("Moodle XML import into a course, and back", () => {
  it("a check stores nothing; the import stores the short answer and the others as the course's own questions", async () => {
    const { db } = f.database;
    const dry = await importQuestions(db, f.courseA, { format: "moodle-xml", content: FIXTURE, dryRun: true });
    expect([dry.imported, dry.rejected]).toEqual([7, 2]);
    expect(await db.select().from(questions).where(eq(questions.courseId, f.courseA))).toEqual([]);
    const report = await importQuestions(db, f.courseA, { format: "moodle-xml", content: FIXTURE, dryRun: false });
    expect(report.entries.filter((e) => e.status === "imported").map((e) => [e.id, e.type])).toEqual([
      ["lenet-nome", "shortanswer"],
      ["funcao-de-ativacao-maiusculas", "shortanswer"],
      ["parametros-de-c1", "numeric"],
      ["passo-efetivo", "numeric"],
      ["funcao-do-max-pooling", "mcq"],
      ["camadas-com-parametros", "mcq"],
      ["convolucao-e-linear", "mcq"],
    ]);
    const [stored] = await db.select().from(questions).where(eq(questions.id, "lenet-nome"));
    expect(stored).toMatchObject({ type: "shortanswer", courseId: f.courseA });
  });

  it("exporting the course and importing it into another gives the same questions", async () => {
    const { db } = f.database;
    const first = await exportQuestions(db, f.courseA, { format: "moodle-xml", ids: undefined });
    const report = await importQuestions(db, f.courseB, { format: "moodle-xml", content: first!.body, dryRun: false });
    expect([report.imported, report.rejected]).toEqual([7, 0]);
    const again = await exportQuestions(db, f.courseB, { format: "moodle-xml", ids: undefined });
    const byName = (xml: string) => parseMoodleXml(xml).questions.map(({ idnumber: _id, ...rest }) => rest).sort((a, b) => a.name.localeCompare(b.name));
    expect(byName(again!.body)).toEqual(byName(first!.body));
  });
});
