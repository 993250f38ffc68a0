import { describe, expect, it } from "vitest";
import { parseGift } from "@/lib/interop/gift";
import { toDraft } from "@/lib/interop/imported";
import { validateDraft } from "@/lib/authoring/validate";

const FILE = `// Lista exportada do Moodle
$CATEGORY: $course$/top/CNN

::Pooling::Qual a função do max pooling? {
  ~Aumentar canais#Não: canais vêm dos filtros.
  =Reduzir a resolução espacial
  ~Normalizar
}

::LeNet C1:: Quantos parâmetros tem C1? {#156}

::Pi:: Valor de pi? {#3.14:0.01}

::Intervalo:: Um valor entre 1 e 2 {#1..2}

::Stride:: Explique o que é stride. {}

::VF:: A convolução é uma operação linear. {T#Ela é linear.####Soma ponderada.}

::Escape:: Quanto é 2 \\= 2 \\{sim\\}? {=Verdadeiro ~Falso}

::Várias:: Quais são camadas com parâmetros? {
  ~%50%Conv2D
  ~%50%Dense
  ~%-100%MaxPooling
}

::Curta:: Nome da rede? {=LeNet =LeNet-5}

::Associação:: Ligue. { =a -> 1 =b -> 2 }

::Lacuna:: A rede {=LeNet ~AlexNet} tem 7 camadas.

::[html] Html::[html]<p>Use <b>ReLU</b>?</p> {=Sim ~Não}
`;

describe("GIFT import", () => {
  const parsed = parseGift(FILE);
  const byName = (name: string) => parsed.questions.find((q) => q.name === name)!;

  it("reads mcq, numeric, essay and true/false; refuses short answer, matching and missing word with reasons", () => {
    expect(parsed.questions.map((q) => q.name)).toEqual(["Pooling", "LeNet C1", "Pi", "Intervalo", "Stride", "VF", "Escape", "Várias", "[html] Html"]);
    expect(parsed.unreadable.map((u) => u.name)).toEqual(["Curta", "Associação", "Lacuna"]);
    expect(parsed.unreadable[0]!.reason).toMatch(/resposta curta/);
    expect(parsed.unreadable[1]!.reason).toMatch(/associação/);
    expect(parsed.unreadable[2]!.reason).toMatch(/depois das respostas/);
  });

  it("keeps feedback, category, escapes and formats", () => {
    expect(byName("Pooling")).toMatchObject({
      category: "CNN",
      text: "Qual a função do max pooling?",
      body: { kind: "mcq", multiple: false, options: [{ text: "Aumentar canais", correct: false, feedback: "Não: canais vêm dos filtros." }, { text: "Reduzir a resolução espacial", correct: true }, { text: "Normalizar" }] },
    });
    expect(byName("Escape").text).toBe("Quanto é 2 = 2 {sim}?");
    expect(byName("VF")).toMatchObject({ generalFeedback: "Soma ponderada.", body: { options: [{ text: "Verdadeiro", correct: true }, { text: "Falso", correct: false, feedback: "Ela é linear." }] } });
    expect(byName("Várias").body).toMatchObject({ multiple: true, options: [{ correct: true }, { correct: true }, { correct: false }] });
    expect(byName("[html] Html").text).toBe("Use **ReLU**?");
  });

  it("numeric: value with tolerance, exact value, range as centre ± half width", () => {
    expect(byName("LeNet C1").body).toEqual({ kind: "numeric", value: 156, tolerance: 0, unit: null });
    expect(byName("Pi").body).toEqual({ kind: "numeric", value: 3.14, tolerance: 0.01, unit: null });
    expect(byName("Intervalo").body).toEqual({ kind: "numeric", value: 1.5, tolerance: 0.5, unit: null });
  });

  it("every read question maps to a valid bank question", async () => {
    for (const [i, q] of parsed.questions.entries()) {
      const result = await validateDraft(toDraft(q, `gift-${i}`, "gift").draft);
      expect(result.ok ? "ok" : result.issues).toBe("ok");
    }
  });

  it("an empty file or one without answer blocks gives no questions, and says why", () => {
    expect(parseGift("")).toEqual({ questions: [], unreadable: [] });
    expect(parseGift("Só texto sem respostas").unreadable[0]!.reason).toMatch(/bloco de respostas/);
  });
});
