import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Sandbox } from "@/grader/sandbox/pool";
import { grader, question } from "./helpers";
import { batchnorm, maxpool, SPATIAL_RESHAPE_WITHOUT_TRANSPOSE } from "./submissions";

const sandbox = new Sandbox({ concurrency: 2 });
const grade = grader(sandbox);
const dense = question("batchnorm");
const spatial = question("spatial");
const pool = question("maxpool");

beforeAll(() => sandbox.start());
afterAll(() => sandbox.close());

describe("code grading: correct submissions", () => {
  it.each([
    ["batch norm (reference solution)", dense, dense.reference_solution],
    ["batch norm (closed-form student version)", dense, batchnorm()],
    ["spatial batch norm (reference solution)", spatial, spatial.reference_solution],
    ["max pooling (reference solution)", pool, pool.reference_solution],
    ["max pooling (student version)", pool, maxpool("max")],
  ])("%s scores 1 on several seeds", async (_name, q, source) => {
    for (const seed of [null, 1, 2]) {
      const r = await grade(q, source, seed);
      expect(r.status).toBe("ok");
      expect(r.score, r.feedback).toBe(1);
      expect(r.misconception).toBeUndefined();
    }
  });
});

describe("code grading: misconceptions are recognised and named in Portuguese", () => {
  it.each([
    ["unbiased-variance", batchnorm({ ddof: 1 }), /N−1/],
    ["wrong-axis", batchnorm({ axis: 1 }), /eixo errado/],
    ["missing-eps", batchnorm({ epsTerm: "0" }), /Faltou somar eps/],
    ["eps-ignored", batchnorm({ epsTerm: "1e-5" }), /ignora o argumento `eps`/],
    ["dx-missing-mean-var-terms", batchnorm({ dxDirectOnly: true }), /caminho direto/],
    ["swapped-dgamma-dbeta", batchnorm({ swapGammaBeta: true }), /trocados/],
    ["wrong-shape", batchnorm({ keepdimsParams: true }), /formato de `dgamma` errado: esperado \(\d+,\), obtido \(1, \d+\)/],
  ])("%s", async (label, source, text) => {
    const r = await grade(dense, source);
    expect(r.status).toBe("ok");
    expect(r.misconception).toBe(label);
    expect(r.score).toBeLessThan(1);
    expect(r.feedback).toMatch(text);
  });

  it("partial credit follows the part weights: swapped dgamma/dbeta keeps forward and dx", async () => {
    const r = await grade(dense, batchnorm({ swapGammaBeta: true }));
    expect(r.score).toBeCloseTo(0.7, 6);
    expect(r.parts?.map((p) => [p.name, p.score])).toEqual([["forward", 1], ["dx", 1], ["dgamma", 0], ["dbeta", 0]]);
  });

  it("an implementation that ignores eps fails exactly the non-default-eps case", async () => {
    const r = await grade(dense, batchnorm({ epsTerm: "1e-5" }));
    const forward = r.parts!.find((p) => p.name === "forward")!;
    expect(forward.score).toBeCloseTo(6 / 7, 6);
    expect(forward.feedback).toMatch(/eps diferente do padrão/);
  });

  it("unbiased variance fails the N=2 case with expected vs got", async () => {
    const r = await grade(dense, batchnorm({ ddof: 1 }));
    expect(r.feedback).toMatch(/primeiro valor errado em `out\[\d+, \d+\]`: esperado -?\d.*obtido -?\d/);
  });

  it("spatial: reshape without transpose", async () => {
    const r = await grade(spatial, SPATIAL_RESHAPE_WITHOUT_TRANSPOSE);
    expect(r.misconception).toBe("reshape-without-transpose");
    expect(r.feedback).toMatch(/transpose\(0, 2, 3, 1\)/);
  });

  it.each([
    ["average-instead-of-max", maxpool("avg")],
    ["max-initialised-with-zero", maxpool("zero-init")],
    ["stride-ignored", maxpool("no-stride")],
  ])("max pooling: %s", async (label, source) => {
    const r = await grade(pool, source);
    expect(r.misconception).toBe(label);
    expect(r.score).toBeGreaterThanOrEqual(0);
    expect(r.score).toBeLessThan(1);
  });
});

describe("code grading: errors show the student's own line", () => {
  it("a syntax error is an unreadable answer with its line number", async () => {
    const r = await grade(dense, "import numpy as np\n\ndef batchnorm_forward(x, gamma, beta eps=1e-5):\n    pass\n");
    expect(r.invalid).toBe(true);
    expect(r.score).toBe(0);
    expect(r.feedback).toMatch(/Erro de sintaxe \(linha 3 do seu código\)/);
    expect(r.feedback).not.toMatch(/harness|zygote|sandbox/);
  });

  it("an exception inside a function names the function, the line and the message", async () => {
    const source = batchnorm().replace("    xhat, inv, gamma = cache\n", "    xhat, inv, gamma = cache\n    raise ValueError('ops')\n");
    const r = await grade(dense, source);
    expect(r.status).toBe("ok");
    expect(r.parts!.find((p) => p.name === "forward")!.score).toBe(1);
    expect(r.parts!.find((p) => p.name === "dx")!.feedback).toMatch(/`batchnorm_backward` lançou `ValueError: ops` \(linha 12 do seu código\)/);
    expect(r.feedback).not.toMatch(/harness\.py|zygote\.py/);
  });

  it("an error raised inside numpy points at the student's line that called it", async () => {
    const source = "import numpy as np\ndef batchnorm_forward(x, gamma, beta, eps=1e-5):\n    return np.dot(x, np.ones(999)), None\ndef batchnorm_backward(dout, cache):\n    return dout, 0, 0\n";
    const r = await grade(dense, source);
    expect(r.feedback).toMatch(/ValueError: shapes .* \(linha 3 do seu código\)/);
  });

  it("missing functions and wrong return arity are explained", async () => {
    expect((await grade(dense, "x = 1\n")).feedback).toMatch(/Não encontrei as funções `batchnorm_forward`, `batchnorm_backward`/);
    const r = await grade(dense, batchnorm().replace("return xhat * gamma + beta, (xhat, inv, gamma)", "return xhat * gamma + beta"));
    expect(r.feedback).toMatch(/`batchnorm_forward` deve retornar uma tupla de 2 valores, mas retornou um `ndarray`/);
  });

  it("the starter code scores 0 and says the outputs are None", async () => {
    const r = await grade(dense, dense.starter);
    expect(r.score).toBe(0);
    expect(r.feedback).toMatch(/`out` é `None`/);
  });
});
