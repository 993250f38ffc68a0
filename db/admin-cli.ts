/**
 * npm run --silent admin -- <command> [--json]   (the operator's tool: accounts, courses, rosters)
 * Exit codes: 0 done, 1 refused input (or some roster lines refused), 2 bad usage.
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { deliverLinks } from "@/lib/accounts/deliver";
import { addUser, findUserByEmail, inviteAgain, type AccountRefusal } from "@/lib/accounts/users";
import { copyCourse, createCourse, findCourseBySlug, type CourseRefusal } from "@/lib/courses/courses";
import { importRosterFile, rosterErrorMessage } from "@/lib/courses/roster";
import { joinOptionValues, processIO, UsageError, type CliIO } from "@/lib/cli/io";
import { translatorFor } from "@/domain/i18n/translator";
import { ltiCommands, LtiRefusal } from "@/lib/lti/admin-commands";
import type { Db } from "./client";

const USAGE = `usage:
  npm run --silent admin -- user add --email E --name N [--admin] [--password-stdin] [--json]
  npm run --silent admin -- user invite --email E [--json]
  npm run --silent admin -- course add --slug S --title T --instructor E [--time-zone Z] [--term T] [--language pt-BR|en] [--json]
  npm run --silent admin -- course copy --from S --slug S2 --title T [--shift-days N] [--json]
  npm run --silent admin -- roster import --course S --file F.csv [--dry-run] [--json]
  npm run --silent admin -- lti add --name N --issuer I --client-id C --deployment-id D [--deployment-id D2 ...]
                                    --auth-url U --token-url U --jwks-url U [--json]
  npm run --silent admin -- lti link --platform ID --context LMS_COURSE_ID --course S [--json]
  npm run --silent admin -- lti list [--json]
database: DATABASE_URL, else the embedded one (PGLITE_DIR); links point at NEXTAUTH_URL; e-mail through SMTP_URL when set`;

const VALUE_OPTIONS = new Set(["--email", "--name", "--slug", "--title", "--instructor", "--time-zone", "--term", "--language", "--from", "--shift-days", "--course", "--file", "--issuer", "--client-id", "--deployment-id", "--auth-url", "--token-url", "--jwks-url", "--platform", "--context"]);

/** Refused input: exit code 1, the message on stderr (and as {"error"} on stdout with --json). */
class Refusal extends Error {}

export interface AdminDeps {
  /** the database to work on (opened lazily: bad usage never touches it) */
  openDb(): Promise<{ db: Db; close(): Promise<void> }>;
  readStdin(): Promise<string>;
}

const defaultDeps: AdminDeps = {
  async openDb() {
    const { openDatabase } = await import("./client");
    return openDatabase();
  },
  async readStdin() {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  },
};

const accountMessages: Record<AccountRefusal["reason"], string> = {
  invalid_email: "the e-mail address is not valid",
  invalid_name: "the name must have 1 to 200 characters",
  email_taken: "an account with this e-mail already exists (use `user invite` for a new link)",
  not_found: "no account with this e-mail",
  invalid_token: "the link is not valid",
  wrong_password: "wrong password",
  too_short: "the password is too short (at least 10 characters)",
  too_long: "the password is too long (at most 256 characters)",
  is_email: "the password cannot be the e-mail address",
};

function courseMessage(refusal: CourseRefusal): string {
  switch (refusal.reason) {
    case "slug_taken":
      return "a course with this slug already exists";
    case "not_found":
      return "no course with this slug";
    case "no_instructor":
      return "no account with the instructor's e-mail: create it first with `user add`";
    case "invalid":
      return `invalid ${refusal.field === "slug" ? "slug (lower-case letters, digits and dashes, at most 63)" : refusal.field || "value"}${refusal.field === "timeZone" ? " (an IANA time zone such as America/Sao_Paulo)" : ""}`;
  }
}

const requiredFlags: Record<string, string[]> = {
  "user add": ["email", "name"],
  "user invite": ["email"],
  "course add": ["slug", "title", "instructor"],
  "course copy": ["from", "slug", "title"],
  "roster import": ["course", "file"],
  "lti add": ["name", "issuer", "client-id", "auth-url", "token-url", "jwks-url"],
  "lti link": ["platform", "context", "course"],
};

function need(value: string | undefined, flag: string): string {
  if (value === undefined || value === "") throw new UsageError(`${flag} is required`);
  return value;
}

/** Runs one admin command; returns the exit code. */
export async function runAdminCli(argv: string[], io: CliIO = processIO, deps: AdminDeps = defaultDeps): Promise<number> {
  let json = false;
  try {
    const { values, positionals } = parseArgs({
      args: joinOptionValues(argv, VALUE_OPTIONS),
      allowPositionals: true,
      options: {
        json: { type: "boolean", default: false },
        admin: { type: "boolean", default: false },
        "password-stdin": { type: "boolean", default: false },
        "dry-run": { type: "boolean", default: false },
        email: { type: "string" },
        name: { type: "string" },
        slug: { type: "string" },
        title: { type: "string" },
        instructor: { type: "string" },
        "time-zone": { type: "string" },
        term: { type: "string" },
        language: { type: "string" },
        from: { type: "string" },
        "shift-days": { type: "string" },
        course: { type: "string" },
        file: { type: "string" },
        issuer: { type: "string" },
        "client-id": { type: "string" },
        "deployment-id": { type: "string", multiple: true },
        "auth-url": { type: "string" },
        "token-url": { type: "string" },
        "jwks-url": { type: "string" },
        platform: { type: "string" },
        context: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
    json = values.json;
    const command = positionals.join(" ");
    if (values.help) {
      io.out(`${USAGE}\n`);
      return 0;
    }
    const commands: Record<string, (db: Db) => Promise<{ result: Record<string, unknown>; text: string; code?: number }>> = {
      "user add": async (db) => {
        const email = need(values.email, "--email");
        const name = need(values.name, "--name");
        const password = values["password-stdin"] ? (await deps.readStdin()).replace(/\r?\n$/, "") : undefined;
        const added = await addUser(db, { email, name, isAdmin: values.admin, password });
        if (!added.ok) throw new Refusal(accountMessages[added.reason]);
        if (!added.inviteToken) return { result: { id: added.id, email: added.email }, text: `created ${added.email} (${values.admin ? "administrator" : "user"}), id ${added.id}` };
        const [link] = await deliverLinks([{ email: added.email, name, token: added.inviteToken }], { purpose: "invite" });
        return {
          result: { id: added.id, email: added.email, inviteUrl: link!.link },
          text: `created ${added.email}${values.admin ? " (administrator)" : ""}, id ${added.id}\ninvitation${link!.mailed ? " (also e-mailed)" : ""}: ${link!.link}`,
        };
      },
      "user invite": async (db) => {
        const invited = await inviteAgain(db, need(values.email, "--email"));
        if (!invited.ok) throw new Refusal(accountMessages[invited.reason]);
        const user = (await findUserByEmail(db, values.email!))!;
        const [link] = await deliverLinks([{ email: user.email, name: user.name, token: invited.token }], { purpose: "invite" });
        return { result: { inviteUrl: link!.link }, text: `new invitation (the previous link no longer works)${link!.mailed ? ", also e-mailed" : ""}: ${link!.link}` };
      },
      "course add": async (db) => {
        const created = await createCourse(db, {
          slug: need(values.slug, "--slug"),
          title: need(values.title, "--title"),
          instructorEmail: need(values.instructor, "--instructor"),
          timeZone: values["time-zone"],
          term: values.term,
          language: values.language as "pt-BR" | undefined,
        });
        if (!created.ok) throw new Refusal(courseMessage(created));
        return { result: { id: created.id, slug: created.slug }, text: `course ${created.slug} created, id ${created.id}` };
      },
      "course copy": async (db) => {
        const shiftText = values["shift-days"] ?? "0";
        if (!/^-?\d+$/.test(shiftText)) throw new UsageError(`--shift-days must be a whole number of days, got "${shiftText}"`);
        const from = await findCourseBySlug(db, need(values.from, "--from"));
        if (!from) throw new Refusal(`no course with the slug "${values.from}"`);
        const copied = await copyCourse(db, { fromCourseId: from.id, slug: need(values.slug, "--slug"), title: need(values.title, "--title"), shiftDays: Number(shiftText) });
        if (!copied.ok) throw new Refusal(courseMessage(copied));
        const { ok: _ok, ...result } = copied;
        return { result, text: `course ${copied.slug} created from ${from.slug}: ${copied.questions} questions, ${copied.assessments} assessments (unpublished), id ${copied.id}` };
      },
      "roster import": async (db) => {
        const course = await findCourseBySlug(db, need(values.course, "--course"));
        const file = need(values.file, "--file");
        if (!course) throw new Refusal(`no course with the slug "${values.course}"`);
        let bytes: Buffer;
        try {
          bytes = fs.readFileSync(path.resolve(file));
        } catch (error) {
          throw new Refusal(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
        }
        const dryRun = values["dry-run"];
        const report = await importRosterFile(db, course.id, bytes, { dryRun });
        const { t } = await translatorFor(course.language);
        const errors = report.errors.map((e) => ({ line: e.line, message: rosterErrorMessage(t, e) }));
        const links = await deliverLinks(report.invitations, { purpose: "invite", locale: course.language, courseTitle: course.title });
        for (const l of links.filter((x) => !x.mailed)) io.err(`invite ${l.email} ${l.link}\n`);
        const lines = [
          `${dryRun ? "dry run (nothing written): would add" : "added"} ${report.added}, ${dryRun ? "update" : "updated"} ${report.updated}, unchanged ${report.unchanged}, refused lines ${errors.length}`,
          ...errors.map((e) => `  line ${e.line}: ${e.message}`),
        ];
        return { result: { added: report.added, updated: report.updated, unchanged: report.unchanged, errors }, text: lines.join("\n"), code: errors.length > 0 ? 1 : 0 };
      },
      ...ltiCommands(values),
    };
    const run = commands[command];
    if (!run) throw new UsageError(command ? `unknown command "${command}"` : "a command is required");
    for (const flag of requiredFlags[command] ?? []) need(values[flag as keyof typeof values] as string | undefined, `--${flag}`);
    const database = await deps.openDb();
    try {
      const { result, text, code = 0 } = await run(database.db);
      io.out(json ? `${JSON.stringify(result)}\n` : `${text}\n`);
      return code;
    } finally {
      await database.close();
    }
  } catch (error) {
    if (error instanceof Refusal || error instanceof LtiRefusal) {
      if (json) io.out(`${JSON.stringify({ error: error.message })}\n`);
      io.err(`admin: ${error.message}\n`);
      return 1;
    }
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    io.err(`admin: ${(error as Error).message}\n${usage ? `${USAGE}\n` : ""}`);
    return usage ? 2 : 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  runAdminCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

