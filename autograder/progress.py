"""Live progress of one submission's run: the cell that runs, each epoch, an ETA.

Two small files are the only channel (display only: the grade never reads them):
`execute.py` (the driver) writes the running cell's number to `CELL_NAME` in the grading
folder; the recorder in the kernel (`kernel_side`) appends one JSON line per finished epoch
to `PROGRESS_NAME` in the extraction folder. A `Watcher` polls them and prints: on a
terminal one live line, rewritten in place; elsewhere (CI, Slurm logs, pytest) plain lines.
"""

from __future__ import annotations

import contextlib
import json
import math
import sys
import threading
import time
from pathlib import Path

from autograder.messages import say

CELL_NAME = "cell"               # "<index> <count>" of the prepared notebook's cells
PROGRESS_NAME = "progress.jsonl"  # {"epoch", "epochs", "seconds", "logs"} per line
SHOWN_LOGS = ("loss", "val_loss", "val_acc", "val_accuracy")


def _duration(seconds: float) -> str:
    """`m:ss`, the same in both languages."""
    seconds = max(0, int(math.ceil(seconds)))
    return f"{seconds // 60}:{seconds % 60:02d}"


def epoch_line(name: str, note: dict, lang: str, past: list[float]) -> str:
    """One epoch's line: epoch k/N, the losses and validation accuracy, its seconds, and
    the time left at the mean pace of the epochs so far (`past`)."""
    epoch, epochs = int(note["epoch"]), int(note.get("epochs") or note["epoch"])
    logs = note.get("logs") or {}
    shown = "  ".join(f"{key} {float(logs[key]):.4f}" for key in SHOWN_LOGS if key in logs)
    pace = sum(past) / len(past) if past else float(note.get("seconds") or 0)
    return say("progress.epoch", lang, name=name, epoch=epoch, epochs=epochs, logs=shown,
               seconds=f"{float(note.get('seconds') or 0):.1f}",
               left=_duration(pace * max(0, epochs - epoch)))


def cell_line(name: str, index: int, count: int, lang: str) -> str:
    """Which of the student's cells runs (the grader's first and last cells not counted)."""
    return say("progress.cell", lang, name=name, cell=max(1, min(index, count - 2)),
               cells=max(1, count - 2))


class Watcher:
    """Polls a run's progress files (see the module doc) and prints what is new."""

    def __init__(self, name: str, root: Path, outdir: Path, lang: str = "en",
                 stream=None, interval: float = 0.5):
        self.name, self.lang, self.interval = name, lang, interval
        self.cell_path, self.epoch_path = Path(root) / CELL_NAME, Path(outdir) / PROGRESS_NAME
        self.stream = stream or sys.stderr
        self.live = bool(getattr(self.stream, "isatty", lambda: False)())
        self._cell, self._read, self._past = None, 0, []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def poll(self) -> list[str]:
        """The lines for what changed since the last poll."""
        lines = []
        with contextlib.suppress(OSError, ValueError):
            index, count = (int(x) for x in self.cell_path.read_text().split())
            if index != self._cell and 0 < index < count - 1:
                self._cell = index
                lines.append(cell_line(self.name, index, count, self.lang))
        with contextlib.suppress(OSError):
            with open(self.epoch_path, "rb") as handle:
                handle.seek(self._read)
                chunk = handle.read(1 << 16)
            complete = chunk[:chunk.rfind(b"\n") + 1]
            self._read += len(complete)
            for raw in complete.splitlines():
                with contextlib.suppress(ValueError, KeyError, TypeError):
                    note = json.loads(raw)
                    self._past.append(float(note.get("seconds") or 0))
                    lines.append(epoch_line(self.name, note, self.lang, self._past))
        return lines

    def _show(self, line: str) -> None:
        if self.live:
            self.stream.write("\r\x1b[2K" + line[:200])
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            for line in self.poll():
                self._show(line)

    def __enter__(self) -> "Watcher":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        for line in self.poll():
            self._show(line)
        if self.live and (self._cell is not None or self._past):
            self.stream.write("\n")
            self.stream.flush()


def watch(name: str, root: Path, outdir: Path, options):
    """A `Watcher` when `options.progress` asks for one, else nothing."""
    if not getattr(options, "progress", False):
        return contextlib.nullcontext()
    return Watcher(name, root, outdir, options.lang, stream=sys.__stderr__)
