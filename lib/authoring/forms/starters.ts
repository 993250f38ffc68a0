import type { EditableType } from "./question-fields";

/** A starting point for a new question of each type, valid once the texts are written. */
export function starterFields(type: EditableType): Record<string, unknown> {
  switch (type) {
    case "numeric":
      return { params: { n: { default: 32, choices: [28, 32, 64] }, f: { default: 3, choices: [3, 5] } }, derived: {}, constraints: [], answer: "n - f + 1", tolerance: { mode: "integer" } };
    case "mcq":
      return { multiple: false, shuffle: true, options: [{ id: "a", text: "", correct: true }, { id: "b", text: "", correct: false }] };
    case "symbolic":
      return { variables: { C1: { domain: "positive-integer" } }, answer: "2/(9*C1)" };
    case "matrix":
      return {
        params: { X: { default: [[1, 2, 3], [4, 5, 6], [7, 8, 9]], matrix: { rows: 3, cols: 3, int: [0, 9] } }, K: { default: [[1, 0], [0, -1]], matrix: { rows: 2, cols: 2, int: [-1, 1] } } },
        answer: { op: "conv2d", input: "X", kernel: "K", stride: 1, padding: "valid" },
      };
    case "architecture":
      return {
        params: { k: { default: 3, choices: [3, 5] } },
        input_shape: [28, 28, 1],
        layers: [
          { name: "conv1", type: "Conv2D", filters: 32, kernel_size: "k", activation: "relu" },
          { name: "out", type: "Dense", units: 10, activation: "softmax" },
        ],
        ask: [{ layer: "conv1", fields: ["output_shape", "params"] }, { total: "params" }],
      };
    case "open":
      return { rubric: [{ id: "r1", text: "", points: 1 }] };
    case "shortanswer":
      return { case_sensitive: false, answers: [{ text: "", credit: 1 }] };
    case "code":
      return {
        language: "python",
        checker: "maxpool",
        required_names: ["max_pool_forward"],
        contract: "- `max_pool_forward(x, f, s) -> out`: `x` tem formato `(N, C, H, W)`; janela `f`×`f`, passo `s`, sem preenchimento.\n",
        starter: 'import numpy as np\n\n\ndef max_pool_forward(x, f, s):\n    """x: (N, C, H, W). Retorna out: (N, C, H_out, W_out)."""\n    out = None\n    return out\n',
        reference_solution: [
          "import numpy as np",
          "",
          "",
          "def max_pool_forward(x, f, s):",
          "    n, c, h, w = x.shape",
          "    h_out, w_out = (h - f) // s + 1, (w - f) // s + 1",
          "    out = np.empty((n, c, h_out, w_out))",
          "    for i in range(h_out):",
          "        for j in range(w_out):",
          "            out[:, :, i, j] = x[:, :, i * s : i * s + f, j * s : j * s + f].max(axis=(2, 3))",
          "    return out",
          "",
        ].join("\n"),
        parts: [{ name: "forward", output: "out", weight: 1, label: "Saída do max pooling" }],
      };
  }
}


/** The fields of a code question declared in Python, to start from (ReLU forward and backward, one known mistake). */
export function pythonCheckerStarter(): Record<string, unknown> {
  return {
    language: "python",
    checker: "python",
    required_names: ["relu_forward", "relu_backward"],
    contract: "- `relu_forward(x) -> (out, cache)`: `x` de qualquer formato; `out = max(x, 0)`.\n- `relu_backward(dout, cache) -> dx`: `dx` tem o formato de `x`.\n",
    starter: 'import numpy as np\n\n\ndef relu_forward(x):\n    out, cache = None, None\n    return out, cache\n\n\ndef relu_backward(dout, cache):\n    dx = None\n    return dx\n',
    reference_solution: "import numpy as np\n\n\ndef relu_forward(x):\n    return np.maximum(x, 0), x\n\n\ndef relu_backward(dout, cache):\n    return dout * (cache > 0)\n",
    python: {
      calls: [
        { call: "relu_forward", args: ["x"], returns: ["out", "cache"] },
        { call: "relu_backward", args: ["dout", "cache"], returns: ["dx"] },
      ],
      inputs: { x: { shape: ["N", "D"], dist: "distinct" }, dout: { shape: ["N", "D"] } },
      dims: { N: [2, 5], D: [3, 6] },
      random_cases: 3,
      gradients: [{ of: "relu_forward", output: "out", upstream: "dout", wrt: { dx: "x" } }],
      tolerance: { rtol: 1e-6, atol: 1e-9 },
      misconceptions: [
        {
          id: "relu-gradient-passes-all",
          label: "gradiente sem a máscara",
          message: "O gradiente da ReLU é `dout` só onde `x > 0`; nas outras posições é 0.",
          credit: 0,
          code: "def relu_backward(dout, cache):\n    return dout\n",
        },
      ],
    },
    parts: [
      { name: "forward", output: "out", weight: 0.5, label: "Forward (out)" },
      { name: "dx", output: "dx", weight: 0.5 },
    ],
  };
}
