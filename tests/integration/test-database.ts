import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type Database } from "@/db/client";

/** The PostgreSQL server of the PostgreSQL test stage (scripts/test.sh sets it), or undefined: PGlite in memory. */
export const testDatabaseUrl = (): string | undefined => process.env.TEST_DATABASE_URL || undefined;

/** `url` with its database name replaced. */
export function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function admin<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/**
 * `drop … with (force)` refuses (42501, "must be a member of the role whose process is being terminated") while an
 * autovacuum worker, which belongs to no role, is inside the database; it leaves within moments, so try again.
 */
async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await admin(serverUrl, (client) => client.query(`drop database if exists ${name} with (force)`));
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== "42501" || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** A fresh, empty database on the TEST_DATABASE_URL server; `drop` removes it (connections included). */
export async function createScratchDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `forja_test_${randomBytes(6).toString("hex")}`;
  await admin(serverUrl, (client) => client.query(`create database ${name}`));
  return {
    url: withDatabaseName(serverUrl, name),
    drop: () => dropDatabase(serverUrl, name),
  };
}

/**
 * The database of one integration test file, migrated: a fresh PostgreSQL database when TEST_DATABASE_URL is set
 * (dropped on close), else PGlite in memory.
 */
export async function openTestDatabase(): Promise<Database> {
  const serverUrl = testDatabaseUrl();
  if (!serverUrl) return openDatabase({ dataDir: "memory://" });
  const scratch = await createScratchDatabase(serverUrl);
  const database = await openDatabase({ url: scratch.url });
  const wrapped: Database = {
    ...database,
    async close() {
      await database.close();
      await scratch.drop();
    },
  };
  urls.set(wrapped, scratch.url);
  return wrapped;
}

const urls = new WeakMap<Database, string>();

/** The connection string of a test database on PostgreSQL (for a second client such as the job queue's); undefined on PGlite. */
export function urlOfTestDatabase(database: Database): string | undefined {
  return urls.get(database);
}
