import type { CaseOutcome, Float64Tensor, SandboxLimits, SandboxResult, StudentError } from "@/grader/sandbox/types";
import type { Message } from "@/domain/i18n/translate";
import { say, sayAll, type Said } from "@/domain/questions/feedback";
import { showNumber, showShape, type Comparison } from "./compare";

/** Signal names; what each means is said in grader.code.crashed. */
const SIGNALS: Record<number, string> = { 4: "SIGILL", 6: "SIGABRT", 7: "SIGBUS", 8: "SIGFPE", 9: "SIGKILL", 11: "SIGSEGV", 15: "SIGTERM", 25: "SIGXFSZ" };

const quote = (code: string | null | undefined): string => (code && code.trim() ? `\n\n\`\`\`python\n${code}\n\`\`\`` : "");

/** A message followed by a block of the student's own text (code or output), when there is one. */
function withBlock(said: Said, block: string): Said {
  return block ? sayAll([said, block], "") : said;
}

/** One student error, with the student's own line number and message. */
export function describeStudentError(e: StudentError): Said {
  const line = e.line ?? 0;
  switch (e.stage) {
    case "syntax":
      return withBlock(say("code.syntax", { line, message: e.message ?? e.exc ?? "" }), quote(e.code));
    case "load":
      return withBlock(say("code.load", { line, error: `${e.exc}: ${e.message}` }), quote(e.code));
    case "missing":
      return say("code.missing", { count: e.names?.length ?? 0, names: (e.names ?? []).map((n) => `\`${n}\``).join(", ") });
    case "returns":
      return typeof e.got === "number"
        ? say("code.returnsCount", { fn: e.fn ?? "", expected: e.expected ?? 0, got: e.got })
        : say("code.returnsType", { fn: e.fn ?? "", expected: e.expected ?? 0, got: String(e.got) });
    case "memory":
      return say("code.memory");
    case "call":
      return withBlock(
        say("code.call", { fn: e.fn ?? "", error: `${e.exc}: ${e.message}`, line, inside: e.function && e.function !== e.fn ? e.function : "none" }),
        quote(e.code),
      );
  }
}

/** Why a job ended abnormally, or null when it ran to the end. */
export function describeAbnormalEnd(result: SandboxResult, limits: SandboxLimits): Said | null {
  switch (result.status) {
    case "timeout":
      return say("code.timeout", { ms: limits.wall_ms });
    case "cpu-limit":
      return say("code.cpuLimit", { seconds: Math.ceil(limits.cpu_ms / 1000) });
    case "memory-limit":
      return say("code.memoryLimit", { mb: limits.memory_mb });
    case "output-limit":
      return say("code.outputLimit", { bytes: limits.output_bytes });
    case "crashed":
      return say("code.crashed", { signal: SIGNALS[result.signal ?? 0] ?? String(result.signal) });
    case "exited":
      return say("code.exited", { code: result.exitCode === null ? "?" : String(result.exitCode) });
    default:
      return null;
  }
}

/** The start of what the program printed, as a Markdown block after a heading, or null. */
export function printedOutput(result: SandboxResult, maxChars = 800): Said | null {
  const text = (result.stdout + (result.stderr ? `\n${result.stderr}` : "")).trim();
  if (!text) return null;
  const cut = text.length > maxChars ? `${text.slice(0, maxChars)}\n…` : text;
  return sayAll([say("code.printed"), `\`\`\`text\n${cut}\n\`\`\``]);
}

/** A text followed by the program's output, when it printed something. */
export function withOutput(said: Said, result: SandboxResult): Said {
  const printed = printedOutput(result);
  return printed ? sayAll([said, printed]) : said;
}

/** What the student produced for one output in one case: a tensor, or why there is none. */
export function studentValue(outcome: CaseOutcome | undefined, output: string): { got: Float64Tensor | null; problem: Said | null } {
  if (!outcome) return { got: null, problem: say("code.notRun") };
  const v = outcome.values[output];
  if (v && "data" in v) return { got: v, problem: null };
  if (v && "error" in v && v.type === "NoneType") return { got: null, problem: say("code.none", { output }) };
  if (v && "error" in v) return { got: null, problem: say("code.notArray", { output, type: v.type, error: v.error }) };
  if (outcome.error) return { got: null, problem: describeStudentError(outcome.error) };
  return { got: null, problem: say("code.notReturned", { output }) };
}



/** Why an output differs from the expected one: its shape, or its first wrong value. */
export function comparisonFailure(c: Exclude<Comparison, { ok: true }>, output: string): Said {
  if (c.kind === "shape") return say("code.shape", { output, expected: showShape(c.expected), got: showShape(c.got) });
  return say("code.value", { output, index: c.index.join(", "), expected: showNumber(c.expected), got: showNumber(c.got) });
}

/** "Case 2 (name): why (how it was checked)". */
export function caseFailure(number: number, name: Message, why: Said | null, method?: Said): Said {
  return sayAll([say("code.caseFailed", { number, label: name }), ...(why ? [why] : []), ...(method ? [say("code.method", { method: method.message[0]! })] : [])], " ");
}
