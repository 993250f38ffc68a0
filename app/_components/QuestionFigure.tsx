import type { Figure } from "@/domain/figures/svg";

/** The figure a question cites, drawn on the server from the variant's own numbers (lib/figures/svg.ts, escaped SVG). */
export function QuestionFigure({ figure }: { figure: Figure }) {
  return (
    <figure className="my-4 overflow-x-auto" data-testid="question-figure">
      <div dangerouslySetInnerHTML={{ __html: figure.svg }} />
      <figcaption className="mt-1 text-sm text-slate-600">{figure.caption}</figcaption>
    </figure>
  );
}

export function isFigure(value: unknown): value is Figure {
  return typeof value === "object" && value !== null && typeof (value as Figure).svg === "string" && typeof (value as Figure).caption === "string";
}
