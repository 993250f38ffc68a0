import { readFileSync } from "node:fs";
import { parse as parseGiftGrammar } from "gift-pegjs";
import { describe, expect, it } from "vitest";
import { gradeAnswer, makeVariant } from "@/grader/grade";
import { validateDraft, type QuestionDraft } from "@/lib/authoring/validate";
import { toGift } from "@/lib/interop/gift-export";
import { parseGift } from "@/lib/interop/gift";
import { REVIEW_TAG, toDraft, type ParsedFile } from "@/lib/interop/imported";
import { parseMoodleXml, toMoodleXml } from "@/lib/interop/moodle";
import type { AnyQuestion } from "@/domain/questions/base";
import { withLocale } from "@/lib/i18n/request-locale";
import { makeQuestion } from "../questions/helpers";
import { PORTUGUESE } from "../i18n/portuguese";

const FIXTURE = readFileSync("tests/fixtures/interop/moodle-cnn.xml", "utf8");

/** Every read question as a bank draft (ids from idnumber or name), failing the test on a refusal. */
function drafts(parsed: ParsedFile, source = "moodle-xml"): QuestionDraft[] {
  return parsed.questions.map((q, i) => {
    const mapped = toDraft(q, q.idnumber ?? `q${i}`, source);
    if ("refused" in mapped) throw new Error(`${q.name}: ${mapped.refused}`);
    return mapped.draft;
  });
}

async function validated(list: QuestionDraft[]): Promise<AnyQuestion[]> {
  const out: AnyQuestion[] = [];
  for (const draft of list) {
    const result = await validateDraft(draft);
    if (!result.ok) throw new Error(`${String(draft.fields.id)}: ${JSON.stringify(result.issues)}`);
    out.push(result.question as unknown as AnyQuestion);
  }
  return out;
}

describe("Moodle XML import (a Moodle 4.x export)", () => {
  const parsed = parseMoodleXml(FIXTURE);
  const byName = (name: string) => parsed.questions.find((q) => q.name === name)!;

  it("reads short answer, numerical, multiple choice (single and multiple) and true/false; refuses embedded images and other types, saying why", () => {
    expect(parsed.questions.map((q) => [q.name, q.body.kind])).toEqual([
      ["Nome da rede de LeCun", "shortanswer"],
      ["Função de ativação (maiúsculas)", "shortanswer"],
      ["Parâmetros de C1", "numeric"],
      ["Passo efetivo", "numeric"],
      ["Função do max pooling", "mcq"],
      ["Camadas com parâmetros", "mcq"],
      ["Convolução é linear", "mcq"],
    ]);
    expect(parsed.unreadable).toEqual([
      { name: "Camada da figura", reason: expect.stringMatching(/imagem ou arquivo embutido \(lenet-c1\.png\).*não guarda arquivos/) },
      { name: "Arraste as camadas", reason: expect.stringContaining('tipo do Moodle "ddwtos" não é importado') },
    ]);
  });

  it("keeps the short answer's patterns, fractions, feedback, case sensitivity, idnumber, tags and category", async () => {
    const lenet = byName("Nome da rede de LeCun");
    expect(lenet).toMatchObject({ idnumber: "lenet-nome", category: "Padrão para INF721/Redes convolucionais", tags: ["lista-2"] });
    expect(lenet.text).toBe("Qual o nome da rede de **LeCun et al. (1998)** para reconhecer dígitos?"); // the <script> is gone
    const [draft] = drafts({ questions: [lenet], unreadable: [] });
    expect(draft!.fields).toMatchObject({
      id: "lenet-nome",
      type: "shortanswer",
      topic: "redes-convolucionais",
      case_sensitive: false,
      tags: ["lista-2", "importado"],
      answers: [
        { text: "LeNet-5", credit: 1, feedback: "Isso." },
        { text: "LeNet", credit: 1 },
        { text: "Le*Net*", credit: 0.5, feedback: "Quase: escreva o nome como no artigo." },
        { text: "AlexNet", credit: 0, feedback: "A AlexNet é de 2012." },
      ],
    });
    expect(draft!.solution).toBe("A *LeNet-5*: duas convoluções, dois *poolings* e três camadas densas.");
    const [question] = await validated([draft!]);
    expect(await gradeAnswer(question!, makeVariant(question!, null), "le net 5")).toMatchObject({ score: 0.5 });
    const relu = drafts({ questions: [byName("Função de ativação (maiúsculas)")], unreadable: [] })[0]!;
    expect(relu.fields).toMatchObject({ case_sensitive: true, answers: [{ text: "ReLU", credit: 1 }] });
    expect(relu.prompt).toBe("Escreva a sigla da ativação $f(x) = \\max(0, x)$.");
    expect(relu.solution).toBe("Resposta: ReLU");
  });

  it("numerical: the 100% answer with its tolerance, the others as alternatives with their fractions, the main unit", async () => {
    const [c1, stride] = drafts({ questions: [byName("Parâmetros de C1"), byName("Passo efetivo")], unreadable: [] });
    expect(c1!.fields).toMatchObject({
      params: { resposta_importada: { default: 156 } },
      answer: "resposta_importada",
      tolerance: { mode: "integer" },
      alternatives: [{ answer: "150", credit: 0.5, feedback: "Faltou o viés de cada filtro." }],
      tags: ["importado", REVIEW_TAG],
    });
    expect(stride!.fields).toMatchObject({ tolerance: { abs: 0.1 }, unit: "px" });
    const c1Review = parsed.questions.find((q) => q.name === "Parâmetros de C1")!.review;
    expect(c1Review).toEqual([expect.stringMatching(/“\*”/)]);
    expect(byName("Passo efetivo").review).toEqual([expect.stringMatching(/mm \(×0\.1\)/)]);
    const [q1, q2] = await validated([c1!, stride!]);
    expect(await gradeAnswer(q1!, makeVariant(q1!, null), "150")).toMatchObject({ score: 0.5 });
    expect(await gradeAnswer(q2!, makeVariant(q2!, null), "4,05 px")).toMatchObject({ score: 1 });
  });

  it("multiple choice: Moodle's fractions become credits only where Forja's rule differs; true/false keeps both feedbacks", async () => {
    const [single, multiple, tf] = drafts({ questions: [byName("Função do max pooling"), byName("Camadas com parâmetros"), byName("Convolução é linear")], unreadable: [] });
    expect(single!.fields).toMatchObject({
      multiple: false,
      shuffle: true,
      options: [
        { id: "a", text: "Aumentar o número de canais", correct: false, credit: 0, feedback: "Não: os canais vêm dos filtros." },
        { id: "b", correct: true, credit: 1 },
        { id: "c", correct: false, credit: 0.3333333 },
      ],
    });
    expect(single!.prompt).toBe("Qual a função do **max pooling** & onde ele fica?");
    expect(multiple!.fields).toMatchObject({ multiple: true, shuffle: false, options: [{ credit: 0.5, correct: true }, { credit: 0.5 }, { credit: -1, correct: false, feedback: "O pooling não tem pesos." }] });
    expect(tf!.fields).toMatchObject({ shuffle: false, options: [{ text: "Verdadeiro", correct: true, feedback: "Sim: é uma soma ponderada." }, { text: "Falso", correct: false, feedback: "É linear: soma ponderada das entradas." }] });
    expect((tf!.fields.options as object[])[0]).not.toHaveProperty("credit");
    const [s, m] = await validated([single!, multiple!]);
    expect(await gradeAnswer(s!, makeVariant(s!, null), "c")).toMatchObject({ score: 0.3333333 });
    expect(await gradeAnswer(m!, makeVariant(m!, null), "a,c")).toMatchObject({ score: 0 });
    expect(await gradeAnswer(m!, makeVariant(m!, null), "a")).toMatchObject({ score: 0.5 });
  });

  it("refuses broken XML, DOCTYPE entities and non-Moodle XML with a reason", () => {
    expect(parseMoodleXml("<quiz><question>").unreadable[0]!.reason).toMatch(/XML inválido/);
    expect(parseMoodleXml('<!DOCTYPE x [<!ENTITY a "b">]><quiz/>').unreadable[0]!.reason).toMatch(/DOCTYPE/);
    expect(parseMoodleXml("<other/>").unreadable[0]!.reason).toMatch(/quiz/);
  });

  it("says the report's reasons and review points in the reader's locale", () => {
    const english = withLocale("en", () => ({
      parsed: parseMoodleXml(FIXTURE),
      broken: parseMoodleXml("<quiz><question>").unreadable[0]!,
      other: parseMoodleXml("<other/>").unreadable[0]!,
    }));
    expect(english.broken).toMatchObject({ name: "(file)", reason: expect.stringMatching(/^invalid XML on line 1: /) });
    expect(english.other.reason).toBe("not a Moodle XML (no <quiz>)");
    expect(english.parsed.unreadable).toEqual([
      { name: "Camada da figura", reason: expect.stringMatching(/^has an embedded image or file \(lenet-c1\.png\): Forja does not store files/) },
      { name: "Arraste as camadas", reason: expect.stringContaining('Moodle type "ddwtos" is not imported') },
    ]);
    const reviews = english.parsed.questions.flatMap((q) => withLocale("en", () => {
      const mapped = toDraft(q, "x", "moodle-xml");
      return [...q.review, ...("review" in mapped ? mapped.review : [mapped.refused])];
    }));
    expect(reviews.length).toBeGreaterThan(0);
    expect(reviews.filter((r) => PORTUGUESE.test(r.replace(/“[^”]*”|"[^"]*"|\([^)]*\)/g, "")))).toEqual([]);
  });
});

describe("round trips", () => {
  const original = drafts(parseMoodleXml(FIXTURE));

  it("Forja → Moodle XML → Forja keeps every field of every question", async () => {
    const questions = await validated(original);
    const { xml, notes } = await toMoodleXml(questions, "Forja");
    expect(notes).toEqual([]);
    const back = parseMoodleXml(xml);
    expect(back.unreadable).toEqual([]);
    expect(drafts(back)).toEqual(original);
  });

  it("an authored open question keeps its rubric, and a true/false mcq goes as truefalse", async () => {
    const open = makeQuestion({ id: "open-x", type: "open", rubric: [{ id: "r1", text: "Define stride", points: 2 }, { id: "r2", text: "Dá um exemplo", points: 1 }] }, { prompt: "O que é stride?", solution: "O passo do filtro." });
    const tf = makeQuestion({ id: "tf-x", type: "mcq", shuffle: false, options: [{ id: "a", text: "Verdadeiro", correct: false }, { id: "b", text: "Falso", correct: true, feedback: "Isso." }] }, { prompt: "Pooling tem pesos.", solution: "Não tem." });
    const { xml } = await toMoodleXml([open, tf], "Forja");
    expect(xml).toContain('<question type="truefalse">');
    const back = drafts(parseMoodleXml(xml));
    expect(back[0]!.fields).toMatchObject({ type: "open", rubric: open.rubric });
    expect(back[0]!.solution).toBe("O passo do filtro.");
    expect(back[1]!.fields).toMatchObject({ options: [{ text: "Verdadeiro", correct: false }, { text: "Falso", correct: true, feedback: "Isso." }] });
  });

  it("a parameterized numeric question exports its default variant, with a note; matrix questions are skipped with a note", async () => {
    const numeric = makeQuestion({ id: "num-x", type: "numeric", params: { n: { default: 32, choices: [28, 32] } }, answer: "n - 4", tolerance: { rel: 0.1 }, unit: "px" }, { prompt: "Lado {{n}}?", solution: "{{answer}}" });
    const matrix = makeQuestion({ id: "mat-x", type: "matrix", params: { X: { default: [[1, 2], [3, 4]], matrix: { rows: 2, cols: 2, int: [0, 9] } } }, answer: { op: "maxpool", input: "X", size: 2 } });
    const { xml, notes } = await toMoodleXml([numeric, matrix], "Forja");
    expect(notes.map((n) => n.id)).toEqual(["num-x", "num-x", "mat-x"]);
    const back = parseMoodleXml(xml).questions;
    expect(back[0]).toMatchObject({ text: "Lado 32?", generalFeedback: "28", body: { kind: "numeric", answers: [{ value: 28, tolerance: 2.8, fraction: 1 }], unit: "px" } });
  });

  it("GIFT output follows the GIFT grammar (gift-pegjs), escapes ~ = # { } : and reads back the same, except what GIFT cannot say", async () => {
    const questions = await validated(original);
    const { gift, notes } = await toGift(questions, "Forja");
    const grammar = parseGiftGrammar(gift);
    expect(grammar.map((q) => q.type)).toEqual(["Category", "Short", "Short", "Numerical", "Numerical", "MC", "MC", "TF"]);
    expect(notes.map((n) => n.note)).toEqual([
      expect.stringMatching(/maiúsculas/),
      expect.stringMatching(/unidade “px”/),
      expect.stringMatching(/embaralhar/),
    ]);
    expect((await withLocale("en", () => toGift(questions, "Forja"))).notes.map((n) => n.note)).toEqual([
      "GIFT does not keep “case matters”: Moodle ignores the difference",
      "GIFT does not keep units: the unit “px” was left out",
      "GIFT does not keep “do not shuffle the options”: Moodle shuffles them",
    ]);
    const back = drafts(parseGift(gift), "moodle-xml");
    const expected = structuredClone(original);
    (expected[1]!.fields as { case_sensitive: boolean }).case_sensitive = false;
    delete (expected[3]!.fields as { unit?: string }).unit;
    (expected[5]!.fields as { shuffle: boolean }).shuffle = true;
    expect(back).toEqual(expected);
  });

  it("escapes every GIFT special character and backslashes in texts, answers and feedback", async () => {
    const tricky = makeQuestion({ id: "tricky", type: "shortanswer", answers: [{ text: "a:b=c", feedback: "~ # { } \\frac" }] }, { prompt: "Escreva a:b=c {sem} ~espaços~ #1 e $\\frac{1}{2}$\nem duas linhas.", solution: "Resposta: a:b=c" });
    const { gift } = await toGift([tricky], "Forja");
    expect(gift).toContain("::Questão de teste::[markdown]Escreva a\\:b\\=c \\{sem\\} \\~espaços\\~ \\#1 e $\\\\frac\\{1\\}\\{2\\}$\\nem duas linhas.{");
    const [grammar] = parseGiftGrammar(gift).filter((q) => q.type !== "Category") as { stem: { text: string } }[];
    expect(grammar!.stem.text).toBe("Escreva a:b=c {sem} ~espaços~ #1 e $\\frac{1}{2}$\nem duas linhas.");
    const back = parseGift(gift).questions[0]!;
    expect(back.text).toBe(tricky.prompt);
    expect(back.body).toEqual({ kind: "shortanswer", caseSensitive: false, answers: [{ text: "a:b=c", fraction: 1, feedback: "~ # { } \\frac" }] });
  });
});

describe("HTML in imported texts", () => {
  const quiz = (html: string) =>
    `<quiz><question type="truefalse"><name><text>Q</text></name><questiontext format="html"><text><![CDATA[${html}]]></text></questiontext><answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer></question></quiz>`;

  it("keeps http(s) links, drops script, style, event handlers and javascript: links", () => {
    const [q] = parseMoodleXml(quiz('<p onclick="x()">Veja <a href="https://cs231n.github.io/">as notas</a> e <a href="javascript:alert(1)">isto</a>.</p><style>p{}</style><script>alert(1)</script>')).questions;
    expect(q!.text).toBe("Veja [as notas](https://cs231n.github.io/) e isto.");
  });

  it("a malformed file name in an image refuses the question instead of failing the import", () => {
    const parsed = parseMoodleXml(quiz('<img src="@@PLUGINFILE@@/fig%E0%A4%A.png">'));
    expect(parsed.unreadable).toEqual([{ name: "Q", reason: expect.stringContaining("fig%E0%A4%A.png") }]);
  });
});
