import ReactMarkdown from "react-markdown";
import rehypeKatex from "rehype-katex";
import remarkGfm from "remark-gfm";
import remarkMath from "remark-math";
import { rehypeFocusableScroll, rehypeLoneMathAsDisplay } from "./rehype-focusable-scroll";

/** Question text: Markdown with LaTeX math rendered by KaTeX (server-side, no script needed). */
export function Markdown({ children }: { children: string }) {
  return (
    <div className="prose-forja">
      <ReactMarkdown remarkPlugins={[remarkMath, remarkGfm]} rehypePlugins={[rehypeLoneMathAsDisplay, [rehypeKatex, { throwOnError: false, strict: "ignore" }], rehypeFocusableScroll]}>
        {children}
      </ReactMarkdown>
    </div>
  );
}
