import type { AccessRefusal } from "./access";
import type { Refusal } from "./rules";

const messages: Record<Refusal | AccessRefusal | "not-found" | "invalid-answer" | "conflict", string> = {
  "not-published": "Esta avaliação ainda não foi publicada.",
  "not-open": "Esta avaliação ainda não está aberta.",
  closed: "O prazo desta avaliação terminou: novas respostas não são aceitas.",
  "time-up": "O tempo da prova acabou: novas respostas não são aceitas.",
  "not-started": "Inicie a prova antes de responder.",
  finished: "Você finalizou esta prova: suas respostas estão bloqueadas.",
  "no-attempts-left": "Você já usou todas as tentativas desta questão.",
  "not-found": "Questão não encontrada.",
  "access-code": "Esta avaliação pede um código de acesso: digite-o na página da avaliação.",
  network: "Esta avaliação só pode ser feita a partir das redes autorizadas (por exemplo, o laboratório).",
  "safe-exam-browser": "Esta avaliação só pode ser feita no Safe Exam Browser, com a configuração da disciplina.",
  "invalid-answer": "Não foi possível ler a resposta.",
  conflict: "Outra resposta sua a esta questão chegou ao mesmo tempo. Recarregue a página e tente de novo.",
};

export function refusalMessage(reason: keyof typeof messages): string {
  return messages[reason];
}
