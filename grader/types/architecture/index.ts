import type { z } from "zod";
import { summarizeStack, type LayerSummary, type ParamCount, type StackSummary } from "@/domain/cnn/engine";
import type { LayerSpec } from "@/domain/cnn/spec";
import type { BaseQuestion, GradeResult, QuestionTexts, QuestionTypeModule, Variant } from "@/domain/questions/base";
import { variantScope } from "@/domain/questions/params";
import { readJsonAnswer } from "../matrix/json";
import type { Message } from "@/domain/i18n/translate";
import { say, sayAll, type Said } from "@/domain/questions/feedback";
import { readArchitectureText, readCount, readShape } from "./read";
import { architectureFields, type LayerField, type TotalField } from "./schema";

export type ArchitectureQuestion = BaseQuestion & QuestionTexts & z.infer<typeof architectureFields>;

export const MAX_ARCHITECTURE_ANSWER_LENGTH = 20_000;
const EXAMPLE = `{"conv1": {"output_shape": [26, 26, 32], "params": 320}, "total": {"params": 1234}}`;

/** "conv1: parâmetros", "total de parâmetros" (grader.architecture.field / .total). */
const layerItem = (layer: string, field: LayerField) => say("architecture.item", { layer, field: { key: `grader.architecture.field.${field}` } });
const totalItem = (field: TotalField) => say(`architecture.total.${field}`);

/** One asked item: `key` is the layer name or "total". */
interface AskedItem {
  key: string;
  field: LayerField;
  /** pt-BR, for the answer form */
  label: string;
  name: Message;
}

const itemOf = (key: string, field: LayerField, said: Said): AskedItem => ({ key, field, label: said.feedback, name: said.message[0]! });

function askedItems(question: ArchitectureQuestion): AskedItem[] {
  return question.ask.flatMap((entry) =>
    "layer" in entry
      ? entry.fields.map((field) => itemOf(entry.layer, field, layerItem(entry.layer, field)))
      : entry.total.map((field) => itemOf("total", field, totalItem(field))),
  );
}

export function summarizeVariant(question: ArchitectureQuestion, variant: Variant): StackSummary {
  return summarizeStack(question.input_shape, question.layers, variantScope(question, variant));
}

function paramsOf(count: ParamCount, field: Exclude<LayerField, "output_shape">): number {
  return field === "params" ? count.total : field === "trainable_params" ? count.trainable : count.nonTrainable;
}

function expectedValue(summary: StackSummary, item: AskedItem): number | number[] {
  if (item.key === "total") return paramsOf(summary.totals, item.field as Exclude<LayerField, "output_shape">);
  const layer = summary.layers.find((l) => l.name === item.key);
  if (!layer) throw new Error(`asked layer "${item.key}" is not in the stack`);
  return item.field === "output_shape" ? layer.outputShape : paramsOf(layer.params, item.field);
}

/** A targeted hint for a wrong parameter count, from the usual slips. */
function countSlip(summary: StackSummary, spec: LayerSpec | undefined, layer: LayerSummary | undefined, item: AskedItem, given: number): { id: string; hint: Said } | null {
  if (item.key === "total") {
    if (item.field === "params" && summary.totals.nonTrainable > 0 && given === summary.totals.trainable) {
      return { id: "total-without-non-trainable", hint: say("architecture.hintTotalNonTrainable") };
    }
    return null;
  }
  if (!layer || !spec || item.field === "output_shape") return null;
  const index = summary.layers.indexOf(layer);
  const input = index === 0 ? summary.inputShape : summary.layers[index - 1].outputShape;
  const channels = input[input.length - 1];
  if ((layer.type === "Conv1D" || layer.type === "Conv2D" || layer.type === "Dense") && "use_bias" in spec && spec.use_bias) {
    const units = layer.outputShape[layer.outputShape.length - 1];
    if (given === layer.params.total - units) return { id: "forgot-bias", hint: say("architecture.hintForgotBias") };
    if (layer.type !== "Dense" && channels > 1 && given === (layer.params.total - units) / channels + units) {
      return { id: "ignored-input-channels", hint: say("architecture.hintInputChannels") };
    }
  }
  if (layer.type === "BatchNormalization" && item.field === "params" && given === layer.params.trainable) {
    return { id: "bn-non-trainable-ignored", hint: say("architecture.hintBatchNorm") };
  }
  return null;
}

const sameShape = (a: number[], b: number[]) => a.length === b.length && a.every((dim, i) => dim === b[i]);

/** Layer names and fields are matched without regard to case ("Conv1", "Params"). */
function matchKeys(value: unknown, asked: Map<string, string[]>): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  const find = (names: string[], name: string) => names.find((n) => n.toLowerCase() === name.toLowerCase()) ?? name;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => {
      const layer = find([...asked.keys()], key);
      const fields = asked.get(layer) ?? [];
      const fixed = inner && typeof inner === "object" && !Array.isArray(inner)
        ? Object.fromEntries(Object.entries(inner).map(([field, v]) => [find(fields, field), v]))
        : inner;
      return [layer, fixed];
    }),
  );
}

type ReadAnswer = { ok: true; values: Map<AskedItem, unknown> } | { ok: false; error: Said };

/** Checks the answer's keys against what was asked; values are read later, field by field. */
function readAnswer(answer: string, items: AskedItem[]): ReadAnswer {
  const json = readJsonAnswer(answer, { maxLength: MAX_ARCHITECTURE_ANSWER_LENGTH, maxDepth: 3, example: EXAMPLE });
  const asked = new Map<string, string[]>();
  for (const item of items) asked.set(item.key, [...(asked.get(item.key) ?? []), item.field]);
  const text = !json.ok && typeof answer === "string" && answer.length <= MAX_ARCHITECTURE_ANSWER_LENGTH && !/^\s*[[{]/.test(answer)
    ? readArchitectureText(answer, asked)
    : null;
  if (!json.ok && !text) return json;
  const object = text ?? matchKeys(json.ok ? json.value : null, asked);
  if (object === null || typeof object !== "object" || Array.isArray(object)) {
    return { ok: false, error: say("architecture.notObject", { example: EXAMPLE }) };
  }
  const keys = [...new Set(items.map((item) => item.key))];
  for (const [key, value] of Object.entries(object)) {
    if (!keys.includes(key)) return { ok: false, error: say("architecture.unknownKey", { key: key.slice(0, 40), keys: keys.join(", ") }) };
    if (value === null || typeof value !== "object" || Array.isArray(value)) return { ok: false, error: say("architecture.entryNotObject", { key }) };
    const fields = items.filter((item) => item.key === key).map((item) => item.field);
    for (const field of Object.keys(value)) {
      if (!(fields as string[]).includes(field)) {
        return { ok: false, error: say("architecture.fieldNotAsked", { field: field.slice(0, 40), key, fields: fields.join(", ") }) };
      }
    }
  }
  const record = object as Record<string, Record<string, unknown>>;
  const values = new Map<AskedItem, unknown>();
  for (const item of items) {
    const value = record[item.key]?.[item.field];
    if (value !== undefined) values.set(item, value);
  }
  if (values.size === 0) return { ok: false, error: say("architecture.nothingAnswered", { example: EXAMPLE }) };
  return { ok: true, values };
}

function gradeArchitecture(question: ArchitectureQuestion, variant: Variant, answer: string): GradeResult {
  const items = askedItems(question);
  const read = readAnswer(answer, items);
  if (!read.ok) return { score: 0, ...read.error, invalid: true };
  // every given value must be readable before anything is graded
  const given = new Map<AskedItem, number | number[]>();
  for (const [item, value] of read.values) {
    const parsed = item.field === "output_shape" ? readShape(value) : readCount(value);
    if (!parsed.ok) return { score: 0, ...sayAll([say("architecture.itemProblem", { item: item.name }), parsed.error], " "), invalid: true };
    given.set(item, parsed.value);
  }
  const summary = summarizeVariant(question, variant);
  const specs = new Map(summary.layers.map((layer, i) => [layer.name, { layer, spec: question.layers[i] as LayerSpec }]));
  const parts: NonNullable<GradeResult["parts"]> = [];
  const wrongLines: Said[] = [];
  let misconception: string | undefined;
  for (const item of items) {
    const expected = expectedValue(summary, item);
    const value = given.get(item);
    let feedback = say("architecture.wrong");
    let ok = false;
    if (value === undefined) feedback = say("architecture.notAnswered");
    else if (Array.isArray(expected)) {
      ok = Array.isArray(value) && sameShape(value, expected);
      if (!ok && Array.isArray(value)) {
        const channelsFirst = expected.length > 1 && sameShape(value, [expected[expected.length - 1], ...expected.slice(0, -1)]);
        if (value.length !== expected.length) feedback = say("architecture.wrongDims", { count: expected.length });
        else if (channelsFirst) feedback = say("architecture.channelsFirst");
        if (channelsFirst) misconception ??= "channels-first";
      }
    } else {
      ok = value === expected;
      if (!ok) {
        const entry = specs.get(item.key);
        const slip = countSlip(summary, entry?.spec, entry?.layer, item, value as number);
        if (slip) feedback = say("architecture.wrongHint", { hint: slip.hint.message[0]! });
        misconception ??= slip?.id;
      }
    }
    if (!ok) wrongLines.push(say("architecture.wrongLine", { item: item.name, problem: feedback.message[0]! }));
    parts.push({ name: `${item.key}.${item.field}`, score: ok ? 1 : 0, weight: 1, ...(ok ? say("architecture.right") : feedback) });
  }
  const right = parts.filter((part) => part.score === 1).length;
  const score = right / parts.length;
  if (right === parts.length) return { score: 1, ...say("architecture.allCorrect", { count: parts.length }), parts };
  return {
    score,
    parts,
    ...sayAll([say("architecture.summary", { right, total: parts.length }), ...wrongLines], "\n"),
    ...(misconception ? { misconception } : {}),
  };
}

function referenceText(question: ArchitectureQuestion, variant: Variant): string {
  const summary = summarizeVariant(question, variant);
  const reference: Record<string, Record<string, number | number[]>> = {};
  for (const item of askedItems(question)) (reference[item.key] ??= {})[item.field] = expectedValue(summary, item);
  return JSON.stringify(reference);
}

export const architectureType: QuestionTypeModule<ArchitectureQuestion> = {
  type: "architecture",
  schema: architectureFields,
  referenceAnswer: referenceText,
  grade: gradeArchitecture,
  /** what the answer form needs: one input per asked item, in order */
  publicView: (question) => ({
    fields: askedItems(question).map(({ key, field, label }) => ({ key, field, label })),
  }),
};
