import { describe, expect, it } from "vitest";
import { parseMoodleXml, toMoodleXml } from "@/lib/interop/moodle";
import { REVIEW_TAG, toDraft } from "@/lib/interop/imported";
import { validateDraft } from "@/lib/authoring/validate";
import { gradeAnswer, makeVariant } from "@/grader/grade";
import { makeQuestion } from "../questions/helpers";

const QUIZ = `<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category"><category><text>$course$/top/CNN/Convolução</text></category></question>
  <question type="multichoice">
    <name><text>Função do pooling</text></name>
    <questiontext format="html"><text><![CDATA[<p>Qual a função do <strong>max pooling</strong>? Use \\(k=2\\).</p>]]></text></questiontext>
    <generalfeedback format="html"><text><![CDATA[<p>Reduz a resolução espacial.</p>]]></text></generalfeedback>
    <defaultgrade>1.0000000</defaultgrade>
    <single>true</single>
    <shuffleanswers>true</shuffleanswers>
    <answer fraction="0" format="html"><text>Aumentar canais</text><feedback format="html"><text>Não: canais vêm dos filtros.</text></feedback></answer>
    <answer fraction="100" format="html"><text>Reduzir a resolução</text><feedback format="html"><text></text></feedback></answer>
    <answer fraction="0" format="html"><text>Normalizar &amp; centrar</text></answer>
  </question>
  <question type="numerical">
    <name><text>Parâmetros LeNet C1</text></name>
    <questiontext format="html"><text>Quantos parâmetros tem a camada C1?</text></questiontext>
    <answer fraction="100"><text>156</text><tolerance>0</tolerance><feedback><text>ok</text></feedback></answer>
    <answer fraction="50"><text>150</text><tolerance>0</tolerance></answer>
  </question>
  <question type="numerical">
    <name><text>Taxa</text></name>
    <questiontext format="plain_text"><text>Valor de pi?</text></questiontext>
    <answer fraction="100"><text>3.14</text><tolerance>0.01</tolerance></answer>
    <units><unit><multiplier>1</multiplier><unit_name>rad</unit_name></unit></units>
  </question>
  <question type="essay">
    <name><text>Explique o stride</text></name>
    <questiontext format="html"><text><![CDATA[<p>O que é stride?</p><img src="@@PLUGINFILE@@/a.png">]]></text></questiontext>
    <defaultgrade>2</defaultgrade>
    <graderinfo format="html"><text>Passo do filtro.</text></graderinfo>
  </question>
  <question type="truefalse">
    <name><text>VF</text></name>
    <questiontext format="html"><text>Convolução é linear.</text></questiontext>
    <answer fraction="100"><text>true</text><feedback><text>Sim</text></feedback></answer>
    <answer fraction="0"><text>false</text><feedback><text>Não: é linear.</text></feedback></answer>
  </question>
  <question type="shortanswer">
    <name><text>Curta</text></name>
    <questiontext><text>Nome?</text></questiontext>
    <answer fraction="100"><text>LeNet</text></answer>
  </question>
</quiz>`;

describe("Moodle XML import", () => {
  const parsed = parseMoodleXml(QUIZ);

  it("reads multiple choice, numeric, essay and true/false; refuses other types with a reason", () => {
    expect(parsed.questions.map((q) => [q.name, q.body.kind])).toEqual([
      ["Função do pooling", "mcq"],
      ["Parâmetros LeNet C1", "numeric"],
      ["Taxa", "numeric"],
      ["Explique o stride", "open"],
      ["VF", "mcq"],
    ]);
    expect(parsed.unreadable).toEqual([{ name: "Curta", reason: expect.stringContaining("shortanswer") }]);
  });

  it("turns HTML into Markdown with the bank's TeX delimiters, and keeps the category", () => {
    const mcq = parsed.questions[0]!;
    expect(mcq.text).toBe("Qual a função do **max pooling**? Use $k=2$.");
    expect(mcq.category).toBe("CNN/Convolução");
    expect(mcq.body).toMatchObject({ multiple: false, options: [{ correct: false, feedback: "Não: canais vêm dos filtros." }, { correct: true }, { text: "Normalizar & centrar" }] });
  });

  it("maps numeric constants to a fixed parameter and flags them for review; the mapped questions validate", async () => {
    const [, c1, taxa, essay] = parsed.questions;
    const { draft, review } = toDraft(c1!, "lenet-c1", "moodle-xml");
    expect(draft.fields).toMatchObject({ type: "numeric", params: { resposta_importada: { default: 156 } }, answer: "resposta_importada", tolerance: { mode: "integer" } });
    expect(draft.fields.tags).toContain(REVIEW_TAG);
    expect(review.join(" ")).toMatch(/primeira resposta/);
    const result = await validateDraft(draft, { testAnswer: "156" });
    expect(result.ok && result.preview.grade).toMatchObject({ status: "graded", score: 1 });

    const rate = toDraft(taxa!, "taxa", "moodle-xml").draft;
    expect(rate.fields).toMatchObject({ tolerance: { abs: 0.01 }, unit: "rad" });
    const graded = await validateDraft(rate, { testAnswer: "3,145" });
    expect(graded.ok && graded.preview.grade).toMatchObject({ score: 1 });

    const open = toDraft(essay!, "stride", "moodle-xml");
    expect(open.draft.solution).toBe("Passo do filtro.");
    expect(open.review.join(" ")).toMatch(/imagens/);
    expect((await validateDraft(open.draft)).ok).toBe(true);
    for (const [i, q] of parsed.questions.entries()) expect((await validateDraft(toDraft(q, `q${i}`, "moodle-xml").draft)).ok).toBe(true);
  });

  it("refuses broken XML, DOCTYPE entities and non-Moodle XML with a reason", () => {
    expect(parseMoodleXml("<quiz><question>").unreadable[0]!.reason).toMatch(/XML inválido/);
    expect(parseMoodleXml('<!DOCTYPE x [<!ENTITY a "b">]><quiz/>').unreadable[0]!.reason).toMatch(/DOCTYPE/);
    expect(parseMoodleXml("<other/>").unreadable[0]!.reason).toMatch(/quiz/);
  });
});

describe("Moodle XML export", () => {
  it("exports mcq, numeric (default variant, tolerance as absolute) and open; reads back what it wrote", async () => {
    const mcq = makeQuestion({ id: "mcq-x", type: "mcq", options: [{ id: "a", text: "Um", correct: false, feedback: "não" }, { id: "b", text: "Dois", correct: true }] });
    const numeric = makeQuestion({ id: "num-x", type: "numeric", params: { n: { default: 32, choices: [28, 32] } }, answer: "n - 4", tolerance: { rel: 0.1 }, unit: "px" }, { prompt: "Lado {{n}}?", solution: "{{answer}}" });
    const open = makeQuestion({ id: "open-x", type: "open", rubric: [{ id: "r1", text: "Define stride", points: 2 }] }, { prompt: "O que é?", solution: "Passo." });
    const matrix = makeQuestion({ id: "mat-x", type: "matrix", params: { X: { default: [[1, 2], [3, 4]], matrix: { rows: 2, cols: 2, int: [0, 9] } } }, answer: { op: "maxpool", input: "X", size: 2 } });
    const { xml, notes } = await toMoodleXml([mcq, numeric, open, matrix], "Forja");
    expect(notes.map((n) => n.id)).toEqual(["num-x", "mat-x"]);
    const back = parseMoodleXml(xml);
    expect(back.unreadable).toEqual([]);
    expect(back.questions.map((q) => q.body.kind)).toEqual(["mcq", "numeric", "open"]);
    expect(back.questions[0]!.body).toMatchObject({ options: [{ text: "Um", correct: false, feedback: "não" }, { text: "Dois", correct: true }] });
    expect(back.questions[1]!.body).toEqual({ kind: "numeric", value: 28, tolerance: 2.8, unit: "px" });
    expect(back.questions[1]!.generalFeedback).toBe("28"); // the solution shows the exact reference, not the shortest text within tolerance ("30")
    expect(back.questions[1]!.text).toBe("Lado 32?");
    expect(back.questions[2]!.body).toMatchObject({ kind: "open", points: 2 });
    // the round trip grades like the original at the default variant
    const again = toDraft(back.questions[1]!, "num-y", "moodle-xml").draft;
    const validated = await validateDraft(again, { testAnswer: "30" });
    expect(validated.ok && validated.preview.grade).toMatchObject({ score: 1 });
    expect(await gradeAnswer(numeric, makeVariant(numeric, null), "30")).toMatchObject({ score: 1 });
  });
});
