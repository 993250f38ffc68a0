import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { decodeRosterBytes, parseRosterCsv } from "@/lib/courses/roster-csv";

const people = [
  { name: "João Conceição", email: "joao@ufv.br", role: "student", studentId: "98765" },
  { name: "Márcia d'Ávila, Jr.", email: "marcia@ufv.br", role: "ta", studentId: null },
];

describe("roster CSV: encodings and separators", () => {
  const text = 'nome;e-mail;papel;matrícula\n"João Conceição";joao@ufv.br;aluno;98765\n"Márcia d\'Ávila, Jr.";MARCIA@ufv.br;monitor;\n';

  it("reads UTF-8 without BOM", () => {
    expect(parseRosterCsv(Buffer.from(text, "utf8"))).toMatchObject({ rows: people, errors: [] });
  });

  it("reads UTF-8 with a BOM (Excel's 'CSV UTF-8')", () => {
    expect(parseRosterCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]))).toMatchObject({ rows: people, errors: [] });
  });

  it("reads Windows-1252 (Excel on Windows), accents included", () => {
    const bytes = iconv.encode(text, "win1252");
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toThrow();
    expect(decodeRosterBytes(bytes)).toBe(text);
    expect(parseRosterCsv(bytes)).toMatchObject({ rows: people, errors: [] });
  });

  it("reads comma-separated files with English headers in another order, CRLF line ends and quoted commas", () => {
    const csv = 'email,student_id,name,role\r\njoao@ufv.br,98765,João Conceição,student\r\nmarcia@ufv.br,,"Márcia d\'Ávila, Jr.",ta\r\n';
    expect(parseRosterCsv(Buffer.from(csv))).toMatchObject({ rows: people, errors: [] });
  });

  it("reads a two-column semicolon file ending in a blank line (papaparse's own guess says comma)", () => {
    expect(parseRosterCsv("nome;email\nAna;ana@ufv.br\nBad;bad\n\n")).toEqual({
      rows: [{ line: 2, name: "Ana", email: "ana@ufv.br", role: "student", studentId: null }],
      errors: [{ line: 3, code: "bad_email", value: "bad" }],
    });
  });

  it("defaults the role to student and reads Moodle's firstname/lastname/idnumber columns", () => {
    const csv = "firstname,lastname,email,idnumber\nJoão,Conceição,joao@ufv.br,98765\n";
    expect(parseRosterCsv(csv)).toEqual({ rows: [{ line: 2, ...people[0] }], errors: [] });
  });
});

describe("roster CSV: bad lines", () => {
  it("reports each malformed line with its number and keeps the others", () => {
    const csv = [
      "name;email;role", // 1
      "Ana;ana@ufv.br;aluno", // 2
      "Bruno;bruno-at-ufv;aluno", // 3 bad e-mail
      "", // 4 empty: skipped
      "Carla;carla@ufv.br;reitora", // 5 unknown role
      "Diego", // 6 missing column
      '"Elisa\nSegunda linha";elisa@ufv.br;professor', // 7-8: a quoted line break
      "Fábio;ANA@ufv.br;aluno", // 9 duplicate
      ";gui@ufv.br;aluno", // 10 no name
      "Helena;helena@ufv.br;Professora", // 11
    ].join("\n");
    const parsed = parseRosterCsv(csv);
    expect(parsed.rows.map((r) => [r.line, r.email, r.role])).toEqual([
      [2, "ana@ufv.br", "student"],
      [7, "elisa@ufv.br", "instructor"],
      [11, "helena@ufv.br", "instructor"],
    ]);
    expect(parsed.errors).toEqual([
      { line: 3, code: "bad_email", value: "bruno-at-ufv" },
      { line: 5, code: "unknown_role", value: "reitora" },
      { line: 6, code: "missing_column", value: "email" },
      { line: 9, code: "duplicate_email", value: "ana@ufv.br" },
      { line: 10, code: "missing_name" },
    ]);
  });

  it("refuses a file without the name or email column, or an empty one", () => {
    expect(parseRosterCsv("nome;papel\nAna;aluno\n")).toEqual({ rows: [], errors: [{ line: 1, code: "missing_header", value: "email" }] });
    expect(parseRosterCsv("email\nana@ufv.br\n")).toEqual({ rows: [], errors: [{ line: 1, code: "missing_header", value: "name" }] });
    expect(parseRosterCsv("\n\n")).toEqual({ rows: [], errors: [{ line: 1, code: "empty_file" }] });
  });
});
