"""Move a freshly forked process into the box of another process: Linux only.

`Target.of(pid)` opens what makes up a boxed process's world: its namespaces (user, IPC,
UTS, network, PID, mount), its root and working folders, its resource limits, its `pids`
cgroup, its capability sets and its `no_new_privs` flag. `Target.enter()` makes the
calling process share all of them, so that what runs next (a kernel forked from
`forkserver`) sees exactly what a process started inside the box sees. The PID namespace
applies to the caller's children only: fork once more after.

Namespaces are joined owner first: each user namespace between the caller's and the
target's, outermost first, and after each the namespaces it owns (mount last). Bubblewrap
run by a user other than root nests the box's user namespace in the one that owns its
other namespaces, so the box's own user namespace grants no rights over them.

The caller must be single-threaded (Linux refuses `setns` into a user namespace
otherwise) and privileged over the box (the box's creator: same user, or root).
"""

from __future__ import annotations

import ctypes
import dataclasses
import fcntl
import os
import platform
import resource
from pathlib import Path

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x10000000, 0x20000000, 0x40000000
# Joined in this order under each owning user namespace, the mount last.
NAMESPACES = (("ipc", CLONE_NEWIPC), ("uts", CLONE_NEWUTS), ("net", CLONE_NEWNET),
              ("pid", CLONE_NEWPID), ("mnt", CLONE_NEWNS))
NS_GET_USERNS, NS_GET_PARENT = 0xB701, 0xB702  # ioctl(2) on a namespace's descriptor
LIMITS = tuple(getattr(resource, name) for name in dir(resource) if name.startswith("RLIMIT_"))
PR_CAPBSET_DROP, PR_SET_NO_NEW_PRIVS = 24, 38
CAPSET = {"x86_64": 126, "aarch64": 91}.get(platform.machine())
CAP_VERSION_3 = 0x20080522
_libc = ctypes.CDLL(None, use_errno=True)


class JoinError(OSError):
    """The box could not be joined (the caller must not run anything then)."""


def _check(result: int, what: str) -> None:
    if result != 0:
        errno = ctypes.get_errno()
        raise JoinError(errno, f"{what}: {os.strerror(errno)}")


def _status(pid: int) -> dict[str, str]:
    lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    return dict(line.split(":\t", 1) for line in lines if ":\t" in line)


def _pids_cgroup(pid: int | str) -> Path | None:
    """The `cgroup.procs` file of `pid`'s pids cgroup (v1, else v2), None when unknown."""
    lines = [line.split(":", 2) for line in
             Path(f"/proc/{pid}/cgroup").read_text().splitlines()]
    for _, controllers, path in lines:
        if "pids" in controllers.split(","):
            return Path("/sys/fs/cgroup/pids") / path.lstrip("/") / "cgroup.procs"
    for number, controllers, path in lines:
        if number == "0" and controllers == "":
            return Path("/sys/fs/cgroup") / path.lstrip("/") / "cgroup.procs"
    return None


def _open(path: str) -> int:
    return os.open(path, os.O_RDONLY | os.O_CLOEXEC)


def _namespaces(pid: int) -> list[tuple[int, int]]:
    """`pid`'s namespaces that differ from ours, as (fd, CLONE_NEW*) in the order to join
    them: its user namespaces from the outermost below ours, each followed by those it
    owns."""
    own = os.stat("/proc/self/ns/user").st_ino
    users = [_open(f"/proc/{pid}/ns/user")]
    while os.fstat(users[0]).st_ino != own:
        try:
            users.insert(0, fcntl.ioctl(users[0], NS_GET_PARENT))
        except OSError as exc:
            raise JoinError(exc.errno, "the box's user namespace is not below ours") from exc
    os.close(users.pop(0))  # our own
    owned: dict[int, list[tuple[int, int]]] = {}
    for name, flag in NAMESPACES:
        path = f"/proc/{pid}/ns/{name}"
        if os.stat(path).st_ino != os.stat(f"/proc/self/ns/{name}").st_ino:
            fd = _open(path)
            owner = fcntl.ioctl(fd, NS_GET_USERNS)
            owned.setdefault(os.fstat(owner).st_ino, []).append((fd, flag))
            os.close(owner)
    order = owned.pop(own, [])
    for user in users:
        order += [(user, CLONE_NEWUSER)] + owned.pop(os.fstat(user).st_ino, [])
    if owned:
        raise JoinError(0, "a namespace of the box is owned outside its user namespaces")
    return order


@dataclasses.dataclass
class Target:
    """What `enter` needs of one boxed process, opened while it is known to be alive."""

    namespaces: list[tuple[int, int]]  # (fd, CLONE_NEW*) in the order to join them
    root: int
    cwd: int
    limits: dict[int, tuple[int, int]]
    cgroup: Path | None
    caps: dict[str, int]
    no_new_privs: bool

    @classmethod
    def of(cls, pid: int) -> "Target":
        status = _status(pid)
        return cls(namespaces=_namespaces(pid),
                   root=os.open(f"/proc/{pid}/root", os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC),
                   cwd=os.open(f"/proc/{pid}/cwd", os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC),
                   limits={limit: resource.prlimit(pid, limit) for limit in LIMITS},
                   cgroup=None if _pids_cgroup(pid) == _pids_cgroup("self")
                   else _pids_cgroup(pid),
                   caps={key: int(status[key], 16)
                         for key in ("CapInh", "CapPrm", "CapEff", "CapBnd")},
                   no_new_privs=status.get("NoNewPrivs", "0").strip() == "1")

    def enter(self) -> None:
        """Join the target's cgroup, namespaces, folders, limits and privileges."""
        if self.cgroup is not None:  # before the mount namespace hides the grader's /sys
            self.cgroup.write_text(str(os.getpid()))
        for fd, flag in self.namespaces:
            _check(_libc.setns(fd, flag), f"setns({flag:#x})")
        os.fchdir(self.root)
        os.chroot(".")
        os.fchdir(self.cwd)
        for limit, (soft, hard) in self.limits.items():
            resource.setrlimit(limit, (soft, hard))
        self._drop_capabilities()
        if self.no_new_privs:
            _check(_libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")
        for fd in [fd for fd, _ in self.namespaces] + [self.root, self.cwd]:
            os.close(fd)

    def _drop_capabilities(self) -> None:
        """Keep only the target's bounding, permitted, effective and inheritable sets."""
        last = int(Path("/proc/sys/kernel/cap_last_cap").read_text())
        for cap in range(last + 1):
            if not self.caps["CapBnd"] >> cap & 1:
                _check(_libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0), f"drop capability {cap}")
        if CAPSET is None:
            raise JoinError(0, f"capset: unknown system call number on {platform.machine()}")
        header = (ctypes.c_uint32 * 2)(CAP_VERSION_3, 0)
        data = (ctypes.c_uint32 * 6)()
        for word in (0, 1):
            data[3 * word + 0] = self.caps["CapEff"] >> (32 * word) & 0xFFFFFFFF
            data[3 * word + 1] = self.caps["CapPrm"] >> (32 * word) & 0xFFFFFFFF
            data[3 * word + 2] = self.caps["CapInh"] >> (32 * word) & 0xFFFFFFFF
        _check(_libc.syscall(CAPSET, header, data), "capset")
