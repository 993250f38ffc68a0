"""Supervisor and warm zygote of the Forja code sandbox (runs inside one bwrap; see README.md).

Process tree, per zygote:

    S  supervisor (this module's main loop; no numpy): reads each job from fd 0, hands it to a P, supervises P
    │  and answers on fd 1. S is never forked once a job exists, so no process inherits its memory.
    ├─ Z  warm zygote, forked from S at start, before any job: numpy preloaded; never reads a job, never runs
    │     student code (its memory is what every job inherits). On S's request it clones the next P and passes
    │     P's pipes to S over a socket.
    └─ P  one per job, cloned from Z (a single fork, CLONE_PARENT: S is its parent, so S waits for it) straight
          into fresh user, mount, pid and IPC namespaces, before its job arrives: pid 1 of its pid namespace; it maps
          its uid/gid, mounts a private size-limited /tmp, hides /proc, forbids further user namespaces, drops
          every capability and says it is ready (on its result pipe); then it receives the job from S over a pipe,
          sets the job's rlimits, keeps fds 0-3 only, runs the student's code (harness.py) and writes the
          student's outputs to fd 3.

Z never holds job data, so a job cannot find a previous job's source or inputs in the memory it inherits. When P
exits the kernel kills every process of its pid namespace; the job's /tmp and SysV IPC objects disappear with its
namespaces.

Wire format (all integers little-endian u32):
  job      = len | header_len | header JSON | blob (float64 inputs)
  response = len | header_len | header JSON | blob (raw bytes P wrote to fd 3)
"""

import ctypes
import gc
import json
import os
import platform
import select
import signal
import socket
import struct
import sys
import time

libc = ctypes.CDLL(None, use_errno=True)
_raw_syscall = ctypes.PyDLL(None, use_errno=True).syscall  # keeps the GIL, unlike a CDLL call
_raw_syscall.restype = ctypes.c_long
CLONE_NEWNS, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWIPC = 0x00020000, 0x10000000, 0x20000000, 0x08000000
CLONE_PARENT = 0x00008000
SIGCHLD = 17
# clone(flags, stack=0, ...) behaves as fork() on these; x86_64 is where the seccomp filters apply
SYS_CLONE = {"x86_64": 56, "aarch64": 220}.get(platform.machine())
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REC, MS_PRIVATE = 1, 2, 4, 8, 16384, 1 << 18
PR_SET_DUMPABLE = 4
JOB_UID = 1000
U32 = struct.Struct("<I")
I32 = struct.Struct("<i")
# the first byte P writes on its result pipe, before it has a job (so S can trust it): set up, or failed
READY, SETUP_FAILED = b"R", b"E"


def _check(ret, what):
    if ret != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def _write_all(fd, data):
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _read_exact(fd, n):
    """n bytes from fd, or None at end of file."""
    buf = bytearray()
    while len(buf) < n:
        chunk = os.read(fd, min(n - len(buf), 1 << 20))
        if not chunk:
            return None
        buf += chunk
    return bytes(buf)


def _frame(header, blob=b""):
    head = json.dumps(header).encode()
    return U32.pack(4 + len(head) + len(blob)) + U32.pack(len(head)) + head + blob


# ---------------------------------------------------------------- P: set-up before its job (runs in Z's clone)


def set_up_job_namespaces(tmp_kb, uid, gid):
    """In P's fresh user/mount namespaces: JOB_UID mapped to the zygote's own uid/gid (what an unprivileged process
    may map), a private /tmp, no further user namespaces, the OOM killer's first choice inside the zygote's cgroup
    (never S or Z), then /proc hidden (it would show S and Z)."""
    with open("/proc/self/setgroups", "w") as f:
        f.write("deny")
    with open("/proc/self/uid_map", "w") as f:
        f.write(f"{JOB_UID} {uid} 1")
    with open("/proc/self/gid_map", "w") as f:
        f.write(f"{JOB_UID} {gid} 1")
    _check(libc.mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None), "mount --make-rprivate /")
    tmp_opts = f"size={tmp_kb}k,nr_inodes=256,mode=1777".encode()
    _check(libc.mount(b"tmpfs", b"/tmp", b"tmpfs", MS_NOSUID | MS_NODEV, tmp_opts), "mount /tmp")
    # What bwrap --disable-userns does, one level down (the zygote itself needs user namespaces for its jobs): no
    # further user namespaces inside the job's. Only a holder of CAP_SYS_ADMIN here could raise it; P drops all.
    with open("/proc/sys/user/max_user_namespaces", "w") as f:
        f.write("0")
    try:
        with open("/proc/self/oom_score_adj", "w") as f:
            f.write("1000")
    except OSError:
        pass
    # an empty read-only tmpfs over /proc in the job's mount namespace
    _check(libc.mount(b"tmpfs", b"/proc", b"tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, b"size=4k,nr_inodes=2,mode=555"), "mount /proc")


def job_process(harness, job_r, out_w, err_w, res_w, sandboxed, tmp_kb, ids):
    """P: set itself up before its job exists, say so on the result pipe, then run the job (harness.child_main)."""
    try:
        if sandboxed:
            set_up_job_namespaces(tmp_kb, *ids)
        os.setsid()  # own process group and session: kill(0, ...) cannot reach S's group
        if sandboxed:
            harness.drop_capabilities()
    except OSError as exc:
        _write_all(res_w, SETUP_FAILED + str(exc).encode()[:300])
        os._exit(0)
    os.write(res_w, READY)
    harness.child_main(job_r, out_w, err_w, res_w)


# ---------------------------------------------------------------- Z: the warm zygote


def clone_job_process(sandboxed):
    """fork(), but straight into new user, mount, pid and IPC namespaces, and as a child of S (CLONE_PARENT): one
    copy of the warm interpreter per job. Z is single-threaded (checked when it is ready), so the interpreter's
    after-fork hooks have nothing to repair; they are skipped (threading's alone touched ~150 pages per job, each a
    copy-on-write fault). The GIL stays held through the call (PyDLL), as in os.fork()."""
    flags = CLONE_PARENT | SIGCHLD | (CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC if sandboxed else 0)
    pid = _raw_syscall(SYS_CLONE, flags, 0, 0, 0, 0)
    if pid < 0:
        err = ctypes.get_errno()
        raise OSError(err, f"clone: {os.strerror(err)}")
    return pid


def single_threaded():
    return len(os.listdir("/proc/self/task")) == 1


def zygote_main(sock, sandboxed, tmp_kb, job_seccomp):
    """Z: warm up, then clone one job process per request of S and pass it its pipes; never sees a job."""
    devnull = os.open("/dev/null", os.O_RDWR)
    os.dup2(devnull, 0)  # the server's pipes are S's alone
    os.dup2(devnull, 1)
    os.close(devnull)
    import numpy  # noqa: F401  (preloaded so every job starts warm)

    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import harness

    harness.JOB_SECCOMP = job_seccomp
    harness.warm_up()
    # Objects that exist now are shared copy-on-write with every job: keep the collector of the
    # cloned processes from writing to (and so copying) their pages.
    gc.collect()
    gc.freeze()
    if not single_threaded():  # a BLAS thread pool, say: cloning without the after-fork hooks would be unsafe
        raise RuntimeError("o zygote tem mais de uma thread")
    if SYS_CLONE is None:
        raise RuntimeError(f"clone: arquitetura {platform.machine()} não suportada")
    sock.sendall(json.dumps({"python": sys.version.split()[0], "numpy": numpy.__version__}).encode())
    ids = (os.getuid(), os.getgid())  # in the namespace P is cloned from (P's own are unmapped until it maps them)
    while sock.recv(1):
        job_r, job_w = os.pipe()
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        res_r, res_w = os.pipe()
        try:
            pid = clone_job_process(sandboxed)
        except OSError as exc:
            for fd in (job_r, job_w, out_r, out_w, err_r, err_w, res_r, res_w):
                os.close(fd)
            sock.sendall(I32.pack(-1) + str(exc).encode()[:300])
            continue
        if pid == 0:
            try:
                sock.close()
                for fd in (job_w, out_r, err_r, res_r):
                    os.close(fd)
                job_process(harness, job_r, out_w, err_w, res_w, sandboxed, tmp_kb, ids)
            finally:
                os._exit(70)
        for fd in (job_r, out_w, err_w, res_w):
            os.close(fd)
        socket.send_fds(sock, [I32.pack(pid)], [job_w, out_r, err_r, res_r])
        for fd in (job_w, out_r, err_r, res_r):
            os.close(fd)
    os._exit(0)


# ---------------------------------------------------------------- S: the supervisor


class Collector:
    """Reads P's stdout, stderr and result pipe with byte caps."""

    def __init__(self, fds, caps):
        self.fds = dict(fds)  # name -> fd
        self.caps = caps
        self.data = {name: bytearray() for name in fds}
        self.overflow = None

    def pump(self, fd_name):
        fd = self.fds[fd_name]
        try:
            chunk = os.read(fd, 65536)
        except BlockingIOError:
            return
        if not chunk:
            os.close(fd)
            del self.fds[fd_name]
            return
        buf = self.data[fd_name]
        room = self.caps[fd_name] - len(buf)
        buf += chunk[: max(room, 0)]
        if len(chunk) > room and self.overflow is None:
            self.overflow = fd_name


def supervise(pid, pidfd, collector, wall_s):
    """Wait for P with a wall-clock deadline while draining its pipes; returns (status_hint, wait4 result)."""
    deadline = time.monotonic() + wall_s
    hint = None
    exited = False
    poller = select.poll()
    by_fd = {}
    for name, fd in collector.fds.items():
        os.set_blocking(fd, False)
        poller.register(fd, select.POLLIN)
        by_fd[fd] = name
    poller.register(pidfd, select.POLLIN)
    while not exited or collector.fds:
        remaining = deadline - time.monotonic()
        if remaining <= 0 and hint is None and not exited:
            hint = "timeout"
            os.kill(pid, signal.SIGKILL)
        # after P is gone its pipes reach EOF at once (its namespace is killed); wait briefly at most
        timeout_ms = 50 if exited else max(int(remaining * 1000), 0) + 1
        for fd, _ in poller.poll(timeout_ms if hint is None else 50):
            if fd == pidfd:
                exited = True
                poller.unregister(pidfd)
            elif by_fd.get(fd) in collector.fds:
                name = by_fd[fd]
                collector.pump(name)
                if name not in collector.fds:
                    poller.unregister(fd)
        if collector.overflow and hint is None:
            hint = "output-limit" if collector.overflow in ("stdout", "stderr") else "result-limit"
            os.kill(pid, signal.SIGKILL)
        if exited and hint is not None:
            break
        if exited and time.monotonic() > deadline + 0.5:
            break
    _, status, usage = os.wait4(pid, 0)
    return hint, status, usage


class JobProcess:
    """S's handle on one P that Z cloned ahead of time: its pid and the other ends of its pipes."""

    def __init__(self, pid, fds):
        self.pid = pid
        self.job_w, self.out_r, self.err_r, self.res_r = fds
        self.pidfd = os.pidfd_open(pid)
        self.collecting = False  # once supervise starts, the Collector owns (and closes) the output pipes

    def wait_ready(self):
        """None once P has set itself up (before it has a job, so its word is trusted), else why it could not."""
        first = os.read(self.res_r, 1)
        if first == READY:
            return None
        rest = b""
        if first == SETUP_FAILED:
            while len(rest) < 300 and (chunk := os.read(self.res_r, 300)):
                rest += chunk
        return rest.decode("utf-8", "replace")[:300] or "o processo do job terminou antes de ficar pronto"

    def hand_over(self, payload):
        """Give P its job (P is still trusted code while it reads it)."""
        try:
            _write_all(self.job_w, U32.pack(len(payload)) + payload)
        except BrokenPipeError:
            pass
        os.close(self.job_w)
        self.job_w = None

    def close(self):
        os.close(self.pidfd)
        self.pidfd = None

    def supervise(self, header):
        limits = header["limits"]
        started = time.monotonic()
        self.collecting = True
        caps = {"stdout": limits["output_bytes"], "stderr": limits["output_bytes"], "result": limits["result_bytes"]}
        collector = Collector({"stdout": self.out_r, "stderr": self.err_r, "result": self.res_r}, caps)
        hint, status, usage = supervise(self.pid, self.pidfd, collector, limits["wall_ms"] / 1000)
        response = {
            "id": header["id"],
            "hint": hint,
            "exitCode": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
            "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
            "wallMs": round((time.monotonic() - started) * 1000, 3),
            "cpuMs": round((usage.ru_utime + usage.ru_stime) * 1000, 3),
            "maxRssKb": usage.ru_maxrss,
            "stdout": collector.data["stdout"].decode("utf-8", "replace"),
            "stderr": collector.data["stderr"].decode("utf-8", "replace"),
        }
        return response, bytes(collector.data["result"])

    def discard(self):
        """Kill a P that will get no job (or whose supervision failed), reap it and close what S still holds."""
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        for fd in (self.job_w, self.pidfd) if self.collecting else (self.job_w, self.out_r, self.err_r, self.res_r, self.pidfd):
            if fd is not None:
                try:
                    os.close(fd)
                except OSError:
                    pass


def receive_job_process(sock):
    """The P that Z cloned on S's last request, or the reason Z could not (a string)."""
    msg, fds, _, _ = socket.recv_fds(sock, 400, 4)
    if len(msg) < 4:
        raise EOFError("o zygote terminou")
    pid = I32.unpack_from(msg)[0]
    if pid < 0 or len(fds) != 4:
        for fd in fds:
            os.close(fd)
        return msg[4:].decode("utf-8", "replace") or "clone falhou"
    return JobProcess(pid, fds)


def serve(sock):
    """S's loop: one job at a time from fd 0, each in the P cloned for it before it arrived."""
    sock.sendall(b"p")
    upcoming = receive_job_process(sock)
    while True:
        raw_len = _read_exact(0, 4)
        payload = _read_exact(0, U32.unpack(raw_len)[0]) if raw_len is not None else None
        if payload is None:  # the server closed the pool
            if isinstance(upcoming, JobProcess):
                upcoming.discard()
            return
        head_len = U32.unpack_from(payload)[0]
        header = json.loads(payload[4 : 4 + head_len])
        job, upcoming = upcoming, None
        problem = job if isinstance(job, str) else job.wait_ready()
        sock.sendall(b"p")  # Z clones the next job's process while this job runs
        if problem is not None:
            if isinstance(job, JobProcess):
                job.discard()
            _write_all(1, _frame({"id": header["id"], "internal": f"falha ao preparar o job: {problem}"}))
        else:
            try:
                job.hand_over(payload)
                del payload
                response, result = job.supervise(header)
                job.close()
                _write_all(1, _frame(response, result))
            except Exception as exc:  # a bug here must still answer the job
                job.discard()
                _write_all(1, _frame({"id": header["id"], "internal": f"{type(exc).__name__}: {exc}"}))
        upcoming = receive_job_process(sock)


def drop_privileges(uid):
    """When the server runs as root, bwrap keeps CAP_SETUID/CAP_SETGID so S can become an ordinary uid:
    RLIMIT_NPROC is not enforced for uid 0, and the job must not be root outside its namespace."""
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)
    libc.prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)  # setuid made us non-dumpable: /proc/<P>/uid_map would be unwritable


def main():
    args = sys.argv[1:]
    sandboxed = "--unsandboxed" not in args
    tmp_kb = int(args[args.index("--tmp-kb") + 1]) if "--tmp-kb" in args else 8192
    job_seccomp = bytes.fromhex(args[args.index("--job-seccomp") + 1]) if "--job-seccomp" in args else b""
    if "--drop-to-uid" in args:
        drop_privileges(int(args[args.index("--drop-to-uid") + 1]))
    if os.getuid() == 0 and sandboxed:
        sys.stderr.write("zygote: recusando rodar jobs como uid 0\n")
        sys.exit(3)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sock, zsock = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    zpid = os.fork()  # before any job exists: Z never inherits anything of one
    if zpid == 0:
        try:
            sock.close()
            zygote_main(zsock, sandboxed, tmp_kb, job_seccomp)
        except BaseException as exc:
            sys.stderr.write(f"zygote: {type(exc).__name__}: {exc}\n")
        finally:
            os._exit(71)
    zsock.close()
    hello = sock.recv(400)
    if not hello:
        _, status = os.waitpid(zpid, 0)
        sys.stderr.write(f"zygote: o zygote terminou antes de ficar pronto (status {status})\n")
        sys.exit(4)
    versions = json.loads(hello)
    _write_all(1, _frame({"ready": True, "uid": os.getuid(), **versions}))
    try:
        serve(sock)
    except EOFError:
        sys.stderr.write("zygote: o zygote terminou\n")
        sys.exit(4)
    finally:
        sock.close()
    os.waitpid(zpid, 0)


if __name__ == "__main__":
    main()
