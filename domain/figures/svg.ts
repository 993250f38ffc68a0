/**
 * Figures drawn from a question's own data (its variant), as self-contained SVG text: a layer stack (LeNet-5, the
 * architecture questions) and the batch-norm computational graph of exercise XI. Every text is XML-escaped.
 */
import { summarizeResolved } from "@/domain/cnn/engine";
import { resolveInputShape, resolveLayers } from "@/domain/cnn/resolve";
import type { LayerSpec, ResolvedLayer } from "@/domain/cnn/spec";
import type { AnyQuestion, Variant } from "@/domain/questions/base";
import { variantScope, type Parameterized } from "@/domain/questions/params";
import type { FigureSpec } from "./schema";

export interface Figure {
  caption: string;
  svg: string;
}

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const times = (dims: number[]) => dims.join("×");

/** One line saying what a layer does, from its resolved hyperparameters. */
function describe(layer: ResolvedLayer): string {
  switch (layer.type) {
    case "Conv1D":
    case "Conv2D": {
      const stride = layer.strides.some((s) => s !== 1) ? `, s ${times(layer.strides)}` : "";
      const pad = layer.padding === "same" ? ", same" : "";
      return `conv ${times(layer.kernel_size)}, ${layer.filters} filtros${stride}${pad}`;
    }
    case "MaxPooling1D":
    case "MaxPooling2D":
    case "AveragePooling1D":
    case "AveragePooling2D": {
      const kind = layer.type.startsWith("Max") ? "max pool" : "avg pool";
      const stride = layer.strides.join() !== layer.pool_size.join() ? `, s ${times(layer.strides)}` : "";
      return `${kind} ${times(layer.pool_size)}${stride}`;
    }
    case "Dense":
      return `densa, ${layer.units} unidades`;
    case "Flatten":
      return "achatar";
    case "BatchNormalization":
      return "batch norm";
    case "Dropout":
      return `dropout ${layer.rate}`;
    case "Activation":
      return layer.activation;
    default:
      return layer.type.startsWith("GlobalMax") ? "max global" : "média global";
  }
}

const BOX_W = 150;
const BOX_H = 64;
const GAP = 26;
const PER_ROW = 5;

/** Boxes left to right (wrapping every 5), input first, arrows between; shapes under each box when `showShapes`. */
export function layerStackSvg(input: number[], layers: ResolvedLayer[], options: { showShapes: boolean; title: string }): string {
  const summary = summarizeResolved(input, layers);
  const boxes = [
    { name: "entrada", line: times(input), shape: "" },
    ...summary.layers.map((layer, i) => ({ name: layer.name, line: describe(layers[i]!), shape: options.showShapes ? times(layer.outputShape) : "" })),
  ];
  const rows = Math.ceil(boxes.length / PER_ROW);
  const width = Math.min(boxes.length, PER_ROW) * (BOX_W + GAP) + 10;
  const rowHeight = BOX_H + (options.showShapes ? 46 : 30);
  const height = rows * rowHeight + 10;
  const parts: string[] = [];
  boxes.forEach((box, i) => {
    const col = i % PER_ROW;
    const row = Math.floor(i / PER_ROW);
    const x = 10 + col * (BOX_W + GAP);
    const y = 10 + row * rowHeight;
    parts.push(
      `<rect x="${x}" y="${y}" width="${BOX_W}" height="${BOX_H}" rx="8" fill="${i === 0 ? "#f1f5f9" : "#eef2ff"}" stroke="#64748b"/>`,
      `<text x="${x + BOX_W / 2}" y="${y + 24}" text-anchor="middle" font-weight="600">${escape(box.name)}</text>`,
      `<text x="${x + BOX_W / 2}" y="${y + 46}" text-anchor="middle" font-size="11">${escape(box.line)}</text>`,
    );
    if (box.shape) parts.push(`<text x="${x + BOX_W / 2}" y="${y + BOX_H + 18}" text-anchor="middle" font-size="12" fill="#334155">${escape(box.shape)}</text>`);
    if (i + 1 < boxes.length) {
      if (col + 1 < PER_ROW) parts.push(`<line x1="${x + BOX_W}" y1="${y + BOX_H / 2}" x2="${x + BOX_W + GAP - 3}" y2="${y + BOX_H / 2}" stroke="#475569" marker-end="url(#arrow)"/>`);
      else {
        // end of a row: out of the right side, down between the rows, into the next row's first box
        const side = x + BOX_W + GAP / 2;
        parts.push(`<path d="M ${x + BOX_W} ${y + BOX_H / 2} H ${side} V ${y + rowHeight - 8} H ${10 + BOX_W / 2} V ${y + rowHeight + 7}" fill="none" stroke="#475569" marker-end="url(#arrow)"/>`);
      }
    }
  });
  return svgDocument(width, height, options.title, parts);
}

/** Nodes of the batch-norm forward graph (exercise XI) and its edges, as the list describes them. */
const BN_NODES: Record<string, { x: number; y: number; label: string }> = {
  z: { x: 40, y: 90, label: "zᵢ" },
  f1: { x: 130, y: 160, label: "f₁" },
  f2: { x: 220, y: 90, label: "f₂ᵢ" },
  f3: { x: 310, y: 160, label: "f₃ᵢ" },
  f4: { x: 400, y: 160, label: "f₄" },
  f5: { x: 490, y: 160, label: "f₅" },
  f6: { x: 580, y: 160, label: "f₆" },
  f7: { x: 670, y: 90, label: "f₇ᵢ" },
  gamma: { x: 670, y: 20, label: "γ" },
  delta: { x: 760, y: 20, label: "δ" },
  out: { x: 760, y: 90, label: "z′ᵢ" },
};
const BN_EDGES: [string, string][] = [
  ["z", "f1"], ["z", "f2"], ["f1", "f2"], ["f2", "f3"], ["f2", "f7"], ["f3", "f4"], ["f4", "f5"], ["f5", "f6"], ["f6", "f7"],
  ["f7", "out"], ["gamma", "out"], ["delta", "out"],
];
const R = 22;

export function batchnormGraphSvg(title: string): string {
  const parts: string[] = [];
  for (const [from, to] of BN_EDGES) {
    const a = BN_NODES[from]!;
    const b = BN_NODES[to]!;
    const length = Math.hypot(b.x - a.x, b.y - a.y);
    const [ux, uy] = [(b.x - a.x) / length, (b.y - a.y) / length];
    parts.push(
      `<line x1="${(a.x + ux * R).toFixed(1)}" y1="${(a.y + uy * R).toFixed(1)}" x2="${(b.x - ux * (R + 3)).toFixed(1)}" y2="${(b.y - uy * (R + 3)).toFixed(1)}" stroke="#475569" marker-end="url(#arrow)"/>`,
    );
  }
  for (const node of Object.values(BN_NODES)) {
    parts.push(
      `<circle cx="${node.x}" cy="${node.y}" r="${R}" fill="#eef2ff" stroke="#64748b"/>`,
      `<text x="${node.x}" y="${node.y + 5}" text-anchor="middle" font-weight="600">${escape(node.label)}</text>`,
    );
  }
  return svgDocument(800, 195, title, parts);
}

function svgDocument(width: number, height: number, title: string, parts: string[]): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" style="max-width:${width}px" role="img" aria-label="${escape(title)}" font-family="system-ui, sans-serif" font-size="13" fill="#0f172a">` +
    `<title>${escape(title)}</title>` +
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#475569"/></marker></defs>` +
    parts.join("") +
    `</svg>`
  );
}

/**
 * The figure of a question's variant: its `figure:` field, or for an architecture question its own layer stack
 * (hyperparameters only: the shapes are what it asks). Null when the question has none.
 */
export function questionFigure(question: AnyQuestion, variant: Variant): Figure | null {
  const scope = variantScope(question as AnyQuestion & Parameterized, variant);
  const spec = question.figure as FigureSpec | undefined;
  if (spec?.kind === "batchnorm-graph") return { caption: spec.caption, svg: batchnormGraphSvg(spec.caption) };
  const stack =
    spec?.kind === "layer-stack"
      ? { caption: spec.caption, input: spec.input_shape, layers: spec.layers, showShapes: spec.show_shapes }
      : question.type === "architecture"
        ? { caption: spec?.kind === "own-layers" ? spec.caption : "Camadas da rede", input: question.input_shape as (number | string)[], layers: question.layers as LayerSpec[], showShapes: false }
        : null;
  if (!stack) return null;
  const layers = resolveLayers(stack.layers, scope);
  const input = resolveInputShape(stack.input, scope);
  return { caption: stack.caption, svg: layerStackSvg(input, layers, { showShapes: stack.showShapes, title: stack.caption }) };
}
