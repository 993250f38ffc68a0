import { parseNumber } from "@/domain/questions/numbers";
import type { LoadedQuestion } from "@/question-bank/load";

/** A wrong answer close to the reference, written the way a student would: it must not score 1. */
export function perturb(question: LoadedQuestion, reference: string): string {
  switch (question.type) {
    case "numeric": {
      const parsed = parseNumber(reference);
      if (!parsed.ok) throw new Error(`reference ${reference} does not parse: ${parsed.error}`);
      return String(parsed.value * 1.5 + 1).replace(".", ",");
    }
    case "mcq": {
      const options = (question as unknown as { options: { id: string }[]; multiple: boolean }).options.map((o) => o.id);
      const picked = reference.split(",");
      if (picked.length > 1) return picked.slice(0, -1).join(",");
      const other = options.find((id) => id !== picked[0])!;
      return (question as unknown as { multiple: boolean }).multiple ? `${picked[0]},${other}` : other;
    }
    case "symbolic":
      return `(${reference}) * 2 + 1`;
    default: {
      // JSON answers (matrix, architecture): change the first number value (never a key)
      const data: unknown = JSON.parse(reference);
      if (!bumpFirstNumber(data)) throw new Error(`no number to perturb in ${reference}`);
      return JSON.stringify(data);
    }
  }
}

function bumpFirstNumber(node: unknown): boolean {
  if (node === null || typeof node !== "object") return false;
  const container = node as Record<string, unknown>;
  for (const key of Object.keys(container)) {
    if (typeof container[key] === "number") {
      container[key] = (container[key] as number) + 1;
      return true;
    }
    if (bumpFirstNumber(container[key])) return true;
  }
  return false;
}
