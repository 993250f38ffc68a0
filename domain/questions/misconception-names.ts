/**
 * What staff and students read for a recognised mistake (GradeResult.misconception): never its id. The graders'
 * own labels have names here (and under `misconceptions.<id>` in messages/<locale>/review.json for other locales);
 * a bank question's misconception shows its `name`, or the first sentence of its feedback.
 */
export const GRADER_MISCONCEPTION_NAMES: Record<string, string> = {
  "bn-non-trainable-ignored": "Batch norm sem os parâmetros não treináveis",
  "channels-first": "Canais antes de altura e largura",
  "constant-factor": "Fator constante errado",
  "constant-matrix": "Matriz constante (chute)",
  "flipped-kernel": "Kernel girado 180° (convolução da matemática)",
  "forgot-bias": "Esqueceu os vieses",
  "ignored-input-channels": "Ignorou os canais de entrada",
  "output-shape": "Formato de saída errado",
  "padding-confusion": "Confundiu o padding (valid/same)",
  "percent-instead-of-ratio": "Porcentagem em vez de razão",
  "rounded-coefficient": "Coeficiente decimal aproximado",
  "rounded-too-much": "Arredondou demais",
  "seed-erratum": "Valor impresso com erro no material",
  "stride-ignored": "Ignorou o stride",
  "total-without-non-trainable": "Total sem os parâmetros não treináveis",
  transposed: "Matriz transposta",
  "average-instead-of-max": "Média em vez de máximo",
  "dx-missing-mean-var-terms": "Gradiente dx sem os termos da média e da variância",
  "eps-ignored": "Ignorou o epsilon",
  "missing-eps": "Faltou o epsilon",
  "instance-norm": "Normalizou por exemplo em vez de por lote",
  "max-initialised-with-zero": "Máximo iniciado com zero",
  "output-size-rounding": "Arredondamento do tamanho da saída",
  "reshape-without-transpose": "Reshape sem transpor",
  "swapped-dgamma-dbeta": "Trocou dgamma e dbeta",
  "unbiased-variance": "Variância não enviesada (n − 1)",
  "wrong-axis": "Eixo errado",
  "wrong-shape": "Formato (shape) errado",
};

export interface NamedMisconceptions {
  misconceptions?: { id: string; name?: string; feedback: string }[];
}

/** The first sentence of a feedback text, without Markdown, at most ~90 characters. */
function firstSentence(feedback: string): string {
  const plain = feedback.replace(/[*_`$]/g, "").trim();
  const sentence = /^(.+?[.!?])(?:\s|$)/s.exec(plain)?.[1] ?? plain;
  return sentence.length > 90 ? `${sentence.slice(0, 87).trimEnd()}…` : sentence;
}

export function misconceptionName(question: NamedMisconceptions | undefined, id: string): string {
  const declared = question?.misconceptions?.find((m) => m.id === id);
  if (declared) return declared.name ?? firstSentence(declared.feedback);
  return GRADER_MISCONCEPTION_NAMES[id] ?? id.replace(/-/g, " ");
}
