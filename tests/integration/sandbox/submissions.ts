/** Python submissions used by the sandbox and grading tests. */

interface BatchnormSlip {
  /** numpy ddof of the variance (1 = unbiased, a slip) */
  ddof?: number;
  /** axis of the statistics (1 = wrong) */
  axis?: number;
  /** expression added to the variance under the square root */
  epsTerm?: string;
  /** dx through the direct path only */
  dxDirectOnly?: boolean;
  swapGammaBeta?: boolean;
  /** dgamma/dbeta as (1, D) */
  keepdimsParams?: boolean;
}

/** A batch-norm submission written the way a student would, with optional slips (autodiff-free, closed-form backward). */
export function batchnorm(slip: BatchnormSlip = {}): string {
  const axis = slip.axis ?? 0;
  const ddof = slip.ddof ?? 0;
  const eps = slip.epsTerm ?? "eps";
  const kd = slip.keepdimsParams ? ", keepdims=True" : "";
  const dx = slip.dxDirectOnly
    ? "dx = dout * gamma * inv"
    : `dx = inv / m * (m * g - g.sum(axis=${axis}, keepdims=True) - xhat * (g * xhat).sum(axis=${axis}, keepdims=True))`;
  const ret = slip.swapGammaBeta ? "return dx, dbeta, dgamma" : "return dx, dgamma, dbeta";
  return `import numpy as np

def batchnorm_forward(x, gamma, beta, eps=1e-5):
    mu = x.mean(axis=${axis}, keepdims=True)
    var = x.var(axis=${axis}, ddof=${ddof}, keepdims=True)
    inv = 1.0 / np.sqrt(var + ${eps})
    xhat = (x - mu) * inv
    return xhat * gamma + beta, (xhat, inv, gamma)

def batchnorm_backward(dout, cache):
    xhat, inv, gamma = cache
    m = dout.shape[${axis}]${ddof ? ` - ${ddof}` : ""}
    dbeta = dout.sum(axis=0${kd})
    dgamma = (dout * xhat).sum(axis=0${kd})
    g = dout * gamma
    ${dx}
    ${ret}
`;
}

export const SPATIAL_RESHAPE_WITHOUT_TRANSPOSE = `import numpy as np

def spatial_batchnorm_forward(x, gamma, beta, eps=1e-5):
    N, C, H, W = x.shape
    flat = x.reshape(-1, C)
    mu = flat.mean(axis=0)
    inv = 1.0 / np.sqrt(flat.var(axis=0) + eps)
    xhat = (flat - mu) * inv
    out = (xhat * gamma + beta).reshape(N, C, H, W)
    return out, (xhat, inv, gamma, x.shape)

def spatial_batchnorm_backward(dout, cache):
    xhat, inv, gamma, shape = cache
    C = shape[1]
    d = dout.reshape(-1, C)
    m = d.shape[0]
    g = d * gamma
    dx = inv / m * (m * g - g.sum(axis=0) - xhat * (g * xhat).sum(axis=0))
    return dx.reshape(shape), (d * xhat).sum(axis=0), d.sum(axis=0)
`;

export function maxpool(kind: "max" | "avg" | "zero-init" | "no-stride"): string {
  const step = kind === "no-stride" ? "1" : "s";
  const reduce =
    kind === "avg"
      ? "win.mean(axis=(2, 3))"
      : kind === "zero-init"
        ? "np.maximum(win.max(axis=(2, 3)), 0)"
        : "win.max(axis=(2, 3))";
  return `import numpy as np

def max_pool_forward(x, f, s):
    n, c, h, w = x.shape
    ho, wo = (h - f) // ${step} + 1, (w - f) // ${step} + 1
    out = np.zeros((n, c, ho, wo))
    for i in range(ho):
        for j in range(wo):
            win = x[:, :, i*${step}:i*${step}+f, j*${step}:j*${step}+f]
            out[:, :, i, j] = ${reduce}
    return out
`;
}

interface Hostile {
  source: string;
  status: string[];
  limits?: { memory_mb?: number };
}

const BACKWARD_STUB = "\ndef batchnorm_backward(dout, cache):\n    return dout, dout.sum(0), dout.sum(0)\n";

/** Hostile submissions: each must end with score 0 and a clear status, without harming the next job. */
export const HOSTILE: Record<string, Hostile> = Object.fromEntries(
  Object.entries({
  "infinite loop": { source: "def batchnorm_forward(x, gamma, beta, eps=1e-5):\n    while True:\n        pass\n", status: ["cpu-limit", "timeout"] },
  sleep: { source: "import time\ndef batchnorm_forward(x, gamma, beta, eps=1e-5):\n    time.sleep(60)\n", status: ["timeout"] },
  "sleep at import": { source: "import time\ntime.sleep(60)\n", status: ["timeout"] },
  "memory bomb": { source: "def batchnorm_forward(x, gamma, beta, eps=1e-5):\n    blocks = []\n    while True:\n        blocks.append(bytearray(2**30))\n", status: ["memory-limit"] },
  "memory bomb touching every page": {
    source: "def batchnorm_forward(x, gamma, beta, eps=1e-5):\n    blocks = []\n    while True:\n        blocks.append(b'x' * (16 * 2**20))\n",
    status: ["memory-limit"],
    // first-touch page faults are slow on this VM (~3 ms/MiB): a smaller cap keeps the test short
    limits: { memory_mb: 64 },
  },
  "numpy memory bomb": { source: "import numpy as np\ndef batchnorm_forward(x, gamma, beta, eps=1e-5):\n    return np.ones((1 << 16, 1 << 16)), None\n", status: ["memory-limit"] },
  "fork bomb": {
    source: "import os\ndef batchnorm_forward(x, gamma, beta, eps=1e-5):\n    while True:\n        try:\n            os.fork()\n        except OSError:\n            pass\n",
    status: ["cpu-limit", "timeout"],
  },
  "thread bomb": {
    source: "import threading, time\ndef batchnorm_forward(x, gamma, beta, eps=1e-5):\n    while True:\n        try:\n            threading.Thread(target=time.sleep, args=(60,)).start()\n        except RuntimeError:\n            pass\n",
    // each thread counts against RLIMIT_NPROC and reserves its stack against RLIMIT_AS: either may stop it first
    status: ["cpu-limit", "timeout", "memory-limit"],
  },
  "output flood": { source: "def batchnorm_forward(x, gamma, beta, eps=1e-5):\n    while True:\n        print('A' * 10000)\n", status: ["output-limit"] },
  "segfault via ctypes": { source: "import ctypes\ndef batchnorm_forward(x, gamma, beta, eps=1e-5):\n    ctypes.string_at(0)\n", status: ["crashed"] },
  "os._exit": { source: "import os\nos._exit(0)\n", status: ["exited"] },
  "kill everything": {
    source:
      "import os, signal\nfor pid in [-1, 0, 1, os.getppid()]:\n    try:\n        os.kill(pid, signal.SIGKILL)\n    except Exception as e:\n        print(pid, e)\nos.killpg(os.getpgid(0), signal.SIGKILL)\n",
    // the job is pid 1 of its own namespace: kill(-1/0/1) reach nothing outside it, and its own SIGKILL is ignored
    status: ["crashed", "exited", "error"],
  },
  "fill the disk": {
    source: "def batchnorm_forward(x, gamma, beta, eps=1e-5):\n    i = 0\n    while True:\n        with open(f'/tmp/f{i}', 'wb') as f:\n            f.write(b'x' * 2**20)\n        i += 1\n",
    status: ["ok"],
  },
} as Record<string, Hostile>).map(([name, h]) => [name, { ...h, source: h.source + BACKWARD_STUB }]),
);
