import { describe, expect, it } from "vitest";
import { gradeAnswer, makeVariant } from "@/grader/grade";
import { withLocale } from "@/lib/i18n/request-locale";
import { translate } from "@/domain/i18n/translate";
import { localizedFeedback } from "@/domain/questions/feedback";
import { loadBank } from "@/question-bank/load";

const bank = loadBank();
const byId = (id: string) => bank.questions.find((q) => q.id === id)!;

describe("grader and API text in the reader's language", () => {
  it("grader feedback keeps its message keys and reads in English with locale number formatting", async () => {
    const cases: [string, string, RegExp, RegExp][] = [
      ["lista-i-d-lenet5-parametros", "61706", /^Correto!$/, /^Correct!$/],
      ["lista-i-d-lenet5-parametros", "60000", /um pouco abaixo/, /a little below/],
      ["lista-i-d-lenet5-parametros", "muitos", /Não consegui ler/, /Could not read/],
      ["mba-ex9-razao-acuracia-aleatorio", "1357%", /porcentagem.*13,57/, /percentage.*13\.57/],
      ["lista-i-e-lenet5-onde-estao-parametros", "z", /Opção “z” não existe/, /Option “z” does not exist/],
      ["inf721-exercicio-max-pooling-3x3", "[[9,9,9],[9,9,9],[9,9,9]]", /mesmo valor/, /same value/],
      ["inf721-average-pooling-exemplo", "[[4,1],[4,2]]", /1 de 4 células corretas/, /1 of 4 cells correct/],
      ["lista-vii-inicializacao-he", "2/(9*C1*3)", /fator constante/, /constant factor/],
    ];
    for (const [id, answer, pt, en] of cases) {
      const question = byId(id);
      const outcome = await gradeAnswer(question, makeVariant(question, null), answer);
      expect(outcome.feedback, `${id} ${answer}`).toMatch(pt);
      expect(localizedFeedback(outcome, "en"), `${id} ${answer}`).toMatch(en);
      expect(localizedFeedback(outcome, "pt-BR")).toBe(outcome.feedback);
    }
  });

  it("ICU plurals and numbers: no “1 pontos”", () => {
    expect(translate("pt-BR", "api.rateLimited", { seconds: 1 })).toMatch(/1 segundo e/);
    expect(translate("en", "api.rateLimited", { seconds: 30 })).toMatch(/30 seconds/);
    expect(translate("pt-BR", "assessment.points", { earned: 10.8, total: 14 })).toBe("10,8 de 14 pontos");
    expect(translate("en", "assessment.points", { earned: 10.8, total: 1 })).toBe("10.8 of 1 point");
  });

  it("a handler's locale reaches what it says (apiError reads currentLocale; lib/http/api.ts is server-only)", async () => {
    const { currentLocale } = await import("@/lib/i18n/request-locale");
    const { refusalMessage } = await import("@/lib/assessments/messages");
    expect(withLocale("en", () => translate(currentLocale(), refusalMessage("closed")))).toMatch(/deadline has passed/);
    expect(translate(currentLocale(), refusalMessage("closed"))).toMatch(/prazo desta avaliação/);
  });
});
