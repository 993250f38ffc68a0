import { renderToStaticMarkup } from "react-dom/server";
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { Markdown } from "@/app/_components/Markdown";

describe("question text: boxes that scroll sideways take the focus", () => {
  it("gives display math and code blocks a Tab stop, and leaves inline math alone", () => {
    const html = renderToStaticMarkup(createElement(Markdown, null, "Inline $x^2$ here.\n\n$$\n\\sum_{i=1}^{n} x_i\n$$\n\n```python\nprint(1)\n```\n"));
    expect(html).toMatch(/<span class="katex-display" tabindex="0">/);
    expect(html).toMatch(/<pre tabindex="0">/);
    expect(html.match(/tabindex="0"/g)).toHaveLength(2);
  });

  it("shows a paragraph of a single $$…$$ formula written on one line as display math", () => {
    const html = renderToStaticMarkup(createElement(Markdown, null, "Equações:\n\n$$\\begin{aligned} f_1 &= x & f_2 &= y \\end{aligned}$$\n\nE $a$ no texto."));
    expect(html.match(/class="katex-display" tabindex="0"/g)).toHaveLength(1);
    expect(html).toMatch(/E <span class="katex">/);
  });
});
