"""The kernel command of a boxed driver: a kernel forked by the grader's fork server.

Usage (as a kernelspec's argv, in place of `-m ipykernel_launcher`):
    python -m autograder.runner.forked_kernel -f CONNECTION_FILE

This process asks the fork server (`forkserver`, found at `$TFCERT_KERNEL_FORKS`) for a
kernel in its own box, with its own standard streams, environment and working folder,
then stands in for it: the kernel manager's signals reach the kernel through it, and it
exits as the kernel exits. Killing it kills the kernel. Without a server, when the
server refuses, or when its relay cannot join this box, it becomes
`python -m ipykernel_launcher` itself (`os.execv`).
"""

from __future__ import annotations

import array
import json
import os
import signal
import socket
import struct
import sys
import time

LAUNCHER = "ipykernel_launcher"
MODULE = "autograder.runner.forked_kernel"
# Seconds for the server's answer and the relay's word (the server may still be importing
# TensorFlow); after them the usual kernel starts, within the kernel manager's 60 s.
REPLY_WAIT = 30.0


def command(kernel_cmd: list[str]) -> list[str]:
    """`kernel_cmd` with this stub in place of `ipykernel_launcher`, when the box has a
    fork server; else unchanged."""
    from autograder.runner.forkserver import FORKS_ENV

    if os.environ.get(FORKS_ENV) and LAUNCHER in kernel_cmd:
        return [MODULE if part == LAUNCHER else part for part in kernel_cmd]
    return kernel_cmd


def main(argv: list[str]) -> None:
    from autograder.runner.forkserver import FORKS_ENV

    path = os.environ.get(FORKS_ENV)
    if path:
        code = _forked(path, argv)
        if code is not None:
            _exit_as(code)
    os.execv(sys.executable, [sys.executable, "-m", LAUNCHER, *argv])


def _forked(path: str, argv: list[str]) -> int | None:
    """The forked kernel's exit code (negative: killed by that signal); None when no
    kernel was forked."""
    from autograder.runner.forkserver import FORKED, GO, JOINED

    deadline = time.monotonic() + REPLY_WAIT  # for the whole exchange
    try:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        with socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET) as server:
            # A blocking connect waits its turn when the server's queue is full (a
            # non-blocking one would be turned away at once), at most REPLY_WAIT.
            server.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO,
                              struct.pack("@ll", int(REPLY_WAIT), 0))
            server.connect(path)
            server.settimeout(_left(deadline))
            pidfd = os.pidfd_open(os.getpid())
            request = json.dumps({"argv": argv, "env": dict(os.environ)}).encode()
            server.sendmsg([request], [(socket.SOL_SOCKET, socket.SCM_RIGHTS,
                                        array.array("i", [0, 1, 2, pidfd, theirs.fileno()]))])
            os.close(pidfd)
            theirs.close()
            if server.recv(256) != FORKED:
                return None
        ours.settimeout(_left(deadline))
        if ours.recv(256) != JOINED:  # the relay could not enter this box
            return None
        ours.settimeout(None)
        ours.sendall(GO)  # past this, the kernel is the relay's; before it, the usual one
    except OSError:
        return None
    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT):
        signal.signal(number, lambda number, _: _send(ours, b"signal %d" % number))
    while True:
        words = ours.recv(64).split()
        if not words:
            return 1  # the relay is gone without a word
        if words[0] == b"exit":
            return int(words[1])


def _left(deadline: float) -> float:
    """Seconds left until `deadline` (a socket timeout: never zero, which means
    non-blocking)."""
    return max(deadline - time.monotonic(), 0.001)


def _send(channel: socket.socket, message: bytes) -> None:
    try:
        channel.sendall(message)
    except OSError:
        pass


def _exit_as(code: int) -> None:
    """Exit as the kernel did: with its status, or killed by its signal."""
    if code < 0:
        signal.signal(-code, signal.SIG_DFL)
        os.kill(os.getpid(), -code)
    os._exit(code)


if __name__ == "__main__":
    main(sys.argv[1:])
