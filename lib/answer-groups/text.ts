/**
 * Portuguese open answers as features for grouping: lower case, Markdown/LaTeX marks dropped, stop words out (but
 * negations, comparatives and numbers kept: "não reduz" and "maior" change the meaning), Snowball stems without
 * accents, the course's synonyms folded into one concept, plus word pairs (order and negation) and character
 * trigrams of each stem (typos). Pure.
 */
import { newStemmer } from "snowball-stemmers";
import stopwords from "stopwords-iso";

const stemmer = newStemmer("portuguese");

/** Words the stop-word list drops that carry meaning in an answer. */
const KEEP = new Set(["não", "nao", "nunca", "sem", "maior", "maiores", "menor", "menores", "mais", "menos", "igual", "dois", "duas", "três", "tres", "metade", "dobro"]);
const STOP = new Set(((stopwords as Record<string, string[]>).pt ?? []).filter((w) => !KEEP.has(w)));

/**
 * The course's vocabulary: words a student uses for the same idea (convolutional networks, in Portuguese and the
 * English terms the slides use). Each group folds into its first word.
 */
export const SYNONYMS: readonly (readonly string[])[] = [
  ["passo", "passos", "stride", "strides", "deslocamento", "desloca", "deslocar", "salto", "pulo", "pula", "pular", "translada", "transladar", "translação", "anda", "andar", "move", "mover", "movimento", "avança", "avançar", "caminha", "percorre", "pulando", "deslizar", "desliza"],
  ["filtro", "filtros", "kernel", "kernels", "núcleo", "máscara", "janela"],
  ["saída", "output", "resultado", "ativação"],
  ["reduz", "reduzir", "diminui", "diminuir", "encolhe", "subamostragem", "downsampling", "subamostra", "redução", "compacta", "reduzida", "reduzido"],
  ["aumenta", "aumentar", "cresce", "amplia", "expande", "aumento"],
  ["entrada", "input", "imagem"],
  ["pixel", "pixels", "píxel", "píxeis", "posição", "posições", "casa", "casas", "unidade", "unidades", "coluna", "colunas"],
  ["padrão", "default", "normalmente", "geralmente", "usual", "comum"],
  ["padding", "preenchimento", "borda", "bordas", "zeros", "zero"],
  ["tamanho", "dimensão", "dimensões", "resolução", "dimensao"],
  ["1", "um", "uma"],
];

const stripAccents = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "");
// accents go before stemming: "aplicacao" and "aplicação" must meet (students often type without them)
const stemOf = (word: string) => stemmer.stem(stripAccents(word));

/** stem → canonical stem of its synonym group */
const canonical = new Map<string, string>();
for (const group of SYNONYMS) {
  const head = stemOf(group[0]!);
  for (const word of group) canonical.set(stemOf(word), head);
}

/** "um"/"uma" are stop words unless they stand for the number (next to a unit): "uma posição por vez". */
const NUMBER_WORDS = new Set(["um", "uma"]);

export interface Token {
  /** the feature of the word: its stem, folded into its synonym group */
  stem: string;
  /** the word as typed (lower case), to explain a group with real words */
  word: string;
}

/** The meaningful words of an answer, in order. */
export function tokenize(text: string): Token[] {
  const plain = text
    .toLowerCase()
    .replace(/\$\$?[^$]*\$\$?/g, (math) => ` ${math.replace(/\\[a-z]+/g, " ")} `) // LaTeX: keep its symbols' letters and digits
    .replace(/[`*_#>~[\]()]/g, " ");
  const words = plain.match(/[\p{L}\p{N}]+/gu) ?? [];
  const tokens: Token[] = [];
  words.forEach((word, index) => {
    if (NUMBER_WORDS.has(word)) {
      const next = words[index + 1];
      if (!next || canonical.get(stemOf(next)) !== stemOf("pixel")) return;
    } else if (STOP.has(word) || (word.length < 2 && !/\d/.test(word))) return;
    const stem = stemOf(word);
    tokens.push({ stem: canonical.get(stem) ?? stem, word });
  });
  return tokens;
}

/**
 * Feature weights of one answer (before TF-IDF): stems 1, adjacent pairs 0.5, character trigrams 0.2; a stem in
 * `stressed` (the rubric's words) and the pairs it is in weigh `stress` times more.
 */
export function features(tokens: readonly Token[], stressed: ReadonlySet<string> = new Set(), stress = 1): Map<string, number> {
  const weights = new Map<string, number>();
  const add = (key: string, w: number) => weights.set(key, (weights.get(key) ?? 0) + w);
  tokens.forEach((t, i) => {
    const factor = stressed.has(t.stem) ? stress : 1;
    add(`w:${t.stem}`, factor);
    const next = tokens[i + 1];
    if (next) add(`p:${t.stem} ${next.stem}`, 0.5 * Math.max(factor, stressed.has(next.stem) ? stress : 1));
    const padded = `^${t.stem}$`;
    for (let k = 0; k + 3 <= padded.length; k++) add(`c:${padded.slice(k, k + 3)}`, 0.2);
  });
  return weights;
}
