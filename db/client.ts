import path from "node:path";
import { mkdirSync } from "node:fs";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { databaseHealth } from "./outage";
import * as schema from "./schema";
import { config } from "@/platform/config";
import { openOnce, processWide, type OpenOnce } from "@/platform/process-wide";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type DatabaseKind = "pglite" | "postgres";

/** The rows of a raw `db.execute` result (node-postgres and PGlite both return them under `rows`). */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

export interface Database {
  db: Db;
  kind: DatabaseKind;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL connection string; when absent the embedded PGlite database is used */
  url?: string;
  /** PGlite data directory; "memory://" keeps everything in memory (tests) */
  dataDir?: string;
}

const migrationsFolder = () => config().database.migrationsDir ?? path.join(process.cwd(), "db", "migrations");

export function defaultDatabaseOptions(): DatabaseOptions {
  return {
    url: config().database.url,
    dataDir: config().database.pgliteDir ?? path.join(process.cwd(), ".data", "pglite"),
  };
}

/** Opens the database and applies pending migrations. */
export async function openDatabase(options: DatabaseOptions = defaultDatabaseOptions()): Promise<Database> {
  if (options.url) return openPostgres(options.url);
  return openPglite(options.dataDir ?? "memory://");
}

async function openPglite(dataDir: string): Promise<Database> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  if (!dataDir.startsWith("memory://")) mkdirSync(dataDir, { recursive: true });
  const client = new PGlite(dataDir);
  const { withStatementCache } = await import("./pglite-statements");
  const db = drizzle(withStatementCache(client), { schema });
  await migrate(db, { migrationsFolder: migrationsFolder() });
  return { db: db as unknown as Db, kind: "pglite", close: () => client.close() };
}

async function openPostgres(url: string): Promise<Database> {
  const { Pool } = await import("pg");
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const { migrate } = await import("drizzle-orm/node-postgres/migrator");
  // a server that does not answer (a network cut, a failover in progress) fails the connect instead of hanging it
  const pool = new Pool({ connectionString: url, max: config().database.poolSize, connectionTimeoutMillis: 5_000 });
  // An idle connection ended by the server (restart, failover, admin termination) is dropped from the pool by pg;
  // without a listener its 'error' event would crash the process. Queries in flight still get their own error.
  // Both count towards the outage state (logged once per outage); a new connection ends it.
  pool.on("error", (error) => {
    if (!databaseHealth().failed(error, "database pool")) console.error(`database: idle connection lost (${error.message})`);
  });
  pool.on("connect", () => databaseHealth().succeeded("database pool"));
  const db = drizzle(pool, { schema });
  await migrate(db, { migrationsFolder: migrationsFolder() });
  return { db: db as unknown as Db, kind: "postgres", close: () => pool.end() };
}

/** The process-wide database (opened and migrated on first use). */
export function getDatabase(): Promise<Database> {
  return openOnce(processWide("database", (): OpenOnce<Database> => ({})), openDatabase);
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}
