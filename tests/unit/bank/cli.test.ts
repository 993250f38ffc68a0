import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runGradeCli } from "@/grader/cli";
import { runBankCli } from "@/question-bank/cli";

const ROOT = path.resolve(".");
const FIXTURES = path.join(ROOT, "tests/fixtures/bank");
// the fixture bank cites its own seed files, so the test does not need the course material beside the repository
process.env.FORJA_SEEDS_DIR = path.join(ROOT, "tests/fixtures/seeds");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");

type Run = { code: number | null; stdout: string; stderr: string };

/** Runs a CLI in-process with its output captured (the `--bank` flag points it at a bank folder). */
async function run(script: "question-bank/cli.ts" | "grader/cli.ts", args: string[], bank = FIXTURES): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const io = { out: (t: string) => void (stdout += t), err: (t: string) => void (stderr += t) };
  const cli = script === "grader/cli.ts" ? runGradeCli : runBankCli;
  const code = await cli([...args, "--bank", bank], io);
  return { code, stdout, stderr };
}

/** Runs a CLI as a real process, as `npm run bank`/`npm run grade` do (slow: tsx start-up). */
function spawnCli(script: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(TSX, [script, ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, FORJA_BANK_DIR: FIXTURES }, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : null) : 0, stdout, stderr });
    });
  });
}

const bankCli = (...args: string[]) => run("question-bank/cli.ts", args);
const gradeCli = (...args: string[]) => run("grader/cli.ts", args);

describe("as real processes", () => {
  it("bank and grade run through tsx with exit codes and one JSON object", { timeout: 180_000 }, async () => {
    const [list, graded, usage] = await Promise.all([
      spawnCli("question-bank/cli.ts", ["list", "--json"]),
      spawnCli("grader/cli.ts", ["--question", "lenet5-parametros-fx", "--answer", "61706", "--json"]),
      spawnCli("grader/cli.ts", ["--question", "nope", "--answer", "1", "--json"]),
    ]);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toHaveLength(6);
    expect(graded).toMatchObject({ code: 0, stdout: '{"status":"graded","score":1,"maxScore":1,"feedback":"Correto!"}\n' });
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stdout)).toMatchObject({ status: "error", reason: "usage" });
    expect(usage.stderr).toMatch(/^grade: no question with id "nope"/);
  });
});

describe("bank CLI", () => {
  it("list --json prints every question with id, type, title and source", async () => {
    const { code, stdout } = await bankCli("list", "--json");
    expect(code).toBe(0);
    const rows = JSON.parse(stdout) as { id: string }[];
    expect(rows).toHaveLength(6);
    expect(rows).toContainEqual({
      id: "lenet5-parametros-fx",
      type: "numeric",
      title: "LeNet-5: parâmetros treináveis",
      source: { seed: "000_89f0f8d386b3ce03.txt", item: "I.d" },
    });
  });

  it("show --json renders a variant without the answer; mcq options in display order", async () => {
    const [numericRun, mcqRun, againRun, defaultRun] = await Promise.all([
      bankCli("show", "conv-saida-fx", "--seed", "1", "--json"),
      bankCli("show", "lenet5-nome-fx", "--seed", "4", "--json"),
      bankCli("show", "lenet5-nome-fx", "--seed", "4", "--json"),
      bankCli("show", "lenet5-nome-fx", "--json"),
    ]);
    const numeric = JSON.parse(numericRun.stdout);
    expect(numeric).toMatchObject({ id: "conv-saida-fx", type: "numeric", seed: 1, params: { n: 33, f: 7, s: 2, p: 1 } });
    expect(numeric.prompt).toContain("$33 \\times 33$");
    const { solution, ...view } = numeric;
    expect(JSON.stringify(view)).not.toMatch(/answer|"15"/);
    // the rendered worked solution, for staff: no template text left
    expect(solution).toMatch(/15/);
    expect(solution).not.toMatch(/\{\{/);
    const mcq = JSON.parse(mcqRun.stdout);
    expect(mcq.options.map((o: { id: string }) => o.id).sort()).toEqual(["a", "b", "c", "d"]);
    expect(Object.keys(mcq.options[0])).toEqual(["id", "text"]);
    expect(JSON.parse(againRun.stdout).options).toEqual(mcq.options);
    const byDefault = JSON.parse(defaultRun.stdout);
    expect(byDefault.seed).toBeNull();
    expect(byDefault.options.map((o: { id: string }) => o.id)).toEqual(["a", "b", "c", "d"]);
  });

  it("check passes on the fixtures and prints the errata", async () => {
    const { code, stdout } = await bankCli("check");
    expect(stdout).toContain('lenet5-parametros-fx [000_89f0f8d386b3ce03.txt I.d] printed "61702" -> correct "61706"');
    expect(stdout).toContain("check passed");
    expect(code).toBe(0);
  });

  it("check fails, naming file and problem, on a broken bank and a stale ERRATA.md", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "forja-cli-"));
    try {
      fs.cpSync(FIXTURES, dir, { recursive: true });
      const yaml = path.join(dir, "004-slides-cnn-en/conv-saida-fx/question.yaml");
      fs.writeFileSync(yaml, fs.readFileSync(yaml, "utf8").replace('- "mod(n + 2*p - f, s) == 0"', '- "n > 100"'));
      const lenet = path.join(dir, "000-lista/lenet5-parametros-fx/question.yaml");
      fs.writeFileSync(lenet, fs.readFileSync(lenet, "utf8").replace('correct: "61706"', 'correct: "61707"'));
      fs.appendFileSync(path.join(dir, "000-lista/lenet5-parametros-fx/solution.md"), "\nLado: ${{2*nn}}$.\n");
      const { code, stdout } = await run("question-bank/cli.ts", ["check"], dir);
      expect(code).toBe(1);
      expect(stdout).toMatch(/conv-saida-fx\/question\.yaml: default variant breaks constraint\(s\): n > 100/);
      expect(stdout).toMatch(/conv-saida-fx\/question\.yaml: variant seed 1: .*unsolvable variant/);
      expect(stdout).toMatch(/ERRATA\.md: out of date/);
      expect(stdout).toMatch(/lenet5-parametros-fx\/question\.yaml: default variant .*solution\.md: placeholder \{\{2\*nn\}\}: unknown name nn/);
      expect(stdout).toMatch(/check failed: 4 problem/);
      expect((await run("question-bank/cli.ts", ["errata", "--write"], dir)).code).toBe(0);
      expect(fs.readFileSync(path.join(dir, "ERRATA.md"), "utf8")).toContain("| lenet5-parametros-fx | 000_89f0f8d386b3ce03.txt | I.d | 61702 | 61707 |");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("bad usage: clear message, non-zero exit, no stack trace", async () => {
    const runs = await Promise.all(
      [["show", "nope", "--json"], ["frobnicate"], ["show", "conv-saida-fx", "--seed", "x"], ["list", "--bogus"]].map((args) => bankCli(...args)),
    );
    for (const { code, stderr } of runs) {
      expect(code).toBe(2);
      expect(stderr).toMatch(/^bank: /);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });
});

describe("grade CLI", () => {
  const graded = async (...args: string[]) => {
    const { code, stdout } = await gradeCli(...args, "--json");
    expect(stdout.trim().split("\n")).toHaveLength(1);
    return { code, out: JSON.parse(stdout) };
  };

  it("prints exactly one JSON object per grading", async () => {
    const [right, wrong, seeded, partial, symbolic, open] = await Promise.all([
      graded("--question", "lenet5-parametros-fx", "--answer", "61706"),
      graded("--question", "lenet5-parametros-fx", "--answer", "61702"),
      graded("--question", "conv-saida-fx", "--seed", "1", "--answer", "15"),
      graded("--question", "lenet5-camadas-fx", "--answer", "a,c"),
      graded("--question", "he-init-variancia-fx", "--answer", "2/(9*C1)"),
      graded("--question", "stride-definicao-fx", "--answer", "o passo"),
    ]);
    expect(right).toEqual({ code: 0, out: { status: "graded", score: 1, maxScore: 1, feedback: "Correto!" } });
    expect(wrong.out).toMatchObject({ status: "graded", score: 0 });
    expect(seeded.out).toMatchObject({ score: 1 });
    expect(partial.out.score).toBeCloseTo(2 / 3);
    expect(symbolic.out).toMatchObject({ score: 1 });
    expect(open.out).toMatchObject({ status: "graded", pending: true, score: 0 });
  });

  it("takes values that start with a dash (negative numbers, negative seeds)", async () => {
    expect((await graded("--question", "conv-saida-fx", "--answer", "-37")).out).toMatchObject({ status: "graded", score: 0, feedback: expect.stringMatching(/sinal/) });
    expect(JSON.parse((await bankCli("show", "conv-saida-fx", "--seed", "-5", "--json")).stdout).seed).toBe(-5);
  });

  it("an unreadable answer is a status error with a Portuguese message, exit 0; --file works", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "forja-ans-")), "answer.txt");
    fs.writeFileSync(file, "61706\n");
    const [letter, huge, fromFile] = await Promise.all([
      graded("--question", "lenet5-nome-fx", "--answer", "z"),
      graded("--question", "lenet5-parametros-fx", "--answer", "1e309"),
      graded("--question", "lenet5-parametros-fx", "--file", file),
    ]);
    expect(letter).toMatchObject({ code: 0, out: { status: "error", reason: "invalid-answer", score: 0, maxScore: 1 } });
    expect(huge.out.feedback).toMatch(/grande demais/);
    expect(fromFile.out.score).toBe(1);
  });

  it("bad usage: message on stderr, exit 2, still one JSON object with --json, no stack trace", async () => {
    const runs = await Promise.all(
      [
        ["--question", "nope", "--answer", "1"],
        ["--answer", "1"],
        ["--question", "lenet5-nome-fx"],
        ["--question", "lenet5-nome-fx", "--answer", "b", "--file", "x"],
        ["--question", "lenet5-nome-fx", "--file", "/nonexistent/file"],
        ["--question", "lenet5-nome-fx", "--answer", "b", "--seed", "1.5"],
        ["--question", "lenet5-nome-fx", "--answer", "b", "--wat"],
      ].map((args) => gradeCli(...args, "--json")),
    );
    for (const { code, stdout, stderr } of runs) {
      expect(code).toBe(2);
      expect(JSON.parse(stdout)).toMatchObject({ status: "error", score: 0, maxScore: 1 });
      expect(stderr).toMatch(/^grade: /);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });
});
