/** The analytics of an assessment as plain tables (header + rows) for CSV downloads. Pure. */
import type { CsvCell } from "@/lib/gradebook/csv";
import type { AssessmentAnalytics } from "./assessment";

export const analyticsTables = ["questions", "students", "wrong-answers", "misconceptions", "distribution"] as const;
export type AnalyticsTable = (typeof analyticsTables)[number];

const seconds = (ms: number | null) => (ms === null ? null : Math.round(ms / 1000));

export function analyticsTable(analytics: AssessmentAnalytics, table: AnalyticsTable): { header: string[]; rows: CsvCell[][] } {
  switch (table) {
    case "questions":
      return {
        header: [
          "Questão", "Título", "Tipo", "Pontos", "Alunos que responderam", "Envios", "Aguardando correção", "Corrigidos manualmente",
          "Facilidade (média 0-1)", "Mediana (0-1)", "Discriminação (27%)", "Tentativas até acertar (média)", "Tentativas até acertar (mediana)",
          "Acertaram", "Não acertaram", "Tempo entre primeiro e último envio (mediana, s)", "Alunos com 2+ envios",
        ],
        rows: analytics.items.map((i) => [
          `Q${i.position}`, i.title, i.type, i.points, i.attempted, i.submissions, i.pendingManual, i.gradedManually,
          i.facility, i.median, i.discrimination, i.attemptsToFirstCorrect.mean, i.attemptsToFirstCorrect.median,
          i.attemptsToFirstCorrect.reached, i.attemptsToFirstCorrect.never, seconds(i.timeSpan.medianMs), i.timeSpan.students,
        ]),
      };
    case "students":
      return {
        header: ["Aluno(a)", "E-mail", ...analytics.items.flatMap((i) => [`Q${i.position} (0-1)`, `Q${i.position} tentativas`]), "Pontos", `Máximo`, "Fração (0-1)"],
        rows: analytics.students.map((s) => [
          s.name,
          s.email,
          ...s.items.flatMap((c) => [c.pending && c.best === null ? null : (c.best ?? 0), c.attempts]),
          s.earned,
          analytics.maxPoints,
          s.fraction,
        ]),
      };
    case "wrong-answers":
      return {
        header: ["Questão", "Resposta (grupo)", "Tipo de agrupamento", "Envios", "Alunos", "Concepções erradas", "Exemplos"],
        rows: analytics.items.flatMap((i) =>
          i.wrongAnswers.map((g) => [`Q${i.position}`, g.label, g.kind, g.count, g.students, g.misconceptions.map((m) => `${m.name} (${m.count})`).join("; "), g.examples.join(" | ")]),
        ),
      };
    case "misconceptions":
      return {
        header: ["Questão", "Concepção errada", "Envios", "Alunos", "Rótulo"],
        rows: analytics.items.flatMap((i) => i.misconceptions.map((m) => [`Q${i.position}`, m.name, m.count, m.students, m.label])),
      };
    case "distribution":
      return {
        header: ["De (%)", "Até (%)", "Alunos"],
        rows: analytics.distribution.map((b) => [Math.round(b.from * 100), Math.round(b.to * 100), b.count]),
      };
  }
}
