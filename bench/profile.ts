/**
 * Where the milliseconds of one instant answer and one question page go, in process (tsx, no Next.js): the same
 * domain calls the route and the page make, in the same order, with every database round trip timed at the driver
 * (pg's Pool.query, PGlite's query and execProtocol) and labelled with the step it belongs to. The HTTP total of `bench -- instant`
 * minus these steps is what Next.js, next-auth's JWT decoding and the response cost.
 *
 *   npm run bench -- profile [--students 100] [--db both|pglite|postgres] [--json]
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { openDatabase, type Db } from "@/db/client";
import { gradeAnswer, makeVariant } from "@/grader/grade";
import { loadItemContext } from "@/lib/assessments/context";
import { itemNeighbours } from "@/lib/assessments/navigation";
import { itemView } from "@/lib/assessments/student-view";
import { answerItem } from "@/lib/assessments/submit";
import { userWithStanding } from "@/lib/courses/membership";
import { submissionRateLimit } from "@/lib/http/rate-limit";
import { run } from "./command";
import { freshBenchDatabase, seedCourse } from "./exam";
import { INSTANT } from "./instant";

interface Step {
  ms: number[];
  queries: number[];
}

/** the step the running code is in; each driver round trip is counted there */
let current: { name: string; queries: number } | null = null;
const steps = new Map<string, Step>();

async function step<T>(name: string, work: () => Promise<T> | T): Promise<T> {
  const outer = current;
  current = { name, queries: 0 };
  const started = performance.now();
  try {
    return await work();
  } finally {
    const entry = steps.get(name) ?? { ms: [], queries: [] };
    entry.ms.push(performance.now() - started);
    entry.queries.push(current.queries);
    steps.set(name, entry);
    if (outer) outer.queries += current.queries;
    current = outer;
  }
}

/** Counts round trips at the drivers' query methods (pg Pool, PGlite), whatever drizzle builds on top. */
async function countRoundTrips() {
  const wrap = (proto: Record<string, unknown>, method = "query") => {
    const original = proto[method] as (...a: unknown[]) => unknown;
    proto[method] = function (this: unknown, ...a: unknown[]) {
      if (current) current.queries++;
      return original.apply(this, a);
    };
  };
  wrap(pg.Pool.prototype as unknown as Record<string, unknown>);
  const { PGlite } = await import("@electric-sql/pglite");
  // PGlite's own query (transactions, unprepared), and the named statements' one execProtocol per call (db/pglite-statements.ts)
  for (const method of ["query", "execProtocol"]) {
    let proto = PGlite.prototype as unknown as Record<string, unknown>;
    while (proto && !Object.prototype.hasOwnProperty.call(proto, method)) proto = Object.getPrototypeOf(proto) as Record<string, unknown>;
    wrap(proto, method);
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)]! : NaN;
};

async function profileOne(db: Db, students: number) {
  steps.clear();
  const { courseId, assessmentId, students: people } = await seedCourse(db, students, INSTANT);
  for (const [k] of INSTANT.entries()) {
    for (const who of people) {
      const itemId = who.answers[k]!.itemId;
      const now = new Date();
      // the question page: session user with course standing, the item's view, the pager
      await step("page", async () => {
        await step("page: session user + course standing", () => userWithStanding(db, who.userId, courseId));
        await step("page: item view", () => itemView(db, courseId, itemId, who.userId, now, undefined, "pt-BR"));
        await step("page: pager", () => itemNeighbours(db, assessmentId, itemId));
      });
      // the answer, as the route makes it
      const input = { itemId, answer: who.answers[k]!.answer, idempotencyKey: randomUUID() };
      const person = { userId: who.userId, courseId };
      await step("answer", async () => {
        await step("answer: session user + course standing", () => userWithStanding(db, who.userId, courseId));
        await step("answer: answerItem (item, replay, rate limit, rules, grading, insert)", () =>
          answerItem(db, person, input, now, { key: `submit:${who.userId}`, rule: submissionRateLimit() }),
        );
      });
      // the pure part of that submitNewAnswer, on its own: variant parameters and grading
      const context = (await loadItemContext(db, courseId, itemId, who.userId, now))!;
      await step("cpu: makeVariant + gradeAnswer", () => gradeAnswer(context.question, makeVariant(context.question, context.variant.seed), input.answer));
    }
  }
  return [...steps].map(([name, s]) => ({ step: name, n: s.ms.length, p50Ms: Number(median(s.ms).toFixed(3)), roundTrips: median(s.queries) }));
}

export async function main(args: string[]): Promise<void> {
  const dbAt = args.indexOf("--db");
  const which = dbAt >= 0 ? args[dbAt + 1] : "both";
  const studentsAt = args.indexOf("--students");
  const students = studentsAt >= 0 ? Number(args[studentsAt + 1]) : 100;
  await countRoundTrips();
  const results: { database: string; steps: Awaited<ReturnType<typeof profileOne>> }[] = [];
  if (which !== "postgres") {
    const database = await openDatabase({ dataDir: "memory://" });
    results.push({ database: "pglite", steps: await profileOne(database.db, students) });
    await database.close();
  }
  if (which !== "pglite") {
    const database = await openDatabase({ url: await freshBenchDatabase(await run("bash", ["scripts/postgres.sh"])) });
    results.push({ database: "postgres", steps: await profileOne(database.db, students) });
    await database.close();
  }
  if (args.includes("--json")) {
    console.log(JSON.stringify({ when: new Date().toISOString(), students, results }));
    return;
  }
  for (const r of results) {
    console.log(`\n${r.database}: ${students} students × ${INSTANT.length} questions, in process, medians`);
    console.log("| step | p50 ms | round trips |\n| --- | --- | --- |");
    for (const s of r.steps) console.log(`| ${s.step} | ${s.p50Ms} | ${s.roundTrips} |`);
  }
}
