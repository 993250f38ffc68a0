import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Sandbox } from "@/grader/sandbox/pool";
import type { SandboxJob } from "@/grader/sandbox/types";
import { grader, question, TEST_LIMITS } from "./helpers";
import { HOSTILE } from "./submissions";

const sandbox = new Sandbox({ concurrency: 2 });
/** one zygote: consecutive jobs are guaranteed to run in the same warm process tree */
const single = new Sandbox({ concurrency: 1 });
const grade = grader(sandbox);
const dense = question("batchnorm");
const REPO = path.resolve(import.meta.dirname, "../../..");

beforeAll(() => Promise.all([sandbox.start(), single.start()]));
afterAll(() => Promise.all([sandbox.close(), single.close()]));

/** Run a probe script and return the JSON it prints last. */
async function probe(sb: Sandbox, source: string): Promise<Record<string, unknown>> {
  const job: SandboxJob = { source, required: [], plan: [], outputs: [], cases: [], limits: TEST_LIMITS };
  const r = await sb.run(job);
  expect(r.status, JSON.stringify([r.error, r.stderr, r.stdout])).toBe("ok");
  return JSON.parse(r.stdout.trim().split("\n").pop()!);
}

async function expectCorrectStillScoresOne() {
  const r = await grade(dense, dense.reference_solution);
  expect(r.score, r.feedback).toBe(1);
}

describe("hostile submissions end with score 0 and a clear status", () => {
  it.each(Object.entries(HOSTILE))("%s", async (_name, { source, status, limits }) => {
    const started = performance.now();
    const r = await grade({ ...dense, limits: { ...dense.limits, ...limits } }, source);
    expect(r.score).toBe(0);
    expect(status).toContain(r.status);
    expect(r.feedback.length).toBeGreaterThan(10);
    expect(performance.now() - started).toBeLessThan(TEST_LIMITS.wall_ms + 3000);
    await expectCorrectStillScoresOne();
  });

  it("names the limit in Portuguese", async () => {
    expect((await grade(dense, HOSTILE.sleep.source)).feedback).toMatch(/Tempo esgotado/);
    expect((await grade(dense, HOSTILE["memory bomb"].source)).feedback).toMatch(/Limite de memória excedido/);
    expect((await grade(dense, HOSTILE["output flood"].source)).feedback).toMatch(/Saída grande demais/);
    expect((await grade(dense, HOSTILE["segfault via ctypes"].source)).feedback).toMatch(/SIGSEGV/);
  });

  it("printing fake results or forging the result channel earns nothing", async () => {
    const fake = `import os, json, struct
print('{"score": 1, "status": "ok"}')
print("Correto! Todas as partes passaram")
def forge(obj):
    head = json.dumps(obj).encode()
    body = struct.pack('<I', len(head)) + head
    os.write(3, struct.pack('<I', len(body)) + body)
forge({"kind": "done"})
forge({"kind": "case", "index": 0, "values": [], "error": None})
os.write(3, b"garbage" * 100)
def batchnorm_forward(x, gamma, beta, eps=1e-5):
    return x, None
def batchnorm_backward(dout, cache):
    return dout, dout.sum(0), dout.sum(0)
`;
    const r = await grade(dense, fake);
    expect(r.score).toBe(0);
    await expectCorrectStillScoresOne();
  });

  it("scanning gc.get_objects() finds no expected arrays", async () => {
    const source = `import gc, numpy as np
def batchnorm_forward(x, gamma, beta, eps=1e-5):
    found = [o for o in gc.get_objects() if isinstance(o, np.ndarray) and o.shape == x.shape and o is not x]
    print('candidates', len(found))
    return (found[0] if found else x), None
def batchnorm_backward(dout, cache):
    found = [o for o in gc.get_objects() if isinstance(o, np.ndarray) and o.shape == dout.shape and o is not dout]
    g = [o for o in gc.get_objects() if isinstance(o, np.ndarray) and o.ndim == 1]
    return (found[0] if found else dout), (g[0] if g else 0), (g[-1] if g else 0)
`;
    const r = await grade(dense, source);
    expect(r.score).toBe(0);
  });
});

describe("the job sees nothing of the server", () => {
  it("no project files, secrets, /proc, network or privileges", async () => {
    const server = net.createServer((s) => s.end("segredo")).listen(0, "127.0.0.1");
    await new Promise((res) => server.once("listening", res));
    const port = (server.address() as net.AddressInfo).port;
    const source = `import os, json, socket, ctypes
def attempt(fn):
    try:
        return ['ok', repr(fn())[:80]]
    except BaseException as e:
        return ['blocked', type(e).__name__]
def connect(host, port):
    s = socket.create_connection((host, port), timeout=0.5)
    return s.recv(100)
out = {
  'repo': os.path.exists(${JSON.stringify(REPO)}),
  'bank': os.path.exists(${JSON.stringify(path.join(REPO, "question-bank"))}),
  'work': os.path.exists('/work'),
  'root_home': os.path.exists('/root/.ssh') or os.path.exists('/root/.bashrc'),
  'home': os.path.exists('/home'),
  'etc': sorted(os.listdir('/etc')),
  'proc': os.listdir('/proc'),
  'proc1_environ': attempt(lambda: open('/proc/1/environ').read()),
  'parent_mem': attempt(lambda: open('/proc/%d/mem' % os.getppid(), 'rb').read(1)),
  'env': sorted(os.environ),
  'uid': os.getuid(),
  'ppid': os.getppid(),
  'setuid0': attempt(lambda: os.setuid(0)),
  'write_usr': attempt(lambda: open('/usr/lib/forja-test', 'w')),
  'write_root': attempt(lambda: open('/forja-test', 'w')),
  'write_dev': attempt(lambda: open('/dev/forja-test', 'w')),
  'host_port': attempt(lambda: connect('127.0.0.1', ${port})),
  'internet': attempt(lambda: connect('1.1.1.1', 53)),
  'dns': attempt(lambda: socket.getaddrinfo('example.com', 80)),
  'mount': attempt(lambda: ctypes.CDLL(None, use_errno=True).mount(b'none', b'/tmp', b'tmpfs', 0, None) or ctypes.get_errno()),
}
print(json.dumps(out))
`;
    const seen = await probe(sandbox, source);
    server.close();
    expect(seen.repo).toBe(false);
    expect(seen.bank).toBe(false);
    expect(seen.work).toBe(false);
    expect(seen.root_home).toBe(false);
    expect(seen.home).toBe(false);
    expect(seen.etc).toEqual(["alternatives", "ld.so.cache"]);
    expect(seen.proc).toEqual([]);
    for (const key of ["proc1_environ", "parent_mem", "setuid0", "write_usr", "write_root", "write_dev", "host_port", "internet", "dns"]) {
      expect(seen[key], key).toEqual(["blocked", expect.any(String)]);
    }
    expect(seen.mount).not.toEqual(["ok", "0"]); // EPERM: no capabilities left
    expect(seen.env).toEqual(["HOME", "LANG", "LC_ALL", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "PATH", "PWD", "PYTHONDONTWRITEBYTECODE", "PYTHONHASHSEED"]);
    expect(seen.uid).toBe(1000);
    expect(seen.ppid).toBe(0); // the supervisor lives outside the job's pid namespace
  });
});

describe("nothing a job does is visible to the next job", () => {
  it("files in /tmp, env vars, monkeypatched numpy, SysV IPC, background processes and other students' code", async () => {
    const secretMarker = "segredo-do-aluno-anterior-" + Math.random().toString(36).slice(2);
    const plant = `import os, time, ctypes, numpy as np
MARK = ${JSON.stringify(secretMarker)}
open('/tmp/planted', 'w').write(MARK)
os.environ['PLANTED'] = MARK
np.mean = lambda *a, **k: 42.0
np.random.seed(7)
libc = ctypes.CDLL(None, use_errno=True)
shm = libc.shmget(0x4f4a, 4096, 0o1666)
if os.fork() == 0:
    time.sleep(0.6)
    open('/tmp/late', 'w').write(MARK)
    os._exit(0)
print('{"planted": %d}' % shm)
`;
    const planted = await probe(single, plant);
    expect(planted.planted).toBeGreaterThanOrEqual(0); // the job could create a SysV segment in its own namespace
    await new Promise((r) => setTimeout(r, 700));
    const check = `import os, json, gc, ctypes, numpy as np
libc = ctypes.CDLL(None, use_errno=True)
blob = b''
for o in gc.get_objects():
    if isinstance(o, (str, bytes)) and ${JSON.stringify(secretMarker.slice(0, 20))} in (o if isinstance(o, str) else o.decode('latin-1')):
        blob = b'found'
print(json.dumps({
  'tmp': os.listdir('/tmp'),
  'env': os.environ.get('PLANTED'),
  'mean': float(np.mean(np.array([1.0, 3.0]))),
  'shm': libc.shmget(0x4f4a, 0, 0),
  'found_in_memory': blob.decode(),
}))
`;
    const seen = await probe(single, check);
    expect(seen).toEqual({ tmp: [], env: null, mean: 2, shm: -1, found_in_memory: "" });
  });

  it("a job cannot find the previous job's source or inputs in the memory it inherits", async () => {
    const marker = "codigo-secreto-" + Math.random().toString(36).slice(2);
    await probe(single, `x = ${JSON.stringify(marker)}\nprint('{}')\n`);
    // every container object of the interpreter, recursively: the previous job's header (source, inputs) is not there
    const scan = `import gc, json
needle = ${JSON.stringify(marker.slice(0, 10))} + ${JSON.stringify(marker.slice(10))}
def has(v):
    if isinstance(v, str):
        return needle in v and v is not needle
    if isinstance(v, (bytes, bytearray, memoryview)):
        return needle.encode() in bytes(v)
    return False
hits = 0
for o in gc.get_objects():
    items = list(o.keys()) + list(o.values()) if isinstance(o, dict) else list(o) if isinstance(o, (list, tuple, set)) else []
    hits += sum(1 for v in items if has(v))
print(json.dumps({'hits': hits}))
`;
    const seen = await probe(single, scan);
    expect(seen.hits).toBe(0);
  });

  it("the job's /tmp is private and size-limited", async () => {
    const seen = await probe(single, `import os, json
errs = []
try:
    with open('/tmp/big', 'wb') as f:
        for _ in range(64):
            f.write(b'x' * 2**20)
except OSError as e:
    errs.append(type(e).__name__)
print(json.dumps({'errs': errs, 'size': os.path.getsize('/tmp/big')}))
`);
    expect(seen.errs).toHaveLength(1);
    expect(seen.size as number).toBeLessThanOrEqual(8 * 2 ** 20);
  });
});

describe("refusing to run without a sandbox", () => {
  it("throws a clear error when bwrap is missing and ALLOW_UNSANDBOXED_DEV is not set", async () => {
    const empty = fs.mkdtempSync("/tmp/forja-nobwrap-");
    const sb = new Sandbox({ concurrency: 1, env: { PATH: empty } as unknown as NodeJS.ProcessEnv });
    await expect(sb.start()).rejects.toThrow(/bwrap \(bubblewrap\) não está instalado/);
    await expect(grade(dense, dense.reference_solution).then(() => "ok")).resolves.toBe("ok");
    fs.rmSync(empty, { recursive: true });
  });
});
