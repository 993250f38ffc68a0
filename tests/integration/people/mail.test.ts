import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import readline from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { runAdminCli } from "@/db/admin-cli";
import { createCourse } from "@/lib/courses/courses";
import { tokenHolder } from "@/lib/accounts/tokens";
import { requestPasswordReset } from "@/lib/accounts/reset";
import { addUser } from "@/lib/accounts/users";
import { openTestDatabase } from "@/tests/integration/test-database";

interface Received {
  from: string;
  to: string[];
  raw: string;
}

let server: ChildProcess;
let database: Database;
const received: Received[] = [];
const waiting: ((m: Received) => void)[] = [];

function nextMail(): Promise<Received> {
  const ready = received.shift();
  return ready ? Promise.resolve(ready) : new Promise((resolve) => waiting.push(resolve));
}

beforeAll(async () => {
  server = spawn(process.execPath, [path.join(import.meta.dirname, "smtp-sink.mjs")], { stdio: ["ignore", "pipe", "inherit"] });
  const lines = readline.createInterface({ input: server.stdout! });
  const port = await new Promise<number>((resolve) => {
    lines.on("line", (line) => {
      if (line.startsWith("listening ")) return resolve(Number(line.split(" ")[1]));
      const mail = JSON.parse(line) as Received;
      const waiter = waiting.shift();
      if (waiter) waiter(mail);
      else received.push(mail);
    });
  });
  process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
  process.env.MAIL_FROM = "Forja INF721 <forja@ufv.br>";
  process.env.NEXTAUTH_URL = "https://forja.ufv.br";
  database = await openTestDatabase();
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  delete process.env.MAIL_FROM;
  delete process.env.NEXTAUTH_URL;
  server.kill("SIGTERM");
  await database.close();
});

/** The text part of a received message, quoted-printable soft breaks undone. */
const bodyOf = (raw: string) => raw.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

async function admin(argv: string[]) {
  let out = "";
  let err = "";
  const code = await runAdminCli(argv, { out: (t) => void (out += t), err: (t) => void (err += t) }, {
    openDb: async () => ({ db: database.db, close: async () => {} }),
    readStdin: async () => "",
  });
  return { code, out, err };
}

describe("invitation e-mails through a real SMTP server", () => {
  it("user add e-mails the invitation link it prints", async () => {
    const r = await admin(["user", "add", "--email", "prof@ufv.br", "--name", "Paula", "--json"]);
    expect(r.code).toBe(0);
    const { inviteUrl } = JSON.parse(r.out) as { inviteUrl: string };
    expect(inviteUrl).toMatch(/^https:\/\/forja\.ufv\.br\/account\/password\?token=/);
    const mail = await nextMail();
    expect(mail.from).toBe("forja@ufv.br");
    expect(mail.to).toEqual(["prof@ufv.br"]);
    expect(bodyOf(mail.raw)).toContain(inviteUrl);
  });

  it("a roster import e-mails each new person in the course's language, and prints no link", async () => {
    const course = await createCourse(database.db, { slug: "inf721", title: "INF721 Deep Learning", instructorEmail: "prof@ufv.br", language: "en" });
    if (!course.ok) throw new Error(course.reason);
    const fs = await import("node:fs");
    const os = await import("node:os");
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "forja-mail-")), "roster.csv");
    fs.writeFileSync(file, "name,email\nJoão Silva,joao@ufv.br\n");
    const r = await admin(["roster", "import", "--course", "inf721", "--file", file, "--json"]);
    expect(JSON.parse(r.out)).toEqual({ added: 1, updated: 0, unchanged: 0, errors: [] });
    expect(r.err).toBe("");
    const mail = await nextMail();
    expect(mail.to).toEqual(["joao@ufv.br"]);
    const body = bodyOf(mail.raw);
    expect(body).toMatch(/Subject: Invitation to INF721 Deep Learning on Forja/);
    const token = /account\/password\?token=([A-Za-z0-9_-]+)/.exec(body)?.[1];
    expect(await tokenHolder(database.db, token!)).toMatchObject({ email: "joao@ufv.br", purpose: "invite" });
  });

  it("an account created with a password sends nothing", async () => {
    expect(await addUser(database.db, { email: "sem@ufv.br", name: "Sem", password: "uma senha longa o bastante" })).toMatchObject({ ok: true });
    const r = await admin(["user", "add", "--email", "outra@ufv.br", "--name", "Outra", "--json"]);
    expect(r.code).toBe(0);
    expect((await nextMail()).to).toEqual(["outra@ufv.br"]);
  });

  it("forgot my password: a reset link for an existing account, the same answer for an unknown one, a limit per e-mail", async () => {
    expect(await requestPasswordReset(database.db, "ninguem@ufv.br", "10.0.0.9")).toBe("sent");
    expect(await requestPasswordReset(database.db, "Sem@ufv.br", "10.0.0.9", "pt-BR")).toBe("sent");
    const mail = await nextMail();
    expect(mail.to).toEqual(["sem@ufv.br"]);
    const token = /account\/password\?token=([A-Za-z0-9_-]+)/.exec(bodyOf(mail.raw))?.[1];
    expect(await tokenHolder(database.db, token!)).toMatchObject({ email: "sem@ufv.br", purpose: "reset" });
    expect(received).toHaveLength(0);
    await requestPasswordReset(database.db, "sem@ufv.br", "10.0.0.9");
    await requestPasswordReset(database.db, "sem@ufv.br", "10.0.0.9");
    expect(await requestPasswordReset(database.db, "sem@ufv.br", "10.0.0.9")).toBe("rate_limited");
  });

  it("without SMTP_URL there is no reset by e-mail", async () => {
    const url = process.env.SMTP_URL;
    delete process.env.SMTP_URL;
    try {
      expect(await requestPasswordReset(database.db, "sem@ufv.br", "10.0.0.10")).toBe("no_mail");
    } finally {
      process.env.SMTP_URL = url;
    }
  });
});
