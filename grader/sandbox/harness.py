"""Job process (P) of the Forja code sandbox: locks itself down, then runs the student's code.

Everything this process writes to fd 3 is treated by the grader as the *student's* answer:
student code runs in this same process and can write there too, so fd 3 carries only the
student's outputs (never a verdict), and reference outputs never enter this process.

Record on fd 3: u32 len | u32 json_len | json | raw little-endian float64 data of the arrays listed in json.
"""

import ctypes
import io
import json
import linecache
import os
import resource
import struct
import sys
import traceback

import numpy as np

STUDENT_FILE = "solucao.py"
RESULT_FD = 3
U32 = struct.Struct("<I")
_libc = ctypes.CDLL(None, use_errno=True)
PR_CAPBSET_DROP, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL = 24, 47, 4


JOB_SECCOMP = b""
"""Classic BPF program (seccomp.ts, jobFilter) the job installs on itself right before the student's code runs."""

PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 38, 22, 2


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


_seccomp_prog = None


def _prepare_seccomp(program):
    """Built once in the zygote (warm_up), so that each job only makes the two prctl calls."""
    global _seccomp_prog
    if program:
        buf = ctypes.create_string_buffer(program, len(program))
        _seccomp_prog = (_SockFprog(len(program) // 8, ctypes.cast(buf, ctypes.c_void_p)), buf)


def _install_seccomp():
    if _seccomp_prog is None:
        return
    _libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
    if _libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(_seccomp_prog[0]), 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "seccomp")


BASELINE_VM_KB = 0
"""Address space of the warm interpreter, measured in the zygote (the job itself has no /proc)."""


def warm_up():
    """Touch what a job needs so forked children do not pay for it."""
    global BASELINE_VM_KB
    BASELINE_VM_KB = _vm_size_kb()
    _prepare_seccomp(JOB_SECCOMP)
    compile("def f(x):\n    return x\n", STUDENT_FILE, "exec")
    traceback.extract_tb(None)
    np.ascontiguousarray(np.zeros(2), dtype="<f8").tobytes()


def _vm_size_kb():
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmSize:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def drop_capabilities():
    """The job is uid 1000 of its own user namespace and holds every capability there until now."""
    for cap in range(64):
        if _libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            break
    _libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)
    header = (ctypes.c_uint32 * 2)(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3, this thread
    data = (ctypes.c_uint32 * 6)()
    if _libc.capset(header, data) != 0:
        raise OSError(ctypes.get_errno(), "capset")


def _lock_down(limits, baseline_vm_kb, out_w, err_w, res_w):
    devnull = os.open("/dev/null", os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(out_w, 1)
    os.dup2(err_w, 2)
    os.dup2(res_w, RESULT_FD)
    os.closerange(RESULT_FD + 1, 1 << 16)
    mem = baseline_vm_kb * 1024 + limits["memory_mb"] * 1024 * 1024
    cpu_s = max(1, -(-limits["cpu_ms"] // 1000))
    for res, value in (
        (resource.RLIMIT_AS, mem),
        (resource.RLIMIT_CPU, cpu_s),  # soft == hard: the kernel sends SIGKILL (SIGXCPU is ignored by a pid-ns init)
        (resource.RLIMIT_NPROC, limits["processes"]),  # counted per user namespace: the job's own processes only
        (resource.RLIMIT_FSIZE, limits["file_kb"] * 1024),
        (resource.RLIMIT_NOFILE, limits["open_files"]),
        (resource.RLIMIT_CORE, 0),
        (resource.RLIMIT_MSGQUEUE, 0),
        (resource.RLIMIT_MEMLOCK, 0),
    ):
        resource.setrlimit(res, (value, value))
    os.chdir("/tmp")
    _install_seccomp()
    sys.stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False))
    sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8", errors="replace", write_through=True)
    sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), encoding="utf-8", errors="replace", write_through=True)


_pending = []
_pending_bytes = 0
FLUSH_BYTES = 64 * 1024
"""Records are written in batches of this size (the grader uses a job's cases only once it ran to the end, so they
need not leave one by one: one write and one wake-up of the supervisor per job instead of one per case)."""


def _emit(obj, arrays=()):
    global _pending_bytes
    head = json.dumps(obj).encode()
    body = U32.pack(len(head)) + head + b"".join(a.tobytes() for a in arrays)
    _pending.append(U32.pack(len(body)) + body)
    _pending_bytes += 4 + len(body)
    if _pending_bytes >= FLUSH_BYTES or len(_pending) >= 64:
        _flush()


def _flush():
    """One writev of the pending records (no copy: it must work after a MemoryError too)."""
    global _pending_bytes
    chunks = list(_pending)
    _pending.clear()
    _pending_bytes = 0
    written = os.writev(RESULT_FD, chunks) if chunks else 0
    for chunk in chunks:  # only after a partial write
        if written >= len(chunk):
            written -= len(chunk)
            continue
        view = memoryview(chunk)[written:]
        written = 0
        while view:
            view = view[os.write(RESULT_FD, view):]


def _student_error(exc):
    """Type, message and the student's own line (innermost frame of solucao.py), never harness frames."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == STUDENT_FILE]
    last = frames[-1] if frames else None
    return {
        "exc": type(exc).__name__,
        "message": str(exc)[:500],
        "line": last.lineno if last else None,
        "code": (last.line or "")[:200] if last else None,
        "function": last.name if last else None,
    }


def _inputs_for_case(case, blob):
    env = {}
    for name, spec in case.get("arrays", {}).items():
        count = 1
        for dim in spec["shape"]:
            count *= dim
        arr = np.frombuffer(blob, dtype="<f8", count=count, offset=spec["offset"]).reshape(spec["shape"])
        env[name] = arr.astype(np.float64, copy=True)  # writable copy: students may update in place
    env.update(case.get("scalars", {}))
    return env


def _to_float_array(value):
    if value is None:
        raise TypeError("None")
    # tobytes() below always writes C order; ascontiguousarray would turn 0-d arrays into 1-d
    return np.asarray(value, dtype="<f8")


EPS64 = float(np.finfo(np.float64).eps)


def _is_affine(loss_at, point, base, noise):
    """Whether L is affine in this argument: second differences along two seeded random directions, one as large as
    the argument itself, vanish (up to rounding). A kink, a product or any curvature on the way shows up."""
    rng = np.random.default_rng(12345)
    scale = max(1.0, float(np.max(np.abs(point)))) if point.size else 1.0
    for size in (scale, scale * 1e-3):
        v = rng.standard_normal(point.shape) * size
        plus, minus = loss_at(point + v), loss_at(point - v)
        magnitude = abs(plus) + abs(minus) + 2 * abs(base)
        if not abs(plus + minus - 2 * base) <= 1e3 * EPS64 * magnitude + noise:
            return False
    return True


def _finite_differences(fn, env, step):
    """Vector-Jacobian products of fn by central differences in float64 (only in the reference's own job).

    L(a) = sum(fn(*args)[index] * upstream). For each argument named in step["wrt"] and each of its entries (or the
    flat entries step["range"] = [lo, hi) only),
    D(h) = (L(a + h e_i) - L(a - h e_i)) / 2h with h = cbrt(eps) * max(1, max|a|), also D(2h), and the value returned
    is the Richardson extrapolation D(h) + (D(h) - D(2h)) / 3 (error O(h^4)). Also returned per gradient: the step,
    the rounding error (eps * sum|terms of L| / h), a per-entry error bound (rounding + |D(h) - D(2h)|, which is
    far above the extrapolation's own truncation error) and how many entries look non-differentiable (the one-sided
    slopes disagree by more than curvature explains).
    """
    names = step["args"]
    args = [env[a] for a in names]
    upstream = np.asarray(env[step["upstream"]], dtype=np.float64)

    def loss(call_args):
        ret = fn(*call_args)
        if step["n_returns"] > 1:
            ret = ret[step["index"]]
        return np.asarray(ret, dtype=np.float64) * upstream

    base_terms = loss(args)
    base = float(np.sum(base_terms))
    magnitude = max(float(np.sum(np.abs(base_terms))), abs(base))
    out = {}
    for grad_name, arg_name in step["wrt"]:
        pos = names.index(arg_name)
        point = np.array(args[pos], dtype=np.float64)
        h = float(np.cbrt(EPS64) * max(1.0, float(np.max(np.abs(point))) if point.size else 1.0))
        rounding = 8 * EPS64 * magnitude / h
        lo, hi = step.get("range", [0, point.size])
        flat = point.reshape(-1)
        gflat = np.empty(hi - lo)
        eflat = np.empty(hi - lo)
        kinks = 0

        def at(i, delta, keep):
            call_args = list(args)
            flat[i] = keep + delta
            call_args[pos] = point.copy()
            value = float(np.sum(loss(call_args)))
            flat[i] = keep
            return value

        affine = _is_affine(lambda a: float(np.sum(loss(args[:pos] + [a] + args[pos + 1:]))), point, base, rounding * h)
        for k, i in enumerate(range(lo, hi)):
            keep = flat[i]
            p1, m1 = at(i, h, keep), at(i, -h, keep)
            if affine:  # a central difference of an affine function is exact: no need for 2h
                gflat[k] = (p1 - m1) / (2 * h)
                eflat[k] = rounding
                continue
            p2, m2 = at(i, 2 * h, keep), at(i, -2 * h, keep)
            d1 = (p1 - m1) / (2 * h)
            d2 = (p2 - m2) / (4 * h)
            gflat[k] = d1 + (d1 - d2) / 3
            eflat[k] = rounding + abs(d1 - d2)
            # one-sided slopes differ by jump = h·|f''| for a smooth f (and twice that at 2h), by the same |slope change|
            # at h and 2h at a kink: a difference above rounding that does not double is not smoothness
            jump = abs((p1 - base) - (base - m1)) / h
            wide = abs((p2 - base) - (base - m2)) / (2 * h)
            if jump > 1e3 * rounding + 1e-9 * abs(d1) and abs(wide - 2 * jump) > 0.5 * jump:
                kinks += 1
        # the entries [lo, hi) of the flattened gradient (the grader splits a large argument over several jobs)
        out[grad_name] = gflat
        out[grad_name + "@err"] = eflat
        out[grad_name + "@h"] = h
        out[grad_name + "@rounding"] = rounding
        out[grad_name + "@kinks"] = float(kinks)
    return out


def _run_case(index, case, blob, namespace, plan, outputs):
    env = _inputs_for_case(case, blob)
    error = None
    for step in plan:
        if "vjp" in step:
            try:
                env.update(_finite_differences(namespace[step["vjp"]], env, step))
            except BaseException as exc:
                error = {"stage": "call", "fn": step["vjp"], **_student_error(exc)}
                break
            continue
        fn = namespace[step["call"]]
        args = [env[a] for a in step["args"]]
        try:
            ret = fn(*args)
        except MemoryError as exc:
            error = {"stage": "call", "fn": step["call"], "memory": True, **_student_error(exc)}
            break
        except BaseException as exc:  # SystemExit and KeyboardInterrupt included: the job continues
            error = {"stage": "call", "fn": step["call"], **_student_error(exc)}
            break
        names = step["returns"]
        if len(names) == 1:
            env[names[0]] = ret
            continue
        if not isinstance(ret, (tuple, list)) or len(ret) != len(names):
            got = len(ret) if isinstance(ret, (tuple, list)) else type(ret).__name__
            error = {"stage": "returns", "fn": step["call"], "expected": len(names), "got": got}
            break
        env.update(zip(names, ret))
    values, arrays = [], []
    for name in outputs:
        if name not in env:
            continue
        try:
            arr = _to_float_array(env[name])
        except BaseException as exc:
            values.append({"name": name, "error": f"{type(exc).__name__}: {str(exc)[:200]}", "type": type(env[name]).__name__})
            continue
        values.append({"name": name, "shape": list(arr.shape)})
        arrays.append(arr)
    _emit({"kind": "case", "index": index, "values": values, "error": error}, arrays)


def _run_student(header, blob):
    try:
        code = compile(header["source"], STUDENT_FILE, "exec", dont_inherit=True)
    except SyntaxError as exc:
        _emit({"kind": "error", "stage": "syntax", "exc": type(exc).__name__, "message": exc.msg,
               "line": exc.lineno, "offset": exc.offset, "code": (exc.text or "").rstrip("\n")[:200]})
        return
    except (ValueError, MemoryError, RecursionError) as exc:
        _emit({"kind": "error", "stage": "syntax", "exc": type(exc).__name__, "message": str(exc)[:300], "line": None})
        return
    source = header["source"]
    linecache.cache[STUDENT_FILE] = (len(source), None, source.splitlines(True), STUDENT_FILE)
    namespace = {"__name__": "solucao", "__file__": STUDENT_FILE, "__builtins__": __builtins__}
    try:
        exec(code, namespace)
    except BaseException as exc:
        _emit({"kind": "error", "stage": "load", **_student_error(exc)})
        return
    missing = [n for n in header["required"] if not callable(namespace.get(n))]
    if missing:
        _emit({"kind": "error", "stage": "missing", "names": missing})
        return
    for index, case in enumerate(header["cases"]):
        _run_case(index, case, blob, namespace, header["plan"], header["outputs"])
    _emit({"kind": "done"})


def read_exact(fd, n):
    """n bytes from fd, or None at end of file."""
    chunks, got = [], 0
    while got < n:
        chunk = os.read(fd, min(n - got, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def child_main(job_r, out_w, err_w, res_w):
    """P, set up and without capabilities (zygote.py, job_process): trusted until the student's code starts in
    _run_student."""
    raw_len = read_exact(job_r, 4)
    payload = read_exact(job_r, U32.unpack(raw_len)[0]) if raw_len else None
    os.close(job_r)
    if payload is None:  # the supervisor went away without a job
        os._exit(0)
    head_len = U32.unpack_from(payload)[0]
    header = json.loads(payload[4 : 4 + head_len])
    blob = payload[4 + head_len :]
    del payload
    _lock_down(header["limits"], BASELINE_VM_KB, out_w, err_w, res_w)
    try:
        _run_student(header, blob)
    except MemoryError:
        try:
            _emit({"kind": "error", "stage": "memory"})
        except BaseException:
            pass
    except BaseException:
        pass
    try:
        _flush()
    except BaseException:
        pass
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:
        pass
    os._exit(0)
