"""Warm zygote of the Forja code sandbox (runs inside one bwrap; see README.md).

Process tree, per zygote:

    Z  (this loop; numpy preloaded; never reads a job, never runs student code)
    └─ J  job supervisor, forked from Z *before* the job arrives: enters fresh user, mount,
       │  pid and IPC namespaces, mounts a private size-limited /tmp, hides /proc, forks P;
       │  then reads exactly one job frame from fd 0, tells Z (token pipe) so Z can
       │  pre-fork the next J, hands the job to P over a pipe and supervises it:
       └─ P  pid 1 of the job's pid namespace, also forked ahead of time: drops every
             capability, waits for its job, then sets the job's rlimits, keeps fds 0-3 only,
             runs the student's code (harness.py) and writes the student's outputs to fd 3.

Z never holds job data, so a job cannot find a previous job's source or inputs in the
memory it inherits. When P exits the kernel kills every process of its pid namespace;
the job's /tmp and SysV IPC objects disappear with its namespaces.

Wire format (all integers little-endian u32):
  job      = len | header_len | header JSON | blob (float64 inputs)
  response = len | header_len | header JSON | blob (raw bytes P wrote to fd 3)
"""

import ctypes
import gc
import json
import os
import resource
import select
import signal
import struct
import sys
import time

import numpy  # noqa: F401  (preloaded so every job starts warm)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

libc = ctypes.CDLL(None, use_errno=True)
CLONE_NEWNS, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWIPC = 0x00020000, 0x10000000, 0x20000000, 0x08000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REC, MS_PRIVATE = 1, 2, 4, 8, 16384, 1 << 18
PR_SET_DUMPABLE = 4
JOB_UID = 1000
U32 = struct.Struct("<I")


def _check(ret, what):
    if ret != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def _write_all(fd, data):
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _frame(header, blob=b""):
    head = json.dumps(header).encode()
    return U32.pack(4 + len(head) + len(blob)) + U32.pack(len(head)) + head + blob


def enter_job_namespaces(tmp_kb):
    """Fresh user/mount/pid/IPC namespaces; private /tmp; no /proc. Children of the caller land in the new pid ns."""
    uid, gid = os.getuid(), os.getgid()
    _check(libc.unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC), "unshare")
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
    # further user namespaces inside the job's. Only a holder of CAP_SYS_RESOURCE here could raise it; P holds none.
    with open("/proc/sys/user/max_user_namespaces", "w") as f:
        f.write("0")


def prepare_job_process(pid):
    """Before the job exists: the job's processes are the OOM killer's first choice inside the zygote's cgroup (never
    Z or J), then /proc is hidden (the zygote's would show J and Z)."""
    try:
        with open(f"/proc/{pid}/oom_score_adj", "w") as f:
            f.write("1000")
    except OSError:
        pass


def hide_proc():
    # an empty read-only tmpfs over /proc in the job's mount namespace
    _check(libc.mount(b"tmpfs", b"/proc", b"tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, b"size=4k,nr_inodes=2,mode=555"), "mount /proc")


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


def supervise(pid, collector, wall_s):
    """Wait for P with a wall-clock deadline while draining its pipes; returns (status_hint, wait4 result)."""
    pidfd = os.pidfd_open(pid)
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
    os.close(pidfd)
    return hint, status, usage


class JobProcess:
    """P, forked before the job arrives so that fork and namespace set-up stay off the job's critical path."""

    def __init__(self, sandboxed):
        self.out_r, out_w = os.pipe()
        self.err_r, err_w = os.pipe()
        self.res_r, res_w = os.pipe()
        job_r, self.job_w = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            try:
                for fd in (self.out_r, self.err_r, self.res_r, self.job_w):
                    os.close(fd)
                harness.child_main(job_r, out_w, err_w, res_w, sandboxed)
            finally:
                os._exit(70)
        for fd in (out_w, err_w, res_w, job_r):
            os.close(fd)

    def hand_over(self, payload):
        """Give P its job (P is still trusted code while it reads it)."""
        try:
            _write_all(self.job_w, U32.pack(len(payload)) + payload)
        except BrokenPipeError:
            pass
        os.close(self.job_w)

    def supervise(self, header):
        limits = header["limits"]
        started = time.monotonic()
        caps = {"stdout": limits["output_bytes"], "stderr": limits["output_bytes"], "result": limits["result_bytes"]}
        collector = Collector({"stdout": self.out_r, "stderr": self.err_r, "result": self.res_r}, caps)
        hint, status, usage = supervise(self.pid, collector, limits["wall_ms"] / 1000)
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


def job_supervisor(token_w, sandboxed, tmp_kb):
    """J: set up namespaces and P ahead of time, then take one job from fd 0 and supervise P running it."""
    setup_error = None
    job = None
    try:
        if sandboxed:
            enter_job_namespaces(tmp_kb)
        job = JobProcess(sandboxed)
        prepare_job_process(job.pid)
        if sandboxed:
            hide_proc()
    except OSError as exc:
        setup_error = str(exc)
    raw_len = harness.read_exact(0, 4)
    if raw_len is None:
        os.write(token_w, b"e")
        os._exit(0)  # P reads EOF on its job pipe and exits
    payload = harness.read_exact(0, U32.unpack(raw_len)[0])
    os.write(token_w, b"j")
    os.close(token_w)
    if payload is None:
        os._exit(0)
    head_len = U32.unpack_from(payload)[0]
    header = json.loads(payload[4 : 4 + head_len])
    if setup_error is not None or job is None:
        _write_all(1, _frame({"id": header["id"], "internal": f"falha ao preparar o job: {setup_error}"}))
        os._exit(0)
    try:
        job.hand_over(payload)
        del payload
        response, result = job.supervise(header)
    except Exception as exc:  # a bug here must still answer the job
        _write_all(1, _frame({"id": header["id"], "internal": f"{type(exc).__name__}: {exc}"}))
        os._exit(0)
    _write_all(1, _frame(response, result))
    os._exit(0)


def drop_privileges(uid):
    """When the server runs as root, bwrap keeps CAP_SETUID/CAP_SETGID so Z can become an ordinary uid:
    RLIMIT_NPROC is not enforced for uid 0, and the job must not be root outside its namespace."""
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)
    libc.prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)  # setuid made us non-dumpable: /proc/self/uid_map would be unwritable


def main():
    args = sys.argv[1:]
    sandboxed = "--unsandboxed" not in args
    tmp_kb = int(args[args.index("--tmp-kb") + 1]) if "--tmp-kb" in args else 8192
    if "--job-seccomp" in args:
        harness.JOB_SECCOMP = bytes.fromhex(args[args.index("--job-seccomp") + 1])
    if "--drop-to-uid" in args:
        drop_privileges(int(args[args.index("--drop-to-uid") + 1]))
    if os.getuid() == 0 and sandboxed:
        sys.stderr.write("zygote: recusando rodar jobs como uid 0\n")
        sys.exit(3)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    harness.warm_up()
    # Objects that exist now are shared copy-on-write with every job: keep the collector of the
    # forked processes from writing to (and so copying) their pages.
    gc.collect()
    gc.freeze()
    _write_all(1, _frame({"ready": True, "uid": os.getuid(), "python": sys.version.split()[0], "numpy": numpy.__version__}))
    while True:
        token_r, token_w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(token_r)
            try:
                job_supervisor(token_w, sandboxed, tmp_kb)
            finally:
                os._exit(71)
        os.close(token_w)
        token = os.read(token_r, 1)
        os.close(token_r)
        while True:  # reap finished supervisors
            try:
                done, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if done == 0:
                break
        if token == b"e":
            return
        if token == b"":
            _, status = os.waitpid(pid, 0)
            sys.stderr.write(f"zygote: supervisor died before taking a job (status {status})\n")
            sys.exit(4)


if __name__ == "__main__":
    main()
