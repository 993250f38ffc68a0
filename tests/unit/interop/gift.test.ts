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

// [id:nome-rede] [tag:lista-2]
::Curta:: Nome da rede? {=LeNet =LeNet-5 =%50%Le*Net#Quase.}

::Imagem::[html]<p>Veja <img src="@@PLUGINFILE@@/fig.png"></p> {=Sim ~Não}

::Numéricas:: Parâmetros de C1? {#=156:0 =%50%150:0#Faltou o viés.}

::Associação:: Ligue. { =a -> 1 =b -> 2 }

::Lacuna:: A rede {=LeNet ~AlexNet} tem 7 camadas.

::[html] Html::[html]<p>Use <b>ReLU</b>?</p> {=Sim ~Não}
`;

describe("GIFT import", () => {
  const parsed = parseGift(FILE);
  const byName = (name: string) => parsed.questions.find((q) => q.name === name)!;

  it("reads mcq, numeric, short answer, essay and true/false; refuses matching, missing word and images with reasons", () => {
    expect(parsed.questions.map((q) => q.name)).toEqual(["Pooling", "LeNet C1", "Pi", "Intervalo", "Stride", "VF", "Escape", "Várias", "Curta", "Numéricas", "[html] Html"]);
    expect(parsed.unreadable.map((u) => u.name)).toEqual(["Imagem", "Associação", "Lacuna"]);
    expect(parsed.unreadable[0]!.reason).toMatch(/fig\.png/);
    expect(parsed.unreadable[1]!.reason).toMatch(/associação/);
    expect(parsed.unreadable[2]!.reason).toMatch(/depois das respostas/);
  });

  it("short answers with weights, feedback, and the id and tags of Moodle 4's comment line", () => {
    expect(byName("Curta")).toMatchObject({
      idnumber: "nome-rede",
      tags: ["lista-2"],
      body: { kind: "shortanswer", caseSensitive: false, answers: [{ text: "LeNet", fraction: 1 }, { text: "LeNet-5", fraction: 1 }, { text: "Le*Net", fraction: 0.5, feedback: "Quase." }] },
    });
    expect(byName("Pooling")).toMatchObject({ idnumber: null, tags: [] });
    expect(byName("Numéricas").body).toEqual({ kind: "numeric", unit: null, answers: [{ value: 156, tolerance: 0, fraction: 1, feedback: "" }, { value: 150, tolerance: 0, fraction: 0.5, feedback: "Faltou o viés." }] });
  });

  it("keeps feedback, category, escapes and formats", () => {
    expect(byName("Pooling")).toMatchObject({
      category: "CNN",
      text: "Qual a função do max pooling?",
      body: { kind: "mcq", multiple: false, options: [{ text: "Aumentar canais", fraction: 0, feedback: "Não: canais vêm dos filtros." }, { text: "Reduzir a resolução espacial", fraction: 1 }, { text: "Normalizar" }] },
    });
    expect(byName("Escape").text).toBe("Quanto é 2 = 2 {sim}?");
    expect(byName("VF")).toMatchObject({ generalFeedback: "Soma ponderada.", body: { options: [{ text: "Verdadeiro", fraction: 1 }, { text: "Falso", fraction: 0, feedback: "Ela é linear." }] } });
    expect(byName("Várias").body).toMatchObject({ multiple: true, options: [{ fraction: 0.5 }, { fraction: 0.5 }, { fraction: -1 }] });
    expect(byName("[html] Html").text).toBe("Use **ReLU**?");
  });

  it("numeric: value with tolerance, exact value, range as centre ± half width", () => {
    const only = (value: number, tolerance: number) => ({ kind: "numeric", unit: null, answers: [{ value, tolerance, fraction: 1, feedback: "" }] });
    expect(byName("LeNet C1").body).toEqual(only(156, 0));
    expect(byName("Pi").body).toEqual(only(3.14, 0.01));
    expect(byName("Intervalo").body).toEqual(only(1.5, 0.5));
  });

  it("every read question maps to a valid bank question", async () => {
    for (const [i, q] of parsed.questions.entries()) {
      const mapped = toDraft(q, `gift-${i}`, "gift");
      const result = "draft" in mapped ? await validateDraft(mapped.draft) : { ok: false, issues: mapped.refused };
      expect(result.ok ? "ok" : result.issues).toBe("ok");
    }
  });

  it("an empty file or one without answer blocks gives no questions, and says why", () => {
    expect(parseGift("")).toEqual({ questions: [], unreadable: [] });
    expect(parseGift("Só texto sem respostas").unreadable[0]!.reason).toMatch(/bloco de respostas/);
  });
});
