import type { CaseOutcome, Float64Tensor, SandboxLimits, SandboxResult, StudentError } from "@/grader/sandbox/types";

const SIGNALS: Record<number, string> = {
  4: "SIGILL (instrução ilegal)",
  6: "SIGABRT (abortado)",
  7: "SIGBUS (erro de barramento)",
  8: "SIGFPE (erro aritmético)",
  9: "SIGKILL (encerrado à força)",
  11: "SIGSEGV (falha de segmentação: acesso inválido à memória)",
  15: "SIGTERM",
  25: "SIGXFSZ (arquivo grande demais)",
};

const where = (e: StudentError) => (e.line ? ` (linha ${e.line} do seu código)` : "");
const quote = (code: string | null | undefined) => (code && code.trim() ? `\n\n\`\`\`python\n${code}\n\`\`\`` : "");

/** One student error in plain Portuguese, with the student's own line number and message. */
export function describeStudentError(e: StudentError): string {
  switch (e.stage) {
    case "syntax":
      return `Erro de sintaxe${where(e)}: ${e.message ?? e.exc}.${quote(e.code)}`;
    case "load":
      return `Seu código lançou uma exceção ao ser carregado${where(e)}: \`${e.exc}: ${e.message}\`.${quote(e.code)}`;
    case "missing":
      return `Não encontrei ${e.names?.length === 1 ? "a função" : "as funções"} ${(e.names ?? []).map((n) => `\`${n}\``).join(", ")}: defina-as com esses nomes exatos.`;
    case "returns":
      return typeof e.got === "number"
        ? `\`${e.fn}\` deve retornar ${e.expected} valores (uma tupla), mas retornou ${e.got}.`
        : `\`${e.fn}\` deve retornar uma tupla de ${e.expected} valores, mas retornou um \`${e.got}\`.`;
    case "memory":
      return "Seu código esgotou a memória disponível.";
    case "call": {
      const inside = e.function && e.function !== e.fn ? ` (em \`${e.function}\`)` : "";
      return `\`${e.fn}\` lançou \`${e.exc}: ${e.message}\`${where(e)}${inside}.${quote(e.code)}`;
    }
  }
}

/** Why a job ended abnormally, or null when it ran to the end. */
export function describeAbnormalEnd(result: SandboxResult, limits: SandboxLimits): string | null {
  switch (result.status) {
    case "timeout":
      return `Tempo esgotado: seu código passou de ${limits.wall_ms} ms de tempo real (laço infinito ou espera longa?).`;
    case "cpu-limit":
      return `Limite de tempo de CPU excedido (${Math.ceil(limits.cpu_ms / 1000)} s).`;
    case "memory-limit":
      return `Limite de memória excedido (${limits.memory_mb} MiB).`;
    case "output-limit":
      return `Saída grande demais: o limite é ${limits.output_bytes} bytes impressos; o código foi interrompido.`;
    case "crashed":
      return `O processo do seu código terminou com o sinal ${SIGNALS[result.signal ?? 0] ?? result.signal}.`;
    case "exited":
      return `Seu código encerrou o processo antes do fim dos testes (\`exit\`/\`os._exit\`, código ${result.exitCode ?? "?"}).`;
    default:
      return null;
  }
}

/** The start of what the program printed, as a Markdown block, or "". */
export function printedOutput(result: SandboxResult, maxChars = 800): string {
  const text = (result.stdout + (result.stderr ? `\n${result.stderr}` : "")).trim();
  if (!text) return "";
  const cut = text.length > maxChars ? `${text.slice(0, maxChars)}\n…` : text;
  return `\n\nSaída do seu programa:\n\n\`\`\`text\n${cut}\n\`\`\``;
}

/** What the student produced for one output in one case: a tensor, or why there is none. */
export function studentValue(outcome: CaseOutcome | undefined, output: string): { got: Float64Tensor | null; problem: string | null } {
  if (!outcome) return { got: null, problem: "o caso não chegou a ser executado" };
  const v = outcome.values[output];
  if (v && "data" in v) return { got: v, problem: null };
  if (v && "error" in v && v.type === "NoneType") return { got: null, problem: `\`${output}\` é \`None\` (ainda não implementado?)` };
  if (v && "error" in v) return { got: null, problem: `\`${output}\` não é um array numérico (tipo \`${v.type}\`: ${v.error})` };
  if (outcome.error) return { got: null, problem: describeStudentError(outcome.error) };
  return { got: null, problem: `\`${output}\` não foi retornado` };
}
