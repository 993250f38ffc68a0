/** The little of a hast tree this plugin reads (rehype's element nodes). */
interface HastNode {
  type: string;
  tagName?: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
}

function makeFocusable(node: HastNode): void {
  if (node.type === "element") {
    const classes = node.properties?.className;
    const scrolls = node.tagName === "pre" || (Array.isArray(classes) && classes.includes("katex-display"));
    if (scrolls) node.properties = { ...node.properties, tabIndex: 0 };
  }
  node.children?.forEach(makeFocusable);
}

/**
 * A rehype plugin (after rehype-katex): display math and code blocks scroll sideways inside their own box on a
 * narrow screen, so each gets a Tab stop and a keyboard can scroll it too (WCAG 2.1.1).
 */
export function rehypeFocusableScroll() {
  return (tree: HastNode) => makeFocusable(tree);
}

const isBlank = (node: HastNode) => node.type === "text" && !String((node as { value?: unknown }).value ?? "").trim();

/**
 * A rehype plugin (before rehype-katex): a paragraph holding nothing but one formula (`$$…$$` written on one line,
 * which remark-math reads as inline math) is display math, so a wide one scrolls in its own box instead of
 * widening the page.
 */
export function rehypeLoneMathAsDisplay() {
  const visit = (node: HastNode) => {
    if (node.type === "element" && node.tagName === "p") {
      const content = (node.children ?? []).filter((child) => !isBlank(child));
      const only = content.length === 1 ? content[0]! : null;
      const classes = only?.properties?.className;
      if (only?.tagName === "code" && Array.isArray(classes) && classes.includes("math-inline")) {
        only.properties = { ...only.properties, className: classes.map((c) => (c === "math-inline" ? "math-display" : c)) };
      }
    }
    node.children?.forEach(visit);
  };
  return (tree: HastNode) => visit(tree);
}
