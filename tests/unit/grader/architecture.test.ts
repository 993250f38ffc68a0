import { describe, expect, it } from "vitest";
import { architectureType, MAX_ARCHITECTURE_ANSWER_LENGTH, type ArchitectureQuestion } from "@/grader/types/architecture";
import { readCount, readShape } from "@/grader/types/architecture/read";
import type { GradeResult, Variant } from "@/domain/questions/base";
import { drawVariant } from "@/domain/questions/params";

function question(fields: Record<string, unknown>): ArchitectureQuestion {
  const parsed = architectureType.schema.safeParse(fields);
  if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues));
  return { id: "q", type: "architecture", title: "t", topic: "x", tags: [], source: { seed: "s", item: "i" }, errata: [], prompt: "", solution: "", ...parsed.data } as ArchitectureQuestion;
}
const defaults = (q: ArchitectureQuestion): Variant => drawVariant(q, null);
const grade = (q: ArchitectureQuestion, answer: unknown, variant = defaults(q)) => architectureType.grade(q, variant, answer as string) as GradeResult;
const reference = (q: ArchitectureQuestion, variant = defaults(q)) => JSON.parse(architectureType.referenceAnswer(q, variant) as string);

/** seed 000 I.d, as the bank writes it (parameters for the filter counts and the F6 width) */
const lenet = question({
  params: { m1: { default: 6, choices: [4, 6, 8] }, m2: { default: 16, choices: [12, 16, 32] }, h2: { default: 84, choices: [64, 84, 96] } },
  input_shape: [32, 32, 1],
  layers: [
    { name: "c1", type: "Conv2D", filters: "{{m1}}", kernel_size: 5, activation: "tanh" },
    { name: "s2", type: "AveragePooling2D", pool_size: 2, strides: 2 },
    { name: "c3", type: "Conv2D", filters: "m2", kernel_size: 5, activation: "tanh" },
    { name: "s4", type: "AveragePooling2D", pool_size: 2 },
    { name: "flat", type: "Flatten" },
    { name: "c5", type: "Dense", units: 120, activation: "tanh" },
    { name: "f6", type: "Dense", units: "{{h2}}", activation: "tanh" },
    { name: "saida", type: "Dense", units: 10, activation: "softmax" },
  ],
  ask: [
    { layer: "c1", fields: ["output_shape", "params"] },
    { layer: "c3", fields: ["params"] },
    { layer: "c5", fields: ["params"] },
    { layer: "f6", fields: ["output_shape", "params"] },
    { layer: "saida", fields: ["params"] },
    { total: "params" },
  ],
});

/** seed 003 Exercício 6, architecture A, asked as the exercise asks it */
const modelA = question({
  input_shape: [1024, 1],
  layers: [
    { type: "Conv1D", filters: 16, kernel_size: 8, padding: "same", activation: "relu" },
    { type: "MaxPooling1D", pool_size: 4 },
    { type: "Conv1D", filters: 32, kernel_size: 8, padding: "same", activation: "relu" },
    { type: "MaxPooling1D", pool_size: 4 },
    { type: "Conv1D", filters: 8, kernel_size: 1, padding: "same", activation: "relu" },
    { type: "Flatten" },
    { type: "Dense", units: 3, activation: "softmax" },
  ],
  ask: [{ layer: "conv1d_1", fields: ["output_shape"] }, { layer: "conv1d_2", fields: ["output_shape"] }, { total: ["params", "trainable_params"] }],
});

const bn = question({
  input_shape: [8, 8, 3],
  layers: [
    { name: "conv", type: "Conv2D", filters: 4, kernel_size: 3, padding: "same" },
    { name: "bn", type: "BatchNormalization" },
  ],
  ask: [{ layer: "conv", fields: ["params"] }, { layer: "bn", fields: ["params", "trainable_params", "non_trainable_params"] }, { total: ["params", "non_trainable_params"] }],
});

describe("architecture reference", () => {
  it("is a JSON object keyed by layer name with the asked fields only (LeNet-5: 61706)", () => {
    expect(reference(lenet)).toEqual({
      c1: { output_shape: [28, 28, 6], params: 156 },
      c3: { params: 2416 },
      c5: { params: 48120 },
      f6: { output_shape: [84], params: 10164 },
      saida: { params: 850 },
      total: { params: 61706 },
    });
  });

  it("follows the variant's parameters", () => {
    const variant: Variant = { seed: 5, params: { m1: 8, m2: 32, h2: 64 } };
    expect(reference(lenet, variant)).toMatchObject({ c1: { params: 208 }, c3: { params: 25 * 8 * 32 + 32 }, c5: { params: 800 * 120 + 120 }, f6: { params: 120 * 64 + 64 } });
    for (const seed of [1, 2, 3]) {
      const drawn = drawVariant(lenet, seed);
      expect(grade(lenet, architectureType.referenceAnswer(lenet, drawn), drawn).score).toBe(1);
    }
  });

  it("reports BatchNormalization like Keras", () => {
    expect(reference(bn)).toEqual({ conv: { params: 112 }, bn: { params: 16, trainable_params: 8, non_trainable_params: 8 }, total: { params: 128, non_trainable_params: 8 } });
  });
});

describe("architecture grading", () => {
  it("accepts the Keras summary's own notation", () => {
    const answer = { conv1d_1: { output_shape: "(None, 256, 32)" }, conv1d_2: { output_shape: "(None, 64, 8)" }, total: { params: "6,075", trainable_params: "6.075" } };
    expect(grade(modelA, JSON.stringify(answer))).toMatchObject({ score: 1 });
  });

  it.each([
    [[28, 28, 6]],
    ["28x28x6"],
    ["28 × 28 × 6"],
    ["(None, 28, 28, 6)"],
    ["[28, 28, 6]"],
    [[null, 28, 28, 6]],
    [["28", "28", "6"]],
  ])("reads the shape %j", (shape) => {
    const answer = { ...reference(lenet), c1: { output_shape: shape, params: 156 } };
    expect(grade(lenet, JSON.stringify(answer)).score).toBe(1);
  });

  it.each([["61706"], ["61.706"], ["61,706"], ["61 706"], ["61\u202f706"], [61706], ["6.1706e4"]])("reads the total %j", (total) => {
    expect(grade(lenet, JSON.stringify({ ...reference(lenet), total: { params: total } })).score).toBe(1);
  });

  it("grades each asked field, lists every one in parts and names the wrong ones in Portuguese", () => {
    const answer = reference(lenet);
    answer.c1.output_shape = [28, 28];
    answer.f6.params = 10160; // the seed's printed 120 × 80 + 80 slip would be 9680; any wrong count is wrong
    answer.total.params = 61702; // the seed's printed total (erratum)
    const result = grade(lenet, JSON.stringify(answer));
    expect(result.score).toBe(5 / 8);
    expect(result.invalid).toBeUndefined();
    expect(result.parts!.map((p) => [p.name, p.score])).toEqual([
      ["c1.output_shape", 0],
      ["c1.params", 1],
      ["c3.params", 1],
      ["c5.params", 1],
      ["f6.output_shape", 1],
      ["f6.params", 0],
      ["saida.params", 1],
      ["total.params", 0],
    ]);
    expect(result.feedback).toContain("5 de 8 itens corretos");
    expect(result.feedback).toContain("c1: formato de saída: incorreto: a saída desta camada tem 3 dimensões");
    expect(result.feedback).toContain("f6: parâmetros: incorreto");
    expect(result.feedback).toContain("total de parâmetros: incorreto");
    expect(result.feedback).not.toContain("c3");
  });

  it("scores missing fields as not answered", () => {
    const result = grade(lenet, JSON.stringify({ c1: { params: 156 } }));
    expect(result.score).toBe(1 / 8);
    expect(result.parts!.find((p) => p.name === "total.params")!.feedback).toBe("não respondido");
  });

  it("names the usual slips", () => {
    expect(grade(lenet, JSON.stringify({ c1: { params: 150 } })).misconception).toBe("forgot-bias");
    expect(grade(lenet, JSON.stringify({ c3: { params: 25 * 16 + 16 } })).misconception).toBe("ignored-input-channels");
    const bnSlip = grade(bn, JSON.stringify({ bn: { params: 8 } }));
    expect(bnSlip.misconception).toBe("bn-non-trainable-ignored");
    expect(bnSlip.feedback).toMatch(/não treináveis/);
    expect(grade(bn, JSON.stringify({ total: { params: 120 } })).misconception).toBe("total-without-non-trainable");
  });

  it("publishes the asked items for the answer form", () => {
    expect(architectureType.publicView!(bn, defaults(bn))).toEqual({
      fields: [
        { key: "conv", field: "params", label: "conv: parâmetros" },
        { key: "bn", field: "params", label: "bn: parâmetros" },
        { key: "bn", field: "trainable_params", label: "bn: parâmetros treináveis" },
        { key: "bn", field: "non_trainable_params", label: "bn: parâmetros não treináveis" },
        { key: "total", field: "params", label: "total de parâmetros" },
        { key: "total", field: "non_trainable_params", label: "total de parâmetros não treináveis" },
      ],
    });
  });
});

describe("architecture answers that cannot be read (invalid, never an exception)", () => {
  const nasty: [string, unknown, RegExp][] = [
    ["empty", "", /vazia/],
    ["not JSON nor layer lines", "c1 tem 28x28x6", /JSON/],
    ["a list", "[1, 2]", /objeto JSON/],
    ["null", "null", /objeto JSON/],
    ["unknown layer", '{"conv9": {"params": 1}}', /conv9.*não é uma das entradas pedidas \(c1, c3, c5, f6, saida, total\)/],
    ["unknown field", '{"c1": {"parametros": 156}}', /parametros.*não foi pedido/],
    ["field not asked for that layer", '{"c3": {"output_shape": [10, 10, 16]}}', /não foi pedido/],
    ["layer value not an object", '{"c1": 156}', /deve ser um objeto/],
    ["nothing answered", '{"c1": {}}', /Nenhum/],
    ["unreadable shape", '{"c1": {"output_shape": "vinte e oito"}}', /c1: formato de saída/],
    ["zero dimension", '{"c1": {"output_shape": [28, 0, 6]}}', /inteiro positivo/],
    ["fractional count", '{"c1": {"params": 155.5}}', /inteiro/],
    ["decimal count text", '{"c1": {"params": "12,5"}}', /inteiro/],
    ["mixed separators", '{"c1": {"params": "1.234,5"}}', /inteiro/],
    ["negative count", '{"c1": {"params": -156}}', /inteiro/],
    ["1e309", '{"c1": {"params": 1e309}}', /grande demais/],
    ["count as object", '{"c1": {"params": {"n": 1}}}', /aninhados demais|inteiro/],
    ["nested too deep", '{"c1": {"output_shape": [[28], 28, 6]}}', /aninhados demais/],
    ["very deep nesting", "{\"a\":".repeat(2000) + "1" + "}".repeat(2000), /aninhados demais/],
    ["10 MB string", JSON.stringify({ c1: { params: "1".repeat(10_000_000) } }), /longa demais/],
    ["not a string", 42, /texto/],
  ];
  it.each(nasty)("%s", (_, answer, message) => {
    const result = grade(lenet, answer);
    expect(result.invalid).toBe(true);
    expect(result.score).toBe(0);
    expect(result.feedback).toMatch(message);
  });

  it("refuses by length first", () => {
    expect(grade(lenet, " ".repeat(MAX_ARCHITECTURE_ANSWER_LENGTH + 1)).feedback).toMatch(/longa demais/);
  });
});

describe("readers", () => {
  it("readShape drops a batch dimension and refuses junk", () => {
    expect(readShape("(None, 128)")).toEqual({ ok: true, value: [128] });
    expect(readShape("(128,)")).toEqual({ ok: true, value: [128] });
    expect(readShape(128)).toEqual({ ok: true, value: [128] });
    expect(readShape("?x14x14x6")).toEqual({ ok: true, value: [14, 14, 6] });
    expect(readShape("28.5x28").ok).toBe(false);
    expect(readShape("").ok).toBe(false);
    expect(readShape(true).ok).toBe(false);
  });

  it("readCount reads thousands separators only in groups of three", () => {
    expect(readCount("1.234.567")).toEqual({ ok: true, value: 1234567 });
    expect(readCount("1'234")).toEqual({ ok: true, value: 1234 });
    expect(readCount("1,234")).toEqual({ ok: true, value: 1234 });
    expect(readCount("12.34").ok).toBe(false);
    expect(readCount("1.23.456").ok).toBe(false);
    expect(readCount("1,234.567").ok).toBe(false);
    expect(readCount("0")).toEqual({ ok: true, value: 0 });
  });
});

describe("architecture question schema", () => {
  const errors = (fields: Record<string, unknown>) => {
    const parsed = architectureType.schema.safeParse(fields);
    return parsed.success ? "" : parsed.error.issues.map((issue) => issue.message).join(" | ");
  };
  const base = { input_shape: [28, 28, 1], layers: [{ name: "conv", type: "Conv2D", filters: 4, kernel_size: 3 }], ask: [{ layer: "conv", fields: ["params"] }] };
  it("accepts a sound question", () => expect(errors(base)).toBe(""));
  it("refuses an asked layer that does not exist", () => expect(errors({ ...base, ask: [{ layer: "conv2", fields: ["params"] }] })).toMatch(/no layer named "conv2"/));
  it("refuses a stack Keras would refuse", () => expect(errors({ ...base, layers: [{ name: "conv", type: "Conv2D", filters: 4, kernel_size: 30 }] })).toMatch(/negative dimension/));
  it("refuses a layer named total", () => expect(errors({ ...base, layers: [{ name: "total", type: "Dense", units: 2 }], ask: [{ layer: "total", fields: ["params"] }] })).toMatch(/reserved/));
  it("refuses the same layer asked twice", () => expect(errors({ ...base, ask: [{ layer: "conv", fields: ["params"] }, { layer: "conv", fields: ["output_shape"] }] })).toMatch(/asked twice/));
  it("refuses unknown fields and layer types", () => {
    expect(errors({ ...base, ask: [{ layer: "conv", fields: ["flops"] }] })).not.toBe("");
    expect(errors({ ...base, layers: [{ name: "conv", type: "Conv3D", filters: 4, kernel_size: 3 }] })).not.toBe("");
  });
  it("refuses an expression over an unknown parameter", () => {
    expect(errors({ ...base, layers: [{ name: "conv", type: "Conv2D", filters: "{{m}}", kernel_size: 3 }] })).toMatch(/cannot evaluate "\{\{m\}\}"/);
  });
});

describe("architecture answers as students write them", () => {
  it("reads one layer per line or ;, names in any case, counts with words, and names a channels-first shape", () => {
    const ref = reference(lenet);
    const text = `C1: ${ref.c1.output_shape.join("x")}, ${ref.c1.params}; c3: ${ref.c3.params} parâmetros\nc5: ${ref.c5.params}; f6: (None, ${ref.f6.output_shape[0]}), ${ref.f6.params}; saida: ${ref.saida.params}; Total: ${ref.total.params}`;
    expect(grade(lenet, text)).toMatchObject({ score: 1 });
    const cased = JSON.stringify({ ...ref, C1: ref.c1, c1: undefined, total: { Params: `${ref.total.params} parâmetros` } });
    expect(grade(lenet, cased)).toMatchObject({ score: 1 });
    const [h, w, c] = ref.c1.output_shape as number[];
    const first = grade(lenet, JSON.stringify({ ...ref, c1: { ...ref.c1, output_shape: [c, h, w] } }));
    expect(first).toMatchObject({ misconception: "channels-first", feedback: expect.stringMatching(/canais vêm por último/) });
    expect(first.score).toBeGreaterThan(0);
  });
});
