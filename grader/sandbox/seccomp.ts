/**
 * Seccomp filters of the sandbox, assembled here as classic BPF (no libseccomp needed).
 *
 * Two filters stack (a process keeps every filter it inherits):
 * - `zygoteFilter`: passed to bwrap `--seccomp`, applies to the zygote and everything it forks. It denies what no
 *   part of the sandbox needs. The zygote still needs unshare/mount to give each job its own namespaces.
 * - `jobFilter`: installed by P itself (harness.py) right before the student's code runs; adds everything that
 *   rearranges namespaces or mounts (unshare, setns, mount, clone with CLONE_NEW*, clone3, chroot, pivot_root).
 * Denied calls fail with EPERM (clone3 with ENOSYS, so that glibc falls back to clone, which is inspected).
 */

const AUDIT_ARCH_X86_64 = 0xc000003e;
const X32_SYSCALL_BIT = 0x40000000;
const RET_ALLOW = 0x7fff0000;
const RET_KILL_PROCESS = 0x80000000;
const RET_ERRNO = 0x00050000;
const EPERM = 1;
const ENOSYS = 38;

// BPF opcodes
const LD_W_ABS = 0x20;
const JEQ_K = 0x15;
const JGE_K = 0x35;
const JSET_K = 0x45;
const RET_K = 0x06;
const ALU_AND_K = 0x54;

/** offsets in struct seccomp_data */
const NR = 0;
const ARCH = 4;
const arg = (i: number) => 16 + 8 * i; // low 32 bits (little-endian)

/** x86_64 system calls a numpy answer never needs. */
export const DENIED_ALWAYS: Record<string, number> = {
  ptrace: 101, syslog: 103, personality: 135, uselib: 134, vhangup: 153, adjtimex: 159, acct: 163, settimeofday: 164,
  swapon: 167, swapoff: 168, reboot: 169, iopl: 172, ioperm: 173, init_module: 175, delete_module: 176, quotactl: 179,
  nfsservctl: 180, lookup_dcookie: 212, clock_settime: 227, kexec_load: 246, add_key: 248, request_key: 249,
  keyctl: 250, perf_event_open: 298, name_to_handle_at: 303, open_by_handle_at: 304, clock_adjtime: 305,
  setns: 308, process_vm_readv: 310, process_vm_writev: 311, kcmp: 312, finit_module: 313, kexec_file_load: 320,
  bpf: 321, userfaultfd: 323, io_uring_setup: 425, io_uring_enter: 426, io_uring_register: 427, open_tree: 428,
  move_mount: 429, fsopen: 430, fsconfig: 431, fsmount: 432, fspick: 433, pidfd_getfd: 438, mount_setattr: 442,
};

/** Also denied to the job (the zygote needs them to set each job up). */
export const DENIED_TO_JOB: Record<string, number> = {
  pivot_root: 155, chroot: 161, mount: 165, umount2: 166, unshare: 272,
};

const SYS_SOCKET = 41;
const SYS_SOCKETPAIR = 53;
const SYS_CLONE = 56;
const SYS_CLONE3 = 435;
const AF_NETLINK = 16;
const AF_PACKET = 17;
const SOCK_RAW = 3;
const SOCK_TYPE_MASK = 0xf;
/** CLONE_NEWNS | NEWCGROUP | NEWUTS | NEWIPC | NEWUSER | NEWPID | NEWNET */
const CLONE_NAMESPACES = 0x7e020000;

type Insn = [code: number, jt: number, jf: number, k: number];

function assemble(job: boolean): Insn[] {
  const deny = Object.values({ ...DENIED_ALWAYS, ...(job ? DENIED_TO_JOB : {}) });
  const p: Insn[] = [];
  const EPERM_RET: Insn = [RET_K, 0, 0, RET_ERRNO | EPERM];
  p.push([LD_W_ABS, 0, 0, ARCH]);
  p.push([JEQ_K, 1, 0, AUDIT_ARCH_X86_64]);
  p.push([RET_K, 0, 0, RET_KILL_PROCESS]);
  p.push([LD_W_ABS, 0, 0, NR]);
  p.push([JGE_K, 0, 1, X32_SYSCALL_BIT]);
  p.push(EPERM_RET);
  for (const nr of deny) {
    p.push([JEQ_K, 0, 1, nr]);
    p.push(EPERM_RET);
  }
  if (job) {
    p.push([JEQ_K, 0, 1, SYS_CLONE3]);
    p.push([RET_K, 0, 0, RET_ERRNO | ENOSYS]);
    p.push([JEQ_K, 0, 4, SYS_CLONE]);
    p.push([LD_W_ABS, 0, 0, arg(0)]);
    p.push([JSET_K, 0, 1, CLONE_NAMESPACES]);
    p.push(EPERM_RET);
    p.push([RET_K, 0, 0, RET_ALLOW]);
  }
  // socket(domain, type, ...) and socketpair: no netlink, no packet sockets, no raw sockets of any family
  p.push([JEQ_K, 1, 0, SYS_SOCKET]);
  p.push([JEQ_K, 0, 7, SYS_SOCKETPAIR]);
  p.push([LD_W_ABS, 0, 0, arg(0)]);
  p.push([JEQ_K, 4, 0, AF_NETLINK]);
  p.push([JEQ_K, 3, 0, AF_PACKET]);
  p.push([LD_W_ABS, 0, 0, arg(1)]);
  p.push([ALU_AND_K, 0, 0, SOCK_TYPE_MASK]);
  p.push([JEQ_K, 0, 1, SOCK_RAW]);
  p.push(EPERM_RET);
  p.push([RET_K, 0, 0, RET_ALLOW]);
  return p;
}

function encode(insns: Insn[]): Buffer {
  const out = Buffer.alloc(insns.length * 8);
  insns.forEach(([code, jt, jf, k], i) => {
    out.writeUInt16LE(code, i * 8);
    out.writeUInt8(jt, i * 8 + 2);
    out.writeUInt8(jf, i * 8 + 3);
    out.writeUInt32LE(k >>> 0, i * 8 + 4);
  });
  return out;
}

/** Whether these filters fit the host (they are written for x86_64; elsewhere the sandbox runs without them). */
export const SECCOMP_SUPPORTED = process.arch === "x64" && process.platform === "linux";

export const zygoteFilter = (): Buffer => encode(assemble(false));
export const jobFilter = (): Buffer => encode(assemble(true));
