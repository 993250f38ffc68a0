import { describe, expect, it } from "vitest";
import { gradeAnswer, makeVariant, referenceAnswer } from "@/grader/grade";
import { patternRegex } from "@/grader/types/shortanswer";
import { parseQuestionFields } from "@/question-bank/schema";
import { localizedFeedback } from "@/domain/questions/feedback";
import { makeQuestion } from "../questions/helpers";

const lenet = makeQuestion({
  type: "shortanswer",
  answers: [
    { text: "LeNet-5", credit: 1, feedback: "A rede de LeCun (1998)." },
    { text: "LeNet", credit: 1 },
    { text: "Le*Net*", credit: 0.5, feedback: "Quase: escreva o nome como no artigo." },
    { text: "AlexNet", credit: 0, feedback: "AlexNet é de 2012." },
  ],
});

const grade = async (q: typeof lenet, answer: string) => gradeAnswer(q, makeVariant(q, null), answer);

describe("short answer grading", () => {
  it("accepts each answer with its credit and feedback, the first match in the file's order", async () => {
    expect(await grade(lenet, "LeNet-5")).toMatchObject({ status: "graded", score: 1, feedback: "Correto!\n\nA rede de LeCun (1998)." });
    expect(await grade(lenet, "  lenet  ")).toMatchObject({ score: 1 });
    expect(await grade(lenet, "Le  Net 5")).toMatchObject({ score: 0.5, feedback: "Parcialmente correto (50% do valor).\n\nQuase: escreva o nome como no artigo." });
    expect(await grade(lenet, "alexnet")).toMatchObject({ score: 0, feedback: "Incorreto.\n\nAlexNet é de 2012." });
    expect(await grade(lenet, "VGG")).toMatchObject({ score: 0, feedback: "Incorreto." });
  });

  it("is case sensitive only when asked, and says so when case is the only difference", async () => {
    const strict = makeQuestion({ type: "shortanswer", case_sensitive: true, answers: [{ text: "ReLU" }] });
    expect(await grade(strict, "ReLU")).toMatchObject({ score: 1 });
    expect(await grade(strict, "relu")).toMatchObject({ score: 0, feedback: expect.stringMatching(/maiúsculas/) });
    expect(await grade(strict, "tanh")).toMatchObject({ score: 0, feedback: "Incorreto." });
  });

  it("`*` matches any text, `\\*` only a star, and other regular-expression characters are literal", () => {
    expect(patternRegex("conv*", false).test("convolução")).toBe(true);
    expect(patternRegex("a\\*b", false).test("a*b")).toBe(true);
    expect(patternRegex("a\\*b", false).test("axb")).toBe(false);
    expect(patternRegex("f(x) = x.y", false).test("f(x) = x.y")).toBe(true);
    expect(patternRegex("f(x) = x.y", false).test("f(x) = xzy")).toBe(false);
    expect(patternRegex("ação", false).test("AÇÃO")).toBe(true);
  });

  it("refuses an empty or huge answer without using an attempt, with feedback in both locales", async () => {
    const empty = await grade(lenet, "   ");
    expect(empty).toMatchObject({ status: "error", reason: "invalid-answer" });
    expect(localizedFeedback(empty, "en")).toBe("Empty answer: write your answer.");
    expect(await grade(lenet, "x".repeat(501))).toMatchObject({ status: "error", reason: "invalid-answer" });
    const wrong = await grade(lenet, "VGG");
    expect(wrong.status === "graded" && localizedFeedback(wrong, "en")).toBe("Incorrect.");
  });

  it("the reference answer is the first full-credit answer as typed, and scores 1", async () => {
    const starred = makeQuestion({ type: "shortanswer", answers: [{ text: "*", credit: 0.1 }, { text: "max* pooling", credit: 1 }] });
    expect(await referenceAnswer(starred, makeVariant(starred, null))).toBe("max pooling");
    expect(await referenceAnswer(lenet, makeVariant(lenet, null))).toBe("LeNet-5");
  });

  it("a question needs a full-credit answer that is more than a wildcard, and no answer twice", () => {
    const bad = (answers: unknown) => parseQuestionFields({ id: "s", type: "shortanswer", title: "t", topic: "t", source: { seed: "x", item: "y" }, answers });
    expect(bad([{ text: "*", credit: 1 }])).toMatchObject({ ok: false, errors: [expect.stringMatching(/credit 1/)] });
    expect(bad([{ text: "a", credit: 0.5 }])).toMatchObject({ ok: false });
    expect(bad([{ text: "a" }, { text: "a", credit: 0 }])).toMatchObject({ ok: false, errors: [expect.stringMatching(/twice/)] });
    expect(bad([{ text: "a", credit: 1.5 }])).toMatchObject({ ok: false });
    expect(bad([{ text: "a" }])).toMatchObject({ ok: true });
  });
});
