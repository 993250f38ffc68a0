import { describe, expect, it } from "vitest";
import { displayOrder, mcqType, type McqQuestion } from "@/grader/types/mcq";
import { makeQuestion, TEN_MB } from "../questions/helpers";
import { gradeAnswer, makeVariant } from "@/grader/grade";
import type { AnyQuestion } from "@/domain/questions/base";
import { parseQuestionFields } from "@/question-bank/schema";

const options = [
  { id: "a", text: "A", correct: true },
  { id: "b", text: "B", correct: false, feedback: "B é a armadilha." },
  { id: "c", text: "C", correct: true },
  { id: "d", text: "D", correct: false },
  { id: "e", text: "E", correct: true },
];
const multi = makeQuestion<McqQuestion>({ type: "mcq", multiple: true, options });
const single = makeQuestion<McqQuestion>({
  type: "mcq",
  options: options.map((o) => ({ ...o, correct: o.id === "c" })),
});
const v = { seed: null, params: {} };

describe("mcq single", () => {
  it("scores 1 for the correct letter, in any case or with a parenthesis", () => {
    for (const answer of ["c", "C", " c) ", "(c)"]) expect(mcqType.grade(single, v, answer)).toMatchObject({ score: 1 });
  });

  it("scores 0 with the option's feedback for a wrong letter, without naming the right one", () => {
    const result = mcqType.grade(single, v, "b") as { score: number; feedback: string };
    expect(result.score).toBe(0);
    expect(result.feedback).toContain("B é a armadilha.");
    expect(result.feedback).not.toMatch(/\bc\)/);
  });

  it.each([
    ["", /vazia/],
    ["z", /“z” não existe.*a, b, c, d, e/],
    ["a,c", /só uma opção/],
    ["a 10 MB string" as string, /longa demais/, TEN_MB],
  ])("refuses %j as unreadable", (label, message, answer = label) => {
    const result = mcqType.grade(single, v, answer) as { invalid?: boolean; feedback: string };
    expect(result.invalid).toBe(true);
    expect(result.feedback).toMatch(message);
  });

  it("refuses a non-string answer", () => {
    expect(mcqType.grade(single, v, 3 as unknown as string)).toMatchObject({ invalid: true, score: 0 });
  });
});

describe("mcq multiple (partial credit)", () => {
  it.each([
    ["a,c,e", 1],
    ["e c a", 1],
    ["a;c", 2 / 3],
    ["a", 1 / 3],
    ["a,c,e,b", 2 / 3],
    ["a,b", 0],
    ["b,d", 0],
    ["a,a,a", 1 / 3],
  ])("%j scores %d", (answer, score) => {
    expect((mcqType.grade(multi, v, answer) as { score: number }).score).toBeCloseTo(score, 10);
  });

  it("explains partial credit", () => {
    expect(mcqType.grade(multi, v, "a,b")).toMatchObject({ feedback: expect.stringMatching(/1 de 3 opções corretas e 1 incorreta/) });
  });
});

describe("mcq display order and reference", () => {
  it("keeps the printed order for the default variant and shuffles deterministically per seed", () => {
    expect(displayOrder(multi, v).map((o) => o.id)).toEqual(["a", "b", "c", "d", "e"]);
    const orders = Array.from({ length: 30 }, (_, seed) => displayOrder(multi, { seed, params: {} }).map((o) => o.id).join(""));
    expect(displayOrder(multi, { seed: 3, params: {} }).map((o) => o.id).join("")).toBe(orders[3]);
    expect(new Set(orders).size).toBeGreaterThan(10);
    for (const order of orders) expect([...order].sort().join("")).toBe("abcde");
  });

  it("does not shuffle when shuffle is false", () => {
    const fixed = { ...multi, shuffle: false };
    expect(displayOrder(fixed, { seed: 5, params: {} }).map((o) => o.id)).toEqual(["a", "b", "c", "d", "e"]);
  });

  it("shows options without the correct flag or feedback", () => {
    const view = mcqType.publicView!(multi, { seed: 2, params: {} });
    expect(JSON.stringify(view)).not.toMatch(/correct|feedback|armadilha/);
  });

  it("reference answer grades 1", () => {
    expect(mcqType.referenceAnswer(multi, v)).toBe("a,c,e");
    expect(mcqType.grade(multi, v, mcqType.referenceAnswer(multi, v) as string)).toMatchObject({ score: 1 });
  });

  it("schema refuses no correct option, duplicated ids, and several correct in a single-answer question", () => {
    expect(() => makeQuestion({ type: "mcq", options: options.map((o) => ({ ...o, correct: false })) })).toThrow(/no option is marked correct/);
    expect(() => makeQuestion({ type: "mcq", multiple: true, options: [...options, options[0]] })).toThrow(/appears twice/);
    expect(() => makeQuestion({ type: "mcq", options })).toThrow(/multiple is false/);
  });
});

describe("mcq answers as students write them", () => {
  it("reads 'letra b', 'Alternativa B' and the text of one option", () => {
    const right = single.options.find((o) => o.correct)!;
    for (const answer of [`letra ${right.id}`, `Alternativa ${right.id.toUpperCase()}`, `opção (${right.id})`, `resposta: ${right.id}`, right.text, right.text.toUpperCase()]) {
      expect(mcqType.grade(single, v, answer)).toMatchObject({ score: 1 });
    }
    expect(mcqType.grade(single, v, "letra z")).toMatchObject({ invalid: true });
    const worded = makeQuestion<McqQuestion>({
      type: "mcq",
      options: [
        { id: "a", text: "Nas camadas convolucionais.", correct: false },
        { id: "b", text: "Nas camadas **totalmente conectadas**.", correct: true },
      ],
    });
    expect(mcqType.grade(worded, v, "nas camadas totalmente conectadas")).toMatchObject({ score: 1 });
    expect(mcqType.grade(worded, v, "totalmente conectadas")).toMatchObject({ score: 1 });
    expect(mcqType.grade(worded, v, "nas camadas")).toMatchObject({ invalid: true });
  });
});

describe("mcq with Moodle credits per option", () => {
  const options = [
    { id: "a", text: "Conv2D", correct: true, credit: 0.7 },
    { id: "b", text: "Dense", correct: true, credit: 0.3 },
    { id: "c", text: "MaxPooling", correct: false, credit: -0.5, feedback: "Pooling não tem pesos." },
    { id: "d", text: "Flatten", correct: false },
  ];
  const q = makeQuestion({ type: "mcq", multiple: true, options });
  const score = async (question: AnyQuestion, answer: string) => (await gradeAnswer(question, makeVariant(question, null), answer)).score;

  it("a multiple-answer question adds the picked options' credits, between 0 and 1", async () => {
    expect(await score(q, "a,b")).toBe(1);
    expect(await score(q, "a")).toBeCloseTo(0.7);
    expect(await score(q, "a,c")).toBeCloseTo(0.2);
    expect(await score(q, "b,c")).toBe(0);
    expect(await score(q, "a,b,d")).toBe(1);
    expect((await gradeAnswer(q, makeVariant(q, null), "a,c")).feedback).toBe("Parcialmente correto.\n\n**c)** Pooling não tem pesos.");
  });

  it("Moodle's three 33.33333 % options picked together are full credit", async () => {
    const thirds = makeQuestion({ type: "mcq", multiple: true, options: ["a", "b", "c", "d"].map((id) => ({ id, text: id, correct: id !== "d", credit: id === "d" ? -1 : 0.3333333 })) });
    expect(await gradeAnswer(thirds, makeVariant(thirds, null), "a,b,c")).toMatchObject({ score: 1, feedback: "Correto!" });
    expect((await gradeAnswer(thirds, makeVariant(thirds, null), "a,b")).score).toBeCloseTo(0.6666666);
  });

  it("a single-answer question scores the picked option's credit", async () => {
    const single = makeQuestion({ type: "mcq", options: [{ id: "a", text: "28", correct: true, credit: 1 }, { id: "b", text: "30", correct: false, credit: 0.5 }, { id: "c", text: "32", correct: false }] });
    expect(await score(single, "a")).toBe(1);
    expect(await score(single, "b")).toBe(0.5);
    expect(await score(single, "c")).toBe(0);
  });

  it("refuses credits that disagree with `correct` or do not reach 1", () => {
    const errors = (opts: unknown[], multiple = true) => {
      const parsed = parseQuestionFields({ id: "m", type: "mcq", title: "t", topic: "t", source: { seed: "x", item: "y" }, multiple, options: opts });
      return parsed.ok ? [] : parsed.errors;
    };
    expect(errors([{ id: "a", text: "x", correct: true, credit: 0.5 }, { id: "b", text: "y", correct: false, credit: 0.5 }])).toEqual([expect.stringMatching(/option "b": with credits, correct must be true/)]);
    expect(errors([{ id: "a", text: "x", correct: true, credit: 0.5 }, { id: "b", text: "y", correct: false }])).toEqual([expect.stringMatching(/add up to 0.5/)]);
    expect(errors([{ id: "a", text: "x", correct: true, credit: 1 }, { id: "b", text: "y", correct: true }])).toEqual([expect.stringMatching(/option "b"/)]);
    expect(errors([{ id: "a", text: "x", correct: true, credit: 0.5 }, { id: "b", text: "y", correct: false }], false)).toEqual([expect.stringMatching(/option "a": with credits, correct must be true exactly when its credit is 1/), expect.stringMatching(/best option/)]);
    expect(errors([{ id: "a", text: "x", correct: true, credit: 0.5 }, { id: "b", text: "y", correct: true, credit: 0.5 }])).toEqual([]);
  });
});
