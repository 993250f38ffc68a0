import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { contentHash, loadBank } from "@/question-bank/load";

const FIXTURES = path.resolve("tests/fixtures/bank");
const tmpDirs: string[] = [];

const NUMERIC = `id: conta
type: numeric
title: "Conta"
topic: teste
source: { seed: 000_89f0f8d386b3ce03.txt, item: I.d }
params:
  a: { default: 2, choices: [2, 3] }
answer: "a * 10"
tolerance: { mode: integer }
`;

function makeBank(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "forja-bank-"));
  tmpDirs.push(dir);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

function questionFiles(folder: string, yaml: string, prompt = "Quanto é {{a}} × 10?", solution = "{{answer}}") {
  return { [`${folder}/question.yaml`]: yaml, [`${folder}/prompt.md`]: prompt, [`${folder}/solution.md`]: solution };
}

afterEach(() => {
  for (const dir of tmpDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("loadBank", () => {
  it("loads every fixture question with texts, folder and a sha256 content hash", () => {
    const bank = loadBank(FIXTURES);
    expect(bank.problems).toEqual([]);
    expect(bank.questions.map((q) => q.id).sort()).toEqual([
      "conv-saida-fx",
      "he-init-variancia-fx",
      "lenet5-camadas-fx",
      "lenet5-nome-fx",
      "lenet5-parametros-fx",
      "stride-definicao-fx",
    ]);
    for (const q of bank.questions) {
      expect(q.contentHash).toMatch(/^[0-9a-f]{64}$/);
      expect(q.prompt.length).toBeGreaterThan(0);
      expect(q.folder).toBe(`${q.folder.split("/")[0]}/${q.id}`);
    }
    const mcq = bank.questions.find((q) => q.id === "lenet5-camadas-fx")!;
    expect(mcq).toMatchObject({ shuffle: true, tags: ["lenet"], errata: [] });
  });

  it("keeps the hash when only YAML formatting or comments change, and changes it with content", () => {
    const base = loadBank(makeBank(questionFiles("000-lista/conta", NUMERIC))).questions[0];
    const reformatted = NUMERIC.replace('title: "Conta"', "# a comment\ntitle: Conta").replace("tolerance: { mode: integer }", "tolerance:\n  mode: integer");
    const same = loadBank(makeBank(questionFiles("000-lista/conta", reformatted, "Quanto é {{a}} × 10?\r\n"))).questions[0];
    expect(same.contentHash).toBe(base.contentHash);
    const changedYaml = loadBank(makeBank(questionFiles("000-lista/conta", NUMERIC.replace("a * 10", "a * 11")))).questions[0];
    const changedPrompt = loadBank(makeBank(questionFiles("000-lista/conta", NUMERIC, "Quanto dá {{a}} × 10?"))).questions[0];
    expect(new Set([base.contentHash, changedYaml.contentHash, changedPrompt.contentHash]).size).toBe(3);
    expect(contentHash({ b: 1, a: 2 }, "p", "s")).toBe(contentHash({ a: 2, b: 1 }, "p", "s"));
  });

  it("names the file and the field of each schema error", () => {
    const yaml = NUMERIC.replace("tolerance: { mode: integer }", "tolerence: { mode: integer }").replace("id: conta", "id: Conta_X");
    const bank = loadBank(makeBank(questionFiles("000-lista/conta", yaml)));
    expect(bank.questions).toEqual([]);
    const messages = bank.problems.map((p) => `${p.file}: ${p.message}`);
    expect(messages).toContainEqual(expect.stringMatching(/^000-lista\/conta\/question\.yaml: field "id": id must be kebab-case/));
    expect(messages).toContainEqual(expect.stringMatching(/^000-lista\/conta\/question\.yaml: field "tolerance":/));
    expect(messages).toContainEqual('000-lista/conta/question.yaml: field "tolerence": unknown field for type numeric');
  });

  it("refuses a typed constant as a numeric answer", () => {
    const bank = loadBank(makeBank(questionFiles("000-lista/conta", NUMERIC.replace('"a * 10"', '"61706"'))));
    expect(bank.problems.map((p) => p.message)).toContainEqual(expect.stringMatching(/field "answer": .*typed constant/));
  });

  it("reports YAML syntax errors, missing files, empty texts and folder/id mismatch", () => {
    const bank = loadBank(
      makeBank({
        ...questionFiles("000-lista/quebrada", "id: quebrada\ntype: [numeric\n"),
        "000-lista/sem-prompt/question.yaml": NUMERIC.replace("id: conta", "id: sem-prompt"),
        "000-lista/sem-prompt/solution.md": "x",
        ...questionFiles("000-lista/vazia", NUMERIC.replace("id: conta", "id: vazia"), "  \n"),
        ...questionFiles("000-lista/outro-nome", NUMERIC),
      }),
    );
    const messages = bank.problems.map((p) => `${p.file}: ${p.message}`);
    expect(messages).toContainEqual(expect.stringMatching(/^000-lista\/quebrada\/question\.yaml: YAML: /));
    expect(messages).toContain("000-lista/sem-prompt/prompt.md: missing file");
    expect(messages).toContain("000-lista/vazia/prompt.md: empty file");
    expect(messages).toContainEqual(expect.stringMatching(/^000-lista\/outro-nome\/question\.yaml: field "id": "conta" differs from its folder name/));
    expect(bank.questions).toEqual([]);
  });

  it("detects duplicate ids across seed folders", () => {
    const bank = loadBank(makeBank({ ...questionFiles("000-lista/conta", NUMERIC), ...questionFiles("004-slides-cnn-en/conta", NUMERIC) }));
    expect(bank.questions).toHaveLength(1);
    expect(bank.problems).toEqual([
      { file: "004-slides-cnn-en/conta/question.yaml", message: 'field "id": duplicate id "conta" (also in 000-lista/conta)' },
    ]);
  });

  it("reports an unknown type and a missing bank folder", () => {
    const bank = loadBank(makeBank(questionFiles("000-lista/conta", NUMERIC.replace("type: numeric", "type: essay"))));
    expect(bank.problems.map((p) => p.message)).toContainEqual(expect.stringMatching(/field "type"/));
    expect(loadBank("/nonexistent/forja-bank").problems[0].message).toMatch(/does not exist/);
  });
});
