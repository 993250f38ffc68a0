import { afterEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { openTestDatabase } from "@/tests/integration/test-database";
import { courses, enrolments, users, assessments } from "@/db/schema";
import { demoUsers, seedDemo } from "@/lib/demo/seed";

let database: Database | undefined;
afterEach(async () => {
  await database?.close();
  database = undefined;
});

async function freshDatabase(): Promise<Database> {
  database = await openTestDatabase();
  return database;
}

describe("migrations", () => {
  it("create every table on an empty database", async () => {
    const { db } = await freshDatabase();
    const result = await db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`);
    const tables = (result as unknown as { rows: { table_name: string }[] }).rows.map((r) => r.table_name);
    expect(tables).toEqual(
      expect.arrayContaining([
        "users", "courses", "enrolments", "questions", "question_versions", "assessments", "assessment_items",
        "assessment_item_questions", "variants", "submissions", "manual_grades", "extensions", "grade_audit", "sign_in_attempts",
      ]),
    );
  });

  it("enforce constraints in the database itself", async () => {
    const { db } = await freshDatabase();
    await expect(db.insert(users).values({ email: "Upper@Case.dev", name: "x" })).rejects.toThrow();
    const [course] = await db.insert(courses).values({ slug: "c", title: "C" }).returning();
    const now = new Date();
    await expect(
      db.insert(assessments).values({ courseId: course!.id, slug: "a", title: "A", kind: "homework", opensAt: now, closesAt: now }),
    ).rejects.toThrow();
    await expect(
      db.insert(enrolments).values({ courseId: course!.id, userId: "00000000-0000-0000-0000-000000000000", role: "student" }),
    ).rejects.toThrow();
  });
});

describe("demo seed", () => {
  it("is idempotent: a second run creates nothing and changes nothing", async () => {
    const { db } = await freshDatabase();
    const first = await seedDemo(db);
    expect(first.createdUsers.map((u) => u.email)).toEqual(demoUsers.map((u) => u.email));
    const snapshot = async () => ({
      users: (await db.select({ id: users.id, email: users.email, hash: users.passwordHash }).from(users)).sort((a, b) => a.email.localeCompare(b.email)),
      courses: await db.select().from(courses),
      enrolments: (await db.select().from(enrolments)).length,
    });
    const before = await snapshot();
    const second = await seedDemo(db);
    expect(second.createdUsers).toEqual([]);
    expect(second.courseId).toBe(first.courseId);
    expect(await snapshot()).toEqual(before);
    expect(before.enrolments).toBe(demoUsers.length);
    const roles = (await db.select({ role: enrolments.role }).from(enrolments)).map((r) => r.role).sort();
    expect(new Set(roles)).toEqual(new Set(["instructor", "ta", "student"]));
  });

  it("refuses to run in production mode", async () => {
    const { db } = await freshDatabase();
    process.env.FORJA_ENV = "production";
    try {
      await expect(seedDemo(db)).rejects.toThrow(/production/);
    } finally {
      delete process.env.FORJA_ENV;
    }
  });
});
