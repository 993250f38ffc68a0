import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as tfTypes from "@tensorflow/tfjs";
import { Sandbox } from "@/grader/sandbox/pool";
import type { Float64Tensor, SandboxJob } from "@/grader/sandbox/types";
import { withTf } from "@/grader/types/code/checkers/tf-scope";
import { preparePythonVariant, selfCheckCode, type CodeQuestion } from "@/grader/types/code/grade";
import { clearExpectedCache } from "@/grader/types/code/python/expected";
import { nonAnswer } from "@/grader/types/code/python/self-check";
import { pythonChecker } from "@/grader/types/code/python/spec";
import { loadCodeQuestion } from "@/tests/unit/grader/code-fixtures";
import { grader } from "./helpers";

const sandbox = new Sandbox({ concurrency: 2 });
const grade = grader(sandbox);
const conv = loadCodeQuestion("001-slides-inf721/inf721-convolucao-codigo");

beforeAll(() => sandbox.start());
afterAll(() => sandbox.close());

/** A student's own versions of the mistakes (not the author's misconception code). */
const STUDENT_CONV = `
import numpy as np

def conv_forward(x, w, b, pad, stride):
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    xp = x if ${"NOPAD"} else np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)), mode="constant")
    Ho = (xp.shape[2] - HH) // stride + 1
    Wo = (xp.shape[3] - WW) // stride + 1
    out = np.zeros((N, F, Ho, Wo))
    for n in range(N):
        for f in range(F):
            for i in range(Ho):
                for j in range(Wo):
                    out[n, f, i, j] = np.sum(xp[n, :, i*stride:i*stride+HH, j*stride:j*stride+WW] * w[f]) + b[f]
    return out, (x, w, b, pad, stride)

def conv_backward(dout, cache):
    x, w, b, pad, stride = cache
    F, _, HH, WW = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)), mode="constant")
    dxp = np.zeros_like(xp)
    dw = np.zeros_like(w)
    N, _, Ho, Wo = dout.shape
    for n in range(N):
        for f in range(F):
            for i in range(Ho):
                for j in range(Wo):
                    win = xp[n, :, i*stride:i*stride+HH, j*stride:j*stride+WW]
                    dw[f] += dout[n, f, i, j] * win
                    dxp[n, :, i*stride:i*stride+HH, j*stride:j*stride+WW] += dout[n, f, i, j] * w[f]
    db = dout.sum(axis=${"DBAXIS"})
    dw = ${"DW"}
    return dxp[:, :, pad:pad+x.shape[2], pad:pad+x.shape[3]], dw, db
`;
const student = (o: { nopad?: boolean; dbAxis?: string; dw?: string } = {}) =>
  STUDENT_CONV.replace("NOPAD", o.nopad ? "True" : "False").replace("DBAXIS", o.dbAxis ?? "(0, 2, 3)").replace("DW", o.dw ?? "dw");

describe("Python-declared checker: convolution forward and backward", () => {
  it("a student's correct code scores 1 on several seeds, the feedback states the finite-difference step and tolerance", async () => {
    for (const seed of [null, 1, 2]) {
      const r = await grade(conv, student(), seed);
      expect(r.score, r.feedback).toBe(1);
      expect(r.feedback).toMatch(/diferenças finitas centrais \(float64, Richardson com passos h e 2h\) da `conv_forward` de referência em `w`: passo h = [\d.e-]+, tolerância/);
    }
  });

  it.each([
    ["missing padding", { nopad: true }, "missing-padding", /esqueceu o padding/],
    ["db summed over the wrong axis", { dbAxis: "(1, 2, 3)" }, "db-wrong-axis", /somou db no eixo errado/],
    ["dw off by a transposition", { dw: "np.ascontiguousarray(dw.transpose(0, 1, 3, 2))" }, "dw-transposed", /gradiente do filtro transposto/],
  ])("%s: named misconception with partial credit", async (_name, options, id, message) => {
    const r = await grade(conv, student(options), 5);
    expect(r.misconception).toBe(id);
    expect(r.feedback).toMatch(message);
    expect(r.feedback).toMatch(/crédito parcial de 25%/);
    expect(r.score).toBeGreaterThan(0);
    expect(r.score).toBeLessThan(1);
  });

  it("the wrong padding earns the part's credit only in the cases where the mistake shows", async () => {
    const r = await grade(conv, student({ nopad: true }), 5);
    const forward = r.parts!.find((p) => p.name === "forward")!;
    const padded = conv.python!.fixed_cases.filter((c) => c.values.pad !== 0).length;
    expect(forward.score).toBeGreaterThan(0);
    expect(forward.score).toBeLessThan(1);
    expect(forward.feedback).toMatch(new RegExp(`correto em \\d+ de ${conv.python!.fixed_cases.length + conv.python!.random_cases} casos`));
    expect(padded).toBeGreaterThan(0);
  });

  it.each(["zeros", "input", "constant"] as const)("the non-answer %s scores 0", async (kind) => {
    const r = await grade(conv, nonAnswer(conv.python!, kind).source, 4);
    expect(r.score, r.feedback).toBe(0);
  });

  it("the self-check proves the reference, each misconception and the non-answers", async () => {
    const rows = await selfCheckCode(conv, { sandbox });
    expect(rows.map((r) => [r.expected, r.ok])).toEqual([
      ["1", true],
      ...conv.python!.misconceptions.map((m) => [m.id, true]),
      ["0", true],
      ["0", true],
      ["0", true],
    ]);
  });

  it("expected outputs come from the reference's own jobs, cached per (question version, seed); the student's job carries only inputs", async () => {
    clearExpectedCache();
    const jobs: SandboxJob[] = [];
    const spy = { run: (job: SandboxJob) => (jobs.push(job), sandbox.run(job)) } as unknown as Sandbox;
    await preparePythonVariant(conv, { seed: 77, params: {} }, { sandbox: spy });
    const referenceJobs = jobs.length;
    // per case: the forward, then finite differences by chunks of entries of x, w and b
    expect(referenceJobs).toBeGreaterThanOrEqual(4 * (conv.python!.fixed_cases.length + conv.python!.random_cases));
    expect(jobs.every((j) => j.source === conv.reference_solution && j.cases.length === 1)).toBe(true);
    // the written backward is never run for the expected values: finite differences replace it
    expect(jobs.every((j) => j.required.join() === "conv_forward")).toBe(true);
    const r = await grade(conv, student(), 77);
    expect(r.score).toBe(1);
    const again = await (await import("@/grader/types/code/grade")).gradeCode(conv, { seed: 77, params: {} }, student(), { sandbox: spy });
    expect(again.score).toBe(1);
    const studentJob = jobs.at(-1)!;
    expect(jobs.length).toBe(referenceJobs + 1);
    expect(Object.keys(studentJob.cases[0]!.arrays).sort()).toEqual(["b", "dout", "w", "x"]);
    expect(studentJob.outputs).toEqual(["out", "dx", "dw", "db"]);
  });

  it("every seed's first random case has pairwise distinct dimensions in every array; the slides' filters are fixed cases", async () => {
    for (const seed of [0, 1, 2, 3]) {
      const { cases } = await preparePythonVariant(conv, { seed, params: {} }, { sandbox });
      const distinct = cases.find((c) => c.label.startsWith("formatos distintos"))!;
      for (const t of Object.values(distinct.arrays)) expect(new Set(t.shape).size).toBe(t.shape.length);
      expect(cases[0]!.label).toMatch(/blur dos slides/);
      expect(Array.from(cases[0]!.arrays.w!.data)).toEqual([0.0625, 0.125, 0.0625, 0.125, 0.25, 0.125, 0.0625, 0.125, 0.0625]);
    }
  });
});

describe("finite-difference checker", () => {
  const spec = pythonChecker.parse({
    calls: [
      { call: "f", args: ["x", "a"], returns: ["y"] },
      { call: "f_backward", args: ["dy", "x", "a"], returns: ["dx", "da"] },
    ],
    inputs: { x: { shape: ["N", "D"] }, a: { shape: ["D"] }, dy: { shape: ["N", "D"] } },
    dims: { N: [2, 4], D: [3, 5] },
    random_cases: 3,
    gradients: [{ of: "f", output: "y", upstream: "dy", wrt: { dx: "x", da: "a" } }],
    tolerance: { rtol: 1e-6, atol: 1e-8 },
  });
  const known: CodeQuestion = {
    ...conv,
    id: "fd-known",
    python: spec,
    required_names: ["f", "f_backward"],
    // y = sin(x)·a + x³: dx = dy·(cos(x)·a + 3x²), da = Σ_n dy·sin(x)
    reference_solution: "import numpy as np\n\ndef f(x, a):\n    return np.sin(x) * a + x ** 3\n\ndef f_backward(dy, x, a):\n    return dy * (np.cos(x) * a + 3 * x ** 2), (dy * np.sin(x)).sum(axis=0)\n",
    parts: [{ name: "dx", output: "dx", weight: 0.5 }, { name: "da", output: "da", weight: 0.5 }],
  };

  it("matches closed-form gradients of a smooth non-linear function", async () => {
    const prepared = await preparePythonVariant(known, { seed: 3, params: {} }, { sandbox });
    for (const [i, c] of prepared.cases.entries()) {
      const { x, a, dy } = c.arrays as Record<string, Float64Tensor>;
      const D = a!.shape[0]!;
      const dx = x!.data.map((v, k) => dy!.data[k]! * (Math.cos(v) * a!.data[k % D]! + 3 * v * v));
      const da = new Float64Array(D);
      x!.data.forEach((v, k) => (da[k % D] += dy!.data[k]! * Math.sin(v)));
      const close = (got: Float64Array, want: Float64Array) => got.every((g, k) => Math.abs(g - want[k]!) <= 1e-7 + 1e-6 * Math.abs(want[k]!));
      expect(close(prepared.expected[i]!.dx!.data, dx)).toBe(true);
      expect(close(prepared.expected[i]!.da!.data, da)).toBe(true);
      expect(prepared.differences[i]!.dx!.h).toBeGreaterThan(0);
    }
    expect((await grade(known, known.reference_solution, 3)).score).toBe(1);
  });

  it("refuses a forward that is not differentiable at the drawn point (a tie in a max)", async () => {
    const tie: CodeQuestion = {
      ...known,
      id: "fd-tie",
      // integer x: many entries sit exactly on the kink of max(x, 0)
      python: { ...spec, inputs: { ...spec.inputs, x: { shape: ["N", "D"], dist: { int: [-1, 1] } } } },
      reference_solution: "import numpy as np\n\ndef f(x, a):\n    return np.maximum(x, 0.0) * a\n\ndef f_backward(dy, x, a):\n    return dy * a * (x > 0), (dy * np.maximum(x, 0)).sum(axis=0)\n",
    };
    await expect(preparePythonVariant(tie, { seed: 1, params: {} }, { sandbox })).rejects.toThrow(/não é diferenciável/);
  });

  it("agrees with TensorFlow.js autodiff (tf.grads) of the convolution on every case", async () => {
    for (const seed of [0, 6]) {
      const prepared = await preparePythonVariant(conv, { seed, params: {} }, { sandbox });
      for (const [i, c] of prepared.cases.entries()) {
        const { x, w, b, dout } = c.arrays as Record<string, Float64Tensor>;
        const { pad, stride } = c.scalars as { pad: number; stride: number };
        const grads = withTf((tf) => {
          const t = (v: Float64Tensor) => tf.tensor(Array.from(v.data), v.shape, "float32");
          const forward = (xt: tfTypes.Tensor, wt: tfTypes.Tensor, bt: tfTypes.Tensor) => {
            const nhwc = (xt.transpose([0, 2, 3, 1]) as tfTypes.Tensor4D).pad([[0, 0], [pad, pad], [pad, pad], [0, 0]]) as tfTypes.Tensor4D;
            const hwio = wt.transpose([2, 3, 1, 0]) as tfTypes.Tensor4D;
            return tf.add(tf.conv2d(nhwc, hwio, stride, "valid"), bt).transpose([0, 3, 1, 2]);
          };
          const [dx, dw, db] = tf.grads((xt: tfTypes.Tensor, wt: tfTypes.Tensor, bt: tfTypes.Tensor) => tf.sum(tf.mul(forward(xt, wt, bt), t(dout!))))([t(x!), t(w!), t(b!)]);
          return { dx: dx!.dataSync(), dw: dw!.dataSync(), db: db!.dataSync() };
        });
        for (const name of ["dx", "dw", "db"] as const) {
          const want = prepared.expected[i]![name]!.data;
          const scale = Math.max(1, ...Array.from(want, Math.abs));
          const worst = Math.max(...Array.from(grads[name], (g, k) => Math.abs(g - want[k]!) / scale));
          expect(worst, `${name}, caso ${c.label}`).toBeLessThan(1e-4);
        }
      }
    }
  });
});

describe("Python-declared checker: pooling backward and a statistical sampler", () => {
  const he = loadCodeQuestion("000-lista/vii-inicializacao-he-codigo");
  const avg = loadCodeQuestion("001-slides-inf721/inf721-average-pooling-codigo");
  const maxBack = loadCodeQuestion("001-slides-inf721/inf721-max-pooling-backward-codigo");
  const heSource = (body: string) => `import numpy as np\n\ndef he_init_conv(c_in, c_out, k, seed):\n    g = np.random.default_rng(seed + 1)\n    ${body}\n`;

  it("a He sampler written differently from the reference (another seed, standard normal scaled) scores 1 on several seeds", async () => {
    for (const seed of [null, 1, 2, 3]) {
      const r = await grade(he, heSource("return g.standard_normal((c_out, c_in, k, k)) * np.sqrt(2 / (c_in * k * k))"), seed);
      expect(r.score, r.feedback).toBe(1);
      expect(r.feedback).toMatch(/estatísticas da amostra \(n = [\d.]+\): média 0 ± [\d.e-]+, variância [\d.e-]+ ± [\d.e-]+ \(5 erros-padrão\)/);
    }
  });

  it.each([
    ["Xavier", "return g.normal(0, np.sqrt(2 / (c_in * k * k + c_out * k * k)), (c_out, c_in, k, k))", "xavier-instead-of-he"],
    ["fan-in without k²", "return g.normal(0, np.sqrt(2 / c_in), (c_out, c_in, k, k))", "he-without-kernel-size"],
    ["variance passed as the standard deviation", "return g.normal(0, 2 / (c_in * k * k), (c_out, c_in, k, k))", "variance-as-std"],
  ])("%s is named, with partial credit", async (_name, body, id) => {
    const r = await grade(he, heSource(body), 4);
    expect(r.misconception, r.feedback).toBe(id);
    expect(r.score).toBeGreaterThan(0);
    expect(r.score).toBeLessThan(1);
  });

  it("the cache keeps a sampler's reference by its shape and statistics, not its 100k values", async () => {
    const prepared = await preparePythonVariant(he, { seed: 9, params: {} }, { sandbox });
    for (const [i, c] of prepared.cases.entries()) {
      const W = prepared.expected[i]!.W!;
      expect(W.shape).toEqual([c.scalars.c_out, c.scalars.c_in, c.scalars.k, c.scalars.k]);
      expect(W.data.length).toBe(0);
    }
  });

  it("transposed weights (c_in, c_out, k, k) and an unscaled uniform score 0; only mean and variance are checked", async () => {
    const transposed = await grade(he, heSource("return g.normal(0, np.sqrt(2 / (c_in * k * k)), (c_in, c_out, k, k))"), 4);
    expect(transposed.score).toBe(0);
    expect(transposed.misconception).toBe("wrong-shape");
    const uniform = await grade(he, heSource("return g.uniform(-1, 1, (c_out, c_in, k, k))"), 4);
    expect(uniform.score).toBe(0);
    expect(uniform.feedback).toMatch(/a variância de `W` é/);
    // He's uniform variant has the same mean and variance
    expect((await grade(he, heSource("return g.uniform(-1, 1, (c_out, c_in, k, k)) * np.sqrt(6 / (c_in * k * k))"), 4)).score).toBe(1);
  });

  it("average pooling: a backward that overwrites overlapping windows is named; a vectorised correct one scores 1", async () => {
    const forward = avg.reference_solution.slice(0, avg.reference_solution.indexOf("def avg_pool_backward"));
    const overwrite = `${forward}def avg_pool_backward(dout, cache):\n    shape, f, s = cache\n    dx = np.zeros(shape)\n    for i in range(dout.shape[2]):\n        for j in range(dout.shape[3]):\n            dx[:, :, i*s:i*s+f, j*s:j*s+f] = dout[:, :, i, j][:, :, None, None] / f**2\n    return dx\n`;
    const r = await grade(avg, overwrite, 2);
    expect(r.misconception, r.feedback).toBe("overlap-overwritten");
    expect(r.parts!.find((p) => p.name === "forward")!.score).toBe(1);
    expect((await grade(avg, avg.reference_solution, 2)).score).toBe(1);
  });

  it("max-pooling backward: an argmax-based student version scores 1; spreading over the window is named", async () => {
    const forward = maxBack.reference_solution.slice(0, maxBack.reference_solution.indexOf("def max_pool_backward"));
    const argmax = `${forward}def max_pool_backward(dout, cache):\n    x, f, s = cache\n    dx = np.zeros_like(x)\n    N, C = x.shape[:2]\n    for n in range(N):\n        for c in range(C):\n            for i in range(dout.shape[2]):\n                for j in range(dout.shape[3]):\n                    w = x[n, c, i*s:i*s+f, j*s:j*s+f]\n                    p, q = np.unravel_index(np.argmax(w), w.shape)\n                    dx[n, c, i*s+p, j*s+q] += dout[n, c, i, j]\n    return dx\n`;
    for (const seed of [null, 3]) expect((await grade(maxBack, argmax, seed)).score).toBe(1);
    const spread = argmax.replace("dx[n, c, i*s+p, j*s+q] += dout[n, c, i, j]", "dx[n, c, i*s:i*s+f, j*s:j*s+f] += dout[n, c, i, j]");
    const r = await grade(maxBack, spread, 3);
    expect(r.misconception, r.feedback).toBe("gradient-to-whole-window");
  });
});
