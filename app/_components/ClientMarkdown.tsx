"use client";

import ReactMarkdown from "react-markdown";
import rehypeKatex from "rehype-katex";
import remarkMath from "remark-math";
import { rehypeFocusableScroll, rehypeLoneMathAsDisplay } from "./rehype-focusable-scroll";

/** Markdown + KaTeX inside client components (feedback, option texts). */
export function ClientMarkdown({ children }: { children: string }) {
  return (
    <div className="prose-forja">
      <ReactMarkdown remarkPlugins={[remarkMath]} rehypePlugins={[rehypeLoneMathAsDisplay, [rehypeKatex, { throwOnError: false, strict: "ignore" }], rehypeFocusableScroll]}>
        {children}
      </ReactMarkdown>
    </div>
  );
}
