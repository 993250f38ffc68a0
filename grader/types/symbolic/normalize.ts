/**
 * Rewrites a formula as students type it — LaTeX as in the prompts (\frac, \sqrt, \cdot, \times, _, ^,
 * \lfloor…\rfloor), Unicode math (C₁, f5², ·, ×, ÷, √, ⌊⌋, −), Greek letters for the question's variables,
 * "raiz(…)", a label ("Var = …", "p = …") or a normal distribution "N(0, …)" around the answer — into the
 * plain syntax the parser reads. Pure text rewriting; what it cannot rewrite is left for the parser to refuse.
 */

const SUBSCRIPTS: Record<string, string> = { "₀": "0", "₁": "1", "₂": "2", "₃": "3", "₄": "4", "₅": "5", "₆": "6", "₇": "7", "₈": "8", "₉": "9" };
const SUPERSCRIPTS: Record<string, string> = {
  "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9", "⁻": "-", "⁺": "+",
};
/** Greek letters and their LaTeX names, with the ascii spellings a question may declare (pt-BR and en). */
const GREEK: { chars: string[]; names: string[] }[] = [
  { chars: ["α", "\\alpha"], names: ["alpha", "alfa"] },
  { chars: ["β", "\\beta"], names: ["beta"] },
  { chars: ["γ", "\\gamma"], names: ["gamma", "gama"] },
  { chars: ["δ", "\\delta"], names: ["delta"] },
  { chars: ["ε", "ϵ", "\\epsilon", "\\varepsilon"], names: ["eps", "epsilon"] },
  { chars: ["η", "\\eta"], names: ["eta"] },
  { chars: ["λ", "\\lambda"], names: ["lambda", "lambda"] },
  { chars: ["μ", "µ", "\\mu"], names: ["mu"] },
  { chars: ["σ", "\\sigma"], names: ["sigma"] },
];

/** The body of a {...} group starting at `open` (the index of "{"), and the index after its "}". */
function group(text: string, open: number): { body: string; end: number } | null {
  if (text[open] !== "{") return null;
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "{") depth++;
    else if (text[i] === "}" && --depth === 0) return { body: text.slice(open + 1, i), end: i + 1 };
  }
  return null;
}

/** \frac{a}{b} → ((a)/(b)), \sqrt{x} → sqrt(x), \sqrt[n]{x} → (x)^(1/(n)); innermost first, any nesting. */
function rewriteLatexCommands(text: string): string {
  let out = text;
  for (let guard = 0; guard < 100; guard++) {
    const match = /\\(d?frac|tfrac|sqrt)\s*(\[[^\]]*\])?\s*(?=\{)/.exec(out);
    if (!match) break;
    const start = match.index;
    const first = group(out, start + match[0].length);
    if (!first) break;
    if (match[1] === "sqrt") {
      const root = match[2] ? match[2].slice(1, -1) : null;
      const replacement = root ? `((${first.body})^(1/(${root})))` : `sqrt(${first.body})`;
      out = out.slice(0, start) + replacement + out.slice(first.end);
      continue;
    }
    let next = first.end;
    while (out[next] === " ") next++;
    const second = group(out, next);
    if (!second) break;
    out = `${out.slice(0, start)}((${first.body})/(${second.body}))${out.slice(second.end)}`;
  }
  return out;
}

function greekFor(variables: string[], char: string): string | null {
  const entry = GREEK.find((g) => g.chars.includes(char));
  if (!entry) return null;
  return variables.find((v) => entry.names.includes(v.toLowerCase())) ?? entry.names[0];
}

export function normalizeFormula(input: string, variables: string[]): string {
  let text = input.trim();
  // "$...$" from a copied LaTeX prompt
  text = text.replace(/^\$+|\$+$/g, "");
  // LaTeX Greek letters before anything strips backslashes
  for (const { chars } of GREEK) {
    for (const char of chars.filter((c) => c.startsWith("\\")).sort((a, b) => b.length - a.length)) {
      text = text.replace(new RegExp(`${char.replace(/\\/g, "\\\\")}(?![a-zA-Z])\\s*`, "g"), () => `${greekFor(variables, char)} `);
    }
  }
  text = rewriteLatexCommands(text)
    .replace(/\\left\s*|\\right\s*/g, "")
    .replace(/\\lfloor|⌊/g, " floor(")
    .replace(/\\rfloor|⌋/g, ")")
    .replace(/\\lceil|⌈/g, " ceil(")
    .replace(/\\rceil|⌉/g, ")")
    .replace(/\\(?:cdot|times|ast)(?![a-zA-Z])/g, "*")
    .replace(/\\div(?![a-zA-Z])/g, "/")
    .replace(/\\(?:,|;|!|quad|qquad)|~/g, " ")
    .replace(/\\pi(?![a-zA-Z])/g, "pi")
    .replace(/\\(?:operatorname|mathrm|text)\s*\{([^{}]*)\}/g, "$1")
    .replace(/\\(sqrt|exp|log|ln|sin|cos|tan|tanh|max|min)(?![a-zA-Z])/g, "$1");
  // Unicode
  text = text
    .replace(/[₀-₉]+/g, (run) => [...run].map((c) => SUBSCRIPTS[c]).join(""))
    .replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]+/g, (run) => `^(${[...run].map((c) => SUPERSCRIPTS[c]).join("")})`)
    .replace(/[×·∙⋅]/g, "*")
    .replace(/÷/g, "/")
    .replace(/[\u2212\u2013\u2012]/g, "-")
    .replace(/\*\*/g, "^")
    .replace(/\braiz\s*(?=\()/gi, "sqrt")
    .replace(/√\s*(\d+(?:\.\d+)?|[A-Za-z]\w*)/g, "sqrt($1)")
    .replace(/√/g, "sqrt");
  for (const { chars } of GREEK) {
    for (const char of chars.filter((c) => !c.startsWith("\\"))) {
      if (text.includes(char)) text = text.split(char).join(` ${greekFor(variables, char)} `);
    }
  }
  // subscripts written with "_": C_1, C_{1}, C_{in} → C1, Cin (when that names a variable or is a plain index)
  text = text.replace(/([A-Za-z]\w*)_\{?([A-Za-z0-9]+)\}?/g, (whole, base: string, index: string) => {
    const joined = base + index;
    return variables.includes(joined) || /^\d+$/.test(index) ? joined : whole;
  });
  // remaining LaTeX grouping braces are parentheses: x^{2} → x^(2)
  text = text.replace(/\{/g, "(").replace(/\}/g, ")");
  // "Var = …", "p = …", "σ² = …": a label before the answer
  const label = /^\s*[A-Za-z][\w]*(?:\s*\^\s*\(?\d+\)?)?\s*(?:\([^()=]*\))?\s*=(?!=)\s*(.+)$/s.exec(text);
  if (label) text = label[1];
  // "N(0, v)" / "N(0; v)": the answer is the variance of the normal distribution
  const normal = /^\s*N\s*\(\s*0\s*[,;]\s*(.+)\)\s*$/s.exec(text);
  if (normal && !variables.includes("N")) text = normal[1];
  return text.replace(/\s+/g, " ").trim();
}
