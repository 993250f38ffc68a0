import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { courses, enrolments, users } from "@/db/schema";
import { listMemberships } from "@/lib/courses/membership";
import { listStaffCourses } from "@/lib/courses/courses";
import { openTestDatabase } from "@/tests/integration/test-database";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

it("active courses come before archived ones (the landing page opens the first), then by title", async () => {
  const db = database.db;
  const [old] = await db.insert(courses).values({ slug: "antiga", title: "A turma antiga", archivedAt: new Date("2026-07-01T00:00:00Z") }).returning();
  const [current] = await db.insert(courses).values({ slug: "atual", title: "B turma atual" }).returning();
  const [other] = await db.insert(courses).values({ slug: "outra", title: "C outra turma" }).returning();
  const [teacher] = await db.insert(users).values({ email: "prof@ufv.br", name: "Profa." }).returning();
  for (const course of [old!, current!, other!]) await db.insert(enrolments).values({ courseId: course.id, userId: teacher!.id, role: "instructor" });

  expect((await listMemberships(db, teacher!.id)).map((m) => [m.title, m.archived])).toEqual([
    ["B turma atual", false],
    ["C outra turma", false],
    ["A turma antiga", true],
  ]);
  const all = await listStaffCourses(db, { id: teacher!.id, isAdmin: false }, { status: "all" });
  expect(all.map((c) => c.title)).toEqual(["B turma atual", "C outra turma", "A turma antiga"]);
});
