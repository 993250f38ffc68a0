import { describe, expect, it } from "vitest";
import { strideAnswers } from "@/bench/fixtures/stride-answers";
import { countClicks } from "@/lib/answer-groups/clicks";
import { agglomerate, defaultGroupingOptions, groupAnswers } from "@/lib/answer-groups/cluster";
import { tokenize } from "@/lib/answer-groups/text";

const stems = (text: string) => tokenize(text).map((t) => t.stem);

describe("Portuguese text features", () => {
  it("drops stop words and accents, stems, and folds the course's synonyms into one concept", () => {
    expect(stems("o deslocamento do kernel")).toEqual(stems("o passo do filtro"));
    expect(stems("aplicação da convolução")).toEqual(stems("aplicacao da convolucao"));
    expect(stems("os pixels")).toEqual(stems("o pixel"));
    expect(stems("é o de um para a")).toEqual([]);
  });

  it("keeps negations, comparatives and numbers, which change the meaning", () => {
    expect(stems("não reduz a saída")).toHaveLength(3);
    expect(stems("stride maior")).toContain("maior");
    expect(stems("o padrão é 1")).toContain("1");
    expect(stems("anda uma posição")).toEqual(stems("anda 1 posição"));
  });

  it("reads Markdown and math as their words", () => {
    expect(stems("**stride** é o `passo`")).toEqual(stems("stride é o passo"));
    const math = stems("$\\lfloor (n + 2p - f)/s \\rfloor + 1$");
    expect(math).toEqual(expect.arrayContaining(["2p", "1"]));
    expect(math.join(" ")).not.toContain("lfloor");
  });
});

describe("grouping", () => {
  const answers = [
    { id: "1", text: "O stride é o passo do filtro sobre a entrada." },
    { id: "2", text: "stride e o passo do filtro sobre a entrada" },
    { id: "3", text: "É o deslocamento do kernel sobre a imagem." },
    { id: "4", text: "O stride é a quantidade de zeros adicionados na borda da imagem." },
    { id: "5", text: "São zeros colocados na borda da imagem de entrada." },
    { id: "6", text: "Não sei." },
  ];

  it("puts the same idea together, a different idea apart, and leaves an answer like no other single", () => {
    const { groups, singles } = groupAnswers(answers, { ...defaultGroupingOptions, threshold: 0.3 });
    const groupOf = (id: string) => groups.findIndex((g) => g.members.some((m) => m.id === id));
    expect(groupOf("1")).toBe(groupOf("2"));
    expect(groupOf("1")).toBe(groupOf("3"));
    expect(groupOf("4")).toBe(groupOf("5"));
    expect(groupOf("1")).not.toBe(groupOf("4"));
    expect(singles).toEqual(["6"]);
  });

  it("explains each group by its top words and each member's similarity to the centre", () => {
    const { groups } = groupAnswers(answers, { ...defaultGroupingOptions, threshold: 0.3 });
    const step = groups.find((g) => g.members.some((m) => m.id === "1"))!;
    // the concept "passo" (stride, deslocamento, ...) is named by the word students typed most for it
    expect(step.topTerms[0]).toBe("stride");
    expect(stems(step.topTerms[0]!)).toEqual(stems("passo"));
    for (const m of step.members) expect(m.similarity).toBeGreaterThan(0);
    expect(step.members.map((m) => m.similarity)).toEqual([...step.members.map((m) => m.similarity)].sort((a, b) => b - a));
    expect(step.key).toBe(step.members[0]!.id);
  });

  it("marks an answer far from its group's centre as an outlier", () => {
    const { groups } = groupAnswers(answers, { ...defaultGroupingOptions, threshold: 0.3, outlierBelow: 0.99 });
    expect(groups.flatMap((g) => g.members).some((m) => m.outlier)).toBe(true);
    const none = groupAnswers(answers, { ...defaultGroupingOptions, threshold: 0.3, outlierBelow: 0 });
    expect(none.groups.flatMap((g) => g.members).some((m) => m.outlier)).toBe(false);
  });

  it("does not depend on the order of the answers", () => {
    const a = groupAnswers(answers);
    const b = groupAnswers([...answers].reverse());
    expect(b).toEqual(a);
  });

  it("agglomerates by average linkage and stops at the threshold", () => {
    const sim = [
      [1, 0.9, 0.1],
      [0.9, 1, 0.5],
      [0.1, 0.5, 1],
    ];
    expect(agglomerate(sim, 0.6).map((c) => [...c].sort())).toEqual([[0, 1], [2]]);
    // average of 0.1 and 0.5 = 0.3: merges at 0.3, not at 0.31
    expect(agglomerate(sim, 0.3)).toHaveLength(1);
    expect(agglomerate(sim, 0.31)).toHaveLength(2);
  });
});

describe("answers per click on the 200 stride answers", () => {
  it("grades more than two answers per click, and counts a misgrouped answer as two clicks", () => {
    const set = strideAnswers(200);
    expect(new Set(set.map((a) => a.text)).size).toBeGreaterThan(120); // typos, accents and openings vary them
    const grouping = groupAnswers(set, { ...defaultGroupingOptions, emphasis: ["passo do filtro", "valor padrão é 1", "stride maior com saída menor"] });
    const truth = new Map(set.map((a) => [a.id, a.awarded.join(",")]));
    const count = countClicks(grouping, truth);
    expect(count.answers).toBe(200);
    expect(count.clicks).toBe(count.groupActions + count.singleActions + count.exclusions);
    expect(count.answersPerClick).toBeGreaterThan(2);
  });

  it("counts one click per answer when nothing groups", () => {
    const count = countClicks({ groups: [], singles: ["a", "b"] }, new Map());
    expect(count).toMatchObject({ clicks: 2, answersPerClick: 1 });
  });
});
