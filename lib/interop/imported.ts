import type { QuestionDraft } from "@/lib/authoring/validate";

/** A question read from an outside format, before it becomes a bank question. Texts are Markdown. */
export interface ImportedQuestion {
  /** the question's name in its file (Moodle <name>, GIFT ::title::), or its first words */
  name: string;
  category: string | null;
  text: string;
  /** general feedback / worked solution, if the file has one */
  generalFeedback: string;
  body:
    | { kind: "mcq"; multiple: boolean; shuffle: boolean; options: { text: string; correct: boolean; feedback: string }[] }
    | { kind: "numeric"; value: number; tolerance: number; unit: string | null }
    | { kind: "open"; graderInfo: string; points: number };
  /** what a person should check after importing (dropped partial credit, media, constant answers...) */
  review: string[];
}

/** One question of the file that could not be read at all (unsupported type, syntax error). */
export interface UnreadableQuestion {
  name: string;
  reason: string;
}

export interface ParsedFile {
  questions: ImportedQuestion[];
  unreadable: UnreadableQuestion[];
}

export const REVIEW_TAG = "revisar-importacao";

export function slugifyId(text: string): string {
  const slug = text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 50)
    .replace(/-+$/g, "");
  return slug || "questao";
}

const OPTION_IDS = "abcdefghijklmnopqrstuvwxyz";

/**
 * The bank form of an imported question. Numeric answers in these formats are constants: the bank wants a formula, so
 * the constant becomes a fixed parameter the answer refers to, and the question is flagged for review.
 */
export function toDraft(q: ImportedQuestion, id: string, source: string): { draft: QuestionDraft; review: string[] } {
  const review = [...q.review];
  const base = {
    id,
    title: q.name.slice(0, 200) || id,
    topic: q.category ? slugifyId(q.category.split("/").filter(Boolean).at(-1) ?? "importado") : "importado",
    source: { seed: source, item: q.name.slice(0, 100) || id },
  };
  let typeFields: Record<string, unknown>;
  let solution = q.generalFeedback.trim();
  if (q.body.kind === "mcq") {
    if (q.body.options.length > OPTION_IDS.length) review.push(`só as ${OPTION_IDS.length} primeiras opções foram importadas`);
    typeFields = {
      type: "mcq",
      multiple: q.body.multiple,
      shuffle: q.body.shuffle,
      options: q.body.options.slice(0, OPTION_IDS.length).map((o, i) => ({
        id: OPTION_IDS[i]!,
        text: o.text || "(vazia)",
        correct: o.correct,
        ...(o.feedback ? { feedback: o.feedback } : {}),
      })),
    };
    if (!solution) solution = "Resposta: {{answer}}";
  } else if (q.body.kind === "numeric") {
    const { value, tolerance, unit } = q.body;
    review.push(`resposta constante (${value}) importada como parâmetro fixo: escreva a fórmula que a calcula`);
    typeFields = {
      type: "numeric",
      params: { resposta_importada: { default: value } },
      answer: "resposta_importada",
      tolerance: tolerance === 0 && Number.isInteger(value) ? { mode: "integer" } : { abs: tolerance },
      ...(unit ? { unit } : {}),
    };
    if (!solution) solution = "Resposta: {{answer}}";
  } else {
    typeFields = { type: "open", rubric: [{ id: "r1", text: q.body.graderInfo ? "Resposta de acordo com o gabarito" : "Resposta correta e justificada", points: q.body.points }] };
    solution = q.body.graderInfo.trim() || solution;
    if (!solution) {
      solution = "(sem gabarito no arquivo importado)";
      review.push("o arquivo não tem gabarito: escreva a resolução");
    }
    review.push("rubrica de um único item criada na importação: detalhe os critérios");
  }
  const tags = review.length > 0 ? ["importado", REVIEW_TAG] : ["importado"];
  return { draft: { fields: { ...base, ...typeFields, tags }, prompt: q.text, solution }, review };
}
