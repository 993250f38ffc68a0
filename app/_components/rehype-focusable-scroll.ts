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
