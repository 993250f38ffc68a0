/** Analytics tables as CSV files. */
import type { Db } from "@/db/client";
import { safeFileName, toCsv, type CsvDialect } from "@/lib/gradebook/csv";
import { assessmentAnalytics } from "./service";
import { analyticsTable, type AnalyticsTable } from "./tables";

export async function analyticsCsv(db: Db, courseId: string, assessmentId: string, table: AnalyticsTable, dialect: CsvDialect): Promise<{ csv: string; fileName: string } | null> {
  const found = await assessmentAnalytics(db, courseId, assessmentId);
  if (!found) return null;
  const { header, rows } = analyticsTable(found.analytics, table);
  return { csv: toCsv(header, rows, dialect), fileName: safeFileName(`analise-${found.assessment.slug}-${table}`) };
}
