import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { expectedOutputs } from "@/db/schema";
import type { ExpectedStore } from "@/grader/types/code/python/expected-store";

/** The expected outputs of Python-declared checkers in the database, shared by every grading process. */
export function databaseExpectedStore(db: Db): ExpectedStore {
  return {
    async get(key) {
      const [row] = await db.select({ value: expectedOutputs.value }).from(expectedOutputs).where(eq(expectedOutputs.key, key));
      return row?.value ?? null;
    },
    async put(key, value) {
      await db.insert(expectedOutputs).values({ key, value }).onConflictDoNothing();
    },
  };
}
