/**
 * Answer groups for open questions, without AI: TF-IDF vectors of the answers' features (lib/answer-groups/text.ts),
 * cosine similarity, average-linkage agglomerative clustering cut at a similarity threshold. Each group is explained
 * by its top words and how close each answer is to the group's centre; answers far from it are outliers, to be
 * reviewed one by one. Deterministic (same answers, same groups). Pure.
 */
import { features, tokenize } from "./text";

export interface AnswerForGrouping {
  id: string;
  text: string;
}

export interface GroupMember {
  id: string;
  /** cosine similarity to the group's centre, in [0,1] */
  similarity: number;
  /** far from the centre: review it on its own before grading it with the group */
  outlier: boolean;
}

export interface AnswerGroup {
  /** the representative answer's id (closest to the centre): stable while the group keeps it */
  key: string;
  members: GroupMember[];
  /** the words that weigh most in the group's centre, as students typed them */
  topTerms: string[];
  /** mean similarity of the members to the centre */
  cohesion: number;
}

export interface Grouping {
  /** largest first; every group has at least two answers */
  groups: AnswerGroup[];
  /** answers like no other (and empty ones): graded one by one */
  singles: string[];
}

export interface GroupingOptions {
  /** two clusters merge while their average similarity is at least this */
  threshold: number;
  /** a member whose similarity to its centre is below this is an outlier */
  outlierBelow: number;
  topTerms: number;
  /** words of the rubric: what tells its items apart weighs more than the phrasing around it */
  emphasis?: readonly string[];
  /** how much more an emphasised word (and its pairs) weighs */
  emphasisWeight?: number;
}

export const defaultGroupingOptions: GroupingOptions = { threshold: 0.5, outlierBelow: 0.6, topTerms: 5, emphasisWeight: 3 };

type Vector = Map<string, number>;

function dot(a: Vector, b: Vector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let sum = 0;
  for (const [k, v] of small) sum += v * (large.get(k) ?? 0);
  return sum;
}

function normalized(v: Vector): Vector {
  const norm = Math.sqrt([...v.values()].reduce((s, x) => s + x * x, 0));
  if (norm === 0) return v;
  return new Map([...v].map(([k, x]) => [k, x / norm]));
}

/** TF-IDF (smoothed idf) unit vectors, one per answer. */
export function vectorize(answers: readonly AnswerForGrouping[], emphasis: readonly string[] = [], emphasisWeight = 1): { vectors: Vector[]; words: Map<string, Map<string, number>> } {
  const tokenized = answers.map((a) => tokenize(a.text));
  const stressed = new Set(emphasis.flatMap((text) => tokenize(text).map((t) => t.stem)));
  const raw = tokenized.map((tokens) => features(tokens, stressed, emphasisWeight));
  const df = new Map<string, number>();
  for (const f of raw) for (const k of f.keys()) df.set(k, (df.get(k) ?? 0) + 1);
  const n = answers.length;
  const vectors = raw.map((f) => normalized(new Map([...f].map(([k, tf]) => [k, tf * (Math.log((1 + n) / (1 + df.get(k)!)) + 1)]))));
  // which typed words stand behind each stem, with counts (to name a group's top terms)
  const words = new Map<string, Map<string, number>>();
  for (const tokens of tokenized) {
    for (const t of tokens) {
      const counts = words.get(`w:${t.stem}`) ?? new Map<string, number>();
      counts.set(t.word, (counts.get(t.word) ?? 0) + 1);
      words.set(`w:${t.stem}`, counts);
    }
  }
  return { vectors, words };
}

/** Average-linkage agglomerative clustering on a similarity matrix (Lance–Williams update), cut at `threshold`. */
export function agglomerate(similarity: number[][], threshold: number): number[][] {
  const clusters: (number[] | null)[] = similarity.map((_, i) => [i]);
  const sim = similarity.map((row) => [...row]);
  for (;;) {
    let best = -Infinity;
    let pair: [number, number] | null = null;
    for (let i = 0; i < clusters.length; i++) {
      if (!clusters[i]) continue;
      for (let j = i + 1; j < clusters.length; j++) {
        if (!clusters[j]) continue;
        if (sim[i]![j]! > best) {
          best = sim[i]![j]!;
          pair = [i, j];
        }
      }
    }
    if (!pair || best < threshold) break;
    const [i, j] = pair;
    const ni = clusters[i]!.length;
    const nj = clusters[j]!.length;
    for (let k = 0; k < clusters.length; k++) {
      if (!clusters[k] || k === i || k === j) continue;
      const merged = (ni * sim[i]![k]! + nj * sim[j]![k]!) / (ni + nj);
      sim[i]![k] = merged;
      sim[k]![i] = merged;
    }
    clusters[i] = [...clusters[i]!, ...clusters[j]!];
    clusters[j] = null;
  }
  return clusters.filter((c): c is number[] => c !== null);
}

function centreOf(vectors: readonly Vector[]): Vector {
  const sum = new Map<string, number>();
  for (const v of vectors) for (const [k, x] of v) sum.set(k, (sum.get(k) ?? 0) + x / vectors.length);
  return normalized(sum);
}

function topTermsOf(centre: Vector, words: Map<string, Map<string, number>>, count: number): string[] {
  return [...centre]
    .filter(([k]) => k.startsWith("w:"))
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, count)
    .map(([k]) => [...(words.get(k) ?? new Map([[k.slice(2), 1]]))].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0]);
}

export function groupAnswers(answers: readonly AnswerForGrouping[], options: GroupingOptions = defaultGroupingOptions): Grouping {
  // identical ids in input order: the result does not depend on the order of the answers
  const ordered = [...answers].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const { vectors, words } = vectorize(ordered, options.emphasis, options.emphasisWeight);
  const empty = vectors.map((v) => v.size === 0);
  const similarity = vectors.map((a, i) => vectors.map((b, j) => (i === j ? 1 : empty[i] || empty[j] ? 0 : dot(a, b))));
  const groups: AnswerGroup[] = [];
  const singles: string[] = [];
  for (const cluster of agglomerate(similarity, options.threshold)) {
    if (cluster.length < 2) {
      singles.push(ordered[cluster[0]!]!.id);
      continue;
    }
    const centre = centreOf(cluster.map((i) => vectors[i]!));
    const members = cluster
      .map((i) => {
        const s = Math.max(0, Math.min(1, dot(vectors[i]!, centre)));
        return { id: ordered[i]!.id, similarity: Math.round(s * 1000) / 1000, outlier: s < options.outlierBelow };
      })
      .sort((a, b) => b.similarity - a.similarity || (a.id < b.id ? -1 : 1));
    groups.push({
      key: members[0]!.id,
      members,
      topTerms: topTermsOf(centre, words, options.topTerms),
      cohesion: Math.round((members.reduce((s, m) => s + m.similarity, 0) / members.length) * 1000) / 1000,
    });
  }
  groups.sort((a, b) => b.members.length - a.members.length || a.key.localeCompare(b.key));
  return { groups, singles: singles.sort() };
}
