import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { toFileForm } from "@/lib/authoring/file-form";
import { issueFromSchemaError, validateDraft, type QuestionDraft } from "@/lib/authoring/validate";
import { starterFields } from "@/lib/authoring/forms/starters";
import { contentHash } from "@/question-bank/load";

const numeric = (overrides: Record<string, unknown> = {}): QuestionDraft => ({
  fields: {
    id: "web-conv-saida",
    type: "numeric",
    title: "Saída de uma convolução",
    topic: "convolucao",
    tags: [],
    source: { seed: "004_fcef6409b2c533ee.txt", item: "web" },
    params: { n: { default: 32, choices: [28, 32, 64] }, f: { default: 5, range: [3, 7], step: 2 } },
    answer: "n - f + 1",
    tolerance: { mode: "integer" },
    ...overrides,
  },
  prompt: "Entrada {{n}}×{{n}}, filtro {{f}}×{{f}}, stride 1, sem padding. Qual o lado da saída?",
  solution: "$n - f + 1 = {{answer}}$",
});

describe("validateDraft (the file bank's validation, for the web editor)", () => {
  it("accepts a valid question and previews the asked variant with its reference answer", async () => {
    const result = await validateDraft(numeric(), { seed: 7, testAnswer: "1" });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { n, f } = result.preview.params as { n: number; f: number };
    expect(result.preview.seed).toBe(7);
    expect(result.preview.referenceAnswer).toBe(String(n - f + 1));
    expect(result.preview.prompt).toContain(`Entrada ${n}×${n}`);
    expect(result.preview.grade).toMatchObject({ status: "graded", score: n - f + 1 === 1 ? 1 : 0 });
  });

  it("the test answer's feedback reads in the editor's locale", async () => {
    const en = await validateDraft(numeric(), { seed: 7, testAnswer: "abc", locale: "en" });
    const pt = await validateDraft(numeric(), { seed: 7, testAnswer: "abc" });
    expect(en.ok && en.preview.grade?.feedback).toMatch(/^Could not read “abc”/);
    expect(pt.ok && pt.preview.grade?.feedback).toMatch(/^Não consegui ler “abc”/);
  });

  it("different seeds give different variants", async () => {
    const seen = new Set<string>();
    for (let seed = 1; seed <= 6; seed++) {
      const result = await validateDraft(numeric(), { seed });
      if (result.ok) seen.add(JSON.stringify(result.preview.params));
    }
    expect(seen.size).toBeGreaterThan(1);
  });

  it("places an unknown parameter in the answer formula next to the answer", async () => {
    const result = await validateDraft(numeric({ answer: "n - k + 1" }));
    expect(result).toMatchObject({ ok: false, issues: [{ field: "answer" }] });
    expect(result.ok || result.issues[0]!.message).toMatch(/k/);
  });

  it("places an invalid formula, an unknown field and a bare constant answer on their fields", async () => {
    const broken = await validateDraft(numeric({ answer: "n - (f", tolerence: { abs: 1 } }));
    expect(broken.ok).toBe(false);
    const fields = broken.ok ? [] : broken.issues.map((i) => i.field);
    expect(fields).toEqual(expect.arrayContaining(["answer", "tolerence"]));
    const constant = await validateDraft(numeric({ answer: "28" }));
    expect(constant.ok ? [] : constant.issues.map((i) => i.field)).toContain("answer");
  });

  it("reports unsolvable variants on the constraints", async () => {
    const result = await validateDraft(numeric({ constraints: ["n > 100"] }));
    expect(result).toMatchObject({ ok: false, issues: [{ field: "constraints", message: expect.stringMatching(/^a variante padrão viola: n > 100/) }] });
    const english = await validateDraft(numeric({ constraints: ["n > 100"] }), { locale: "en" });
    expect(english).toMatchObject({ ok: false, issues: [{ field: "constraints", message: "the default variant breaks: n > 100" }] });
  });

  it("reports a derived value that cannot be computed on that derived field", async () => {
    const result = await validateDraft(numeric({ derived: { p: "(f - 1) / 2", q: "p * zz" } }));
    expect(result).toMatchObject({ ok: false, issues: [{ field: "derived.q" }] });
  });

  it("reports an unknown placeholder in the prompt, and empty texts", async () => {
    const draft = numeric();
    const result = await validateDraft({ ...draft, prompt: "Valor {{nn}}" });
    expect(result).toMatchObject({ ok: false, issues: [{ field: "prompt" }] });
    const empty = await validateDraft({ ...draft, solution: "  " });
    expect(empty).toMatchObject({ ok: false, issues: [{ field: "solution" }] });
  });

  it("refuses mathjs functions that evaluate code", async () => {
    const result = await validateDraft(numeric({ derived: { p: 'evaluate("1+1")' } }));
    expect(result).toMatchObject({ ok: false, issues: [{ field: "derived.p" }] });
  });

  it("mcq: an option marked wrong as reference is caught by the schema", async () => {
    const mcq: QuestionDraft = {
      fields: { id: "web-mcq", type: "mcq", title: "T", topic: "t", source: { seed: "web", item: "x" }, options: [{ id: "a", text: "A", correct: false }, { id: "b", text: "B", correct: false }] },
      prompt: "Qual?",
      solution: "{{answer}}",
    };
    expect(await validateDraft(mcq)).toMatchObject({ ok: false, issues: [{ field: "options" }] });
  });

  it("the exported file form hashes like the stored version (a synced copy is the same version)", async () => {
    const result = await validateDraft(numeric());
    if (!result.ok) throw new Error("expected valid");
    const form = toFileForm(result.question as unknown as Record<string, unknown>, ["004-slides-cnn-en"]);
    expect(form.folder).toBe("question-bank/004-slides-cnn-en/web-conv-saida");
    const raw = parseYaml(form.files["question.yaml"]) as Record<string, unknown>;
    expect(contentHash(raw, form.files["prompt.md"], form.files["solution.md"])).toBe(result.question.contentHash);
  });

  it("code: the reference solution runs in the sandbox and must score 1; a test answer is graded by part", async () => {
    const code = (overrides: Record<string, unknown> = {}): QuestionDraft => ({
      fields: { id: "web-maxpool", type: "code", title: "Max pooling", topic: "pooling", tags: [], source: { seed: "web", item: "x" }, ...starterFields("code"), ...overrides },
      prompt: "Implemente `max_pool_forward`.",
      solution: "Veja a referência.",
    });
    const fine = await validateDraft(code(), { testAnswer: String(starterFields("code").starter) });
    expect(fine.ok).toBe(true);
    if (fine.ok) {
      expect(fine.preview.referenceAnswer).toContain("def max_pool_forward");
      expect(fine.preview.grade).toMatchObject({ status: "graded", score: 0 });
    }
    const averaging = String(starterFields("code").reference_solution).replace(".max(axis=(2, 3))", ".mean(axis=(2, 3))");
    const wrong = await validateDraft(code({ reference_solution: averaging }));
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.issues[0]).toMatchObject({ field: "reference_solution", message: expect.stringMatching(/recebeu 0/) });
    const weights = await validateDraft(code({ parts: [{ name: "forward", output: "out", weight: 0.5 }] }));
    expect(weights.ok ? [] : weights.issues.map((i) => i.field)).toContain("parts");
    const missing = await validateDraft(code({ required_names: ["max_pool_forward", "nao_existe"] }));
    expect(missing.ok ? [] : missing.issues.map((i) => i.field)).toContain("reference_solution");
  });

  it("reads the schema's error texts into field and message", () => {
    expect(issueFromSchemaError('field "derived.p": bad')).toEqual({ field: "derived.p", message: "bad" });
    expect(issueFromSchemaError("something")).toEqual({ field: "(top level)", message: "something" });
  });
});
