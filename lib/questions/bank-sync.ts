import { and, desc, eq, max } from "drizzle-orm";
import type { Db } from "@/db/client";
import { questions, questionVersions } from "@/db/schema";
import type { LoadedQuestion } from "@/question-bank/load";

export interface SyncReport {
  created: string[];
  newVersions: string[];
  unchanged: number;
}

/**
 * The one place that brings question-bank/ files into the database. A question's content is immutable once stored:
 * changed files become a new version, and submissions keep pointing at the version they answered.
 */
export async function syncBank(db: Db, bank: LoadedQuestion[]): Promise<SyncReport> {
  const report: SyncReport = { created: [], newVersions: [], unchanged: 0 };
  await db.transaction(async (tx) => {
    for (const question of bank) {
      const inserted = await tx
        .insert(questions)
        .values({ id: question.id, type: question.type })
        .onConflictDoUpdate({ target: questions.id, set: { type: question.type } })
        .returning({ createdAt: questions.createdAt });
      const [existing] = await tx
        .select({ id: questionVersions.id })
        .from(questionVersions)
        .where(and(eq(questionVersions.questionId, question.id), eq(questionVersions.contentHash, question.contentHash)))
        .limit(1);
      if (existing) {
        report.unchanged++;
        continue;
      }
      const [{ latest } = { latest: null }] = await tx
        .select({ latest: max(questionVersions.version) })
        .from(questionVersions)
        .where(eq(questionVersions.questionId, question.id));
      await tx.insert(questionVersions).values({
        questionId: question.id,
        version: (latest ?? 0) + 1,
        contentHash: question.contentHash,
        content: question,
      });
      (latest === null && inserted.length > 0 ? report.created : report.newVersions).push(question.id);
    }
  });
  return report;
}

/** The newest stored version of a question. */
export async function latestVersion(db: Db, questionId: string) {
  const [row] = await db
    .select()
    .from(questionVersions)
    .where(eq(questionVersions.questionId, questionId))
    .orderBy(desc(questionVersions.version))
    .limit(1);
  return row;
}
