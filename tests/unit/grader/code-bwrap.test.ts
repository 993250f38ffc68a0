import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { ancestors, bwrapArgs } from "@/grader/sandbox/bwrap";
import { pathsForPrefixes, pythonCandidates } from "@/grader/sandbox/interpreter";

const python = { executable: "/opt/py/bin/python3.11", version: "3.11.7", numpy: "2.4.6", readOnlyPaths: ["/opt/py"] };
const fakeStat = (p: string) =>
  ["/usr/lib", "/etc/alternatives", "/etc/ld.so.cache"].includes(p) ? ({ isSymbolicLink: () => false } as fs.Stats) : null;

describe("bwrap command line", () => {
  it("isolates network, pids, ipc and environment, and binds only what python needs, read-only", () => {
    const args = bwrapArgs({ python, codeDir: "/repo/grader/sandbox", hostUid: 1000, tmpKb: 8192, exists: fakeStat });
    for (const flag of ["--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-user", "--clearenv", "--die-with-parent", "--new-session"]) expect(args).toContain(flag);
    expect(args).not.toContain("--bind");
    expect(args).not.toContain("--cap-add");
    const binds = args.flatMap((a, i) => (a === "--ro-bind" ? [args[i + 1]] : []));
    expect(binds).toEqual(["/usr/lib", "/etc/alternatives", "/etc/ld.so.cache", "/opt/py", "/repo/grader/sandbox/zygote.py", "/repo/grader/sandbox/harness.py"]);
    expect(args.join(" ")).toContain("--setenv OPENBLAS_NUM_THREADS 1");
    expect(args.join(" ")).toContain("--remount-ro /");
    expect(args.slice(args.indexOf("--") + 1)).toEqual(["/opt/py/bin/python3.11", "-I", "-B", "/sandbox/zygote.py", "--tmp-kb", "8192"]);
  });

  it("as root, keeps only CAP_SETUID/CAP_SETGID so the zygote can drop to nobody", () => {
    const args = bwrapArgs({ python, codeDir: "/x", hostUid: 0, tmpKb: 1024, exists: fakeStat });
    expect(args).not.toContain("--unshare-user");
    expect(args.filter((a) => a.startsWith("CAP_"))).toEqual(["CAP_SETUID", "CAP_SETGID"]);
    expect(args.slice(-2)).toEqual(["--drop-to-uid", "65534"]);
  });

  it("creates parents of bound paths world-traversable", () => {
    expect(ancestors("/root/.pyenv/versions/3.11.7")).toEqual(["/root", "/root/.pyenv", "/root/.pyenv/versions"]);
    const args = bwrapArgs({ python: { ...python, readOnlyPaths: ["/root/.pyenv/versions/3.11.7"] }, codeDir: "/x", hostUid: 1000, tmpKb: 1, exists: fakeStat }).join(" ");
    expect(args).toContain("--perms 0755 --dir /root --perms 0755 --dir /root/.pyenv");
  });
});

describe("interpreter paths", () => {
  it("binds a pyenv prefix whole, but a system prefix only through its library dirs", () => {
    expect(pathsForPrefixes(["/root/.pyenv/versions/3.11.7"], "/root/.pyenv/versions/3.11.7/lib/python3.11", "/root/.pyenv/versions/3.11.7/lib/python3.11/site-packages", "/root/.pyenv/versions/3.11.7/bin/python3.11")).toEqual(["/root/.pyenv/versions/3.11.7"]);
    expect(pathsForPrefixes(["/usr"], "/usr/lib/python3.11", "/usr/lib/python3/dist-packages", "/usr/bin/python3.11")).toEqual(["/usr/bin/python3.11", "/usr/lib/python3.11", "/usr/lib/python3/dist-packages"]);
  });

  it("tries FORJA_PYTHON, then python3 on PATH, then Debian's python3", () => {
    expect(pythonCandidates({ FORJA_PYTHON: "/x/python" } as unknown as NodeJS.ProcessEnv)).toEqual(["/x/python", "python3", "/usr/bin/python3"]);
  });
});
