import iconv from "iconv-lite";
import Papa from "papaparse";
import { z } from "zod";
import type { CourseRole } from "@/lib/auth/policy";

/** One person of a roster file, with the line it came from (1 = the header). */
export interface RosterRow {
  line: number;
  name: string;
  email: string;
  role: CourseRole;
  studentId: string | null;
}

export type RosterLineError = { line: number; code: RosterErrorCode; value?: string };
export type RosterErrorCode = "missing_header" | "missing_column" | "bad_email" | "unknown_role" | "missing_name" | "duplicate_email" | "empty_file" | "too_many_rows" | "deactivated";

export const MAX_ROSTER_ROWS = 5000;

/** UTF-8 (with or without BOM) when the bytes are valid UTF-8, else Windows-1252 (Excel on Windows, older Moodle). */
export function decodeRosterBytes(bytes: Uint8Array): string {
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hasBom ? bytes.subarray(3) : bytes;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    return iconv.decode(Buffer.from(body), "win1252");
  }
}

const fold = (text: string) =>
  text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, " ");

/** Header spellings seen in university systems and Moodle exports, folded (no accents, lower case). */
const headerAliases: Record<string, "name" | "email" | "role" | "studentId" | "firstName" | "lastName"> = {
  name: "name",
  nome: "name",
  "nome completo": "name",
  "full name": "name",
  fullname: "name",
  email: "email",
  "e mail": "email",
  "email address": "email",
  "endereco de email": "email",
  role: "role",
  papel: "role",
  funcao: "role",
  perfil: "role",
  "student id": "studentId",
  studentid: "studentId",
  matricula: "studentId",
  "numero de matricula": "studentId",
  idnumber: "studentId",
  "id number": "studentId",
  "numero de identificacao": "studentId",
  firstname: "firstName",
  "first name": "firstName",
  "nome proprio": "firstName",
  lastname: "lastName",
  "last name": "lastName",
  sobrenome: "lastName",
};

const roleAliases: Record<string, CourseRole> = {
  aluno: "student",
  aluna: "student",
  "aluno(a)": "student",
  estudante: "student",
  student: "student",
  monitor: "ta",
  monitora: "ta",
  "monitor(a)": "ta",
  ta: "ta",
  professor: "instructor",
  professora: "instructor",
  "professor(a)": "instructor",
  instrutor: "instructor",
  instrutora: "instructor",
  instructor: "instructor",
  teacher: "instructor",
};

const emailSchema = z.string().email().max(254);

/**
 * The separator, from the header line: papaparse's guess needs several columns on every line and picks "," for a
 * two-column semicolon file ending in a blank line, so the header (which names the columns) decides.
 */
function headerDelimiter(text: string): string {
  const header = text.split(/\r?\n/).find((line) => line.trim() !== "") ?? "";
  const unquoted = header.replace(/"[^"]*"/g, "");
  const counts = [";", ",", "\t"].map((d) => [d, unquoted.split(d).length - 1] as const);
  const [best] = [...counts].sort((a, b) => b[1] - a[1]);
  return best && best[1] > 0 ? best[0] : ",";
}

export interface ParsedRoster {
  rows: RosterRow[];
  errors: RosterLineError[];
}

/**
 * Parses a roster CSV: a header row naming the columns (name, email, optional role and student_id, in any order,
 * Portuguese or English spellings), comma or semicolon separated, quoted fields allowed. A bad line is reported
 * with its line number; the other lines are kept.
 */
export function parseRosterCsv(input: Uint8Array | string): ParsedRoster {
  const text = typeof input === "string" ? input.replace(/^\uFEFF/, "") : decodeRosterBytes(input);
  const records: { fields: string[]; line: number }[] = [];
  let cursor = 0;
  let line = 1;
  Papa.parse<string[]>(text, {
    delimiter: headerDelimiter(text),
    skipEmptyLines: false,
    step: (result) => {
      const end = result.meta.cursor;
      records.push({ fields: result.data, line });
      for (let i = cursor; i < end; i++) if (text.charCodeAt(i) === 10) line++;
      // The record's own line break is counted before the next record starts.
      cursor = end;
    },
  });
  const nonEmpty = records.filter((r) => r.fields.some((f) => f.trim() !== ""));
  const header = nonEmpty[0];
  if (!header) return { rows: [], errors: [{ line: 1, code: "empty_file" }] };

  const columns = new Map<string, number>();
  header.fields.forEach((title, index) => {
    const key = headerAliases[fold(title)];
    if (key && !columns.has(key)) columns.set(key, index);
  });
  const hasName = columns.has("name") || columns.has("firstName");
  if (!columns.has("email") || !hasName) {
    return { rows: [], errors: [{ line: header.line, code: "missing_header", value: !columns.has("email") ? "email" : "name" }] };
  }

  const rows: RosterRow[] = [];
  const errors: RosterLineError[] = [];
  const seen = new Set<string>();
  const body = nonEmpty.slice(1);
  if (body.length > MAX_ROSTER_ROWS) return { rows: [], errors: [{ line: header.line, code: "too_many_rows", value: String(MAX_ROSTER_ROWS) }] };
  const required = ["email", columns.has("name") ? "name" : "firstName"];
  for (const record of body) {
    const cell = (key: string) => {
      const index = columns.get(key);
      return index === undefined ? undefined : record.fields[index]?.trim();
    };
    const missing = required.find((key) => cell(key) === undefined);
    if (missing) {
      errors.push({ line: record.line, code: "missing_column", value: missing === "firstName" ? "name" : missing });
      continue;
    }
    const email = cell("email")!.toLowerCase();
    if (!emailSchema.safeParse(email).success) {
      errors.push({ line: record.line, code: "bad_email", value: email });
      continue;
    }
    const name = (cell("name") ?? [cell("firstName"), cell("lastName")].filter(Boolean).join(" ")).replace(/\s+/g, " ");
    if (!name) {
      errors.push({ line: record.line, code: "missing_name" });
      continue;
    }
    const roleText = cell("role");
    const role = roleText ? roleAliases[fold(roleText)] : "student";
    if (!role) {
      errors.push({ line: record.line, code: "unknown_role", value: roleText });
      continue;
    }
    if (seen.has(email)) {
      errors.push({ line: record.line, code: "duplicate_email", value: email });
      continue;
    }
    seen.add(email);
    rows.push({ line: record.line, name, email, role, studentId: cell("studentId") || null });
  }
  return { rows, errors };
}
