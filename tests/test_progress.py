"""Live progress of a run (`autograder.progress`), from the files the driver and the
recorder write; the kernel-level proof is `pytest --notebook`'s output in test_exercises."""

import io
import json

from autograder import progress


def _epoch(path, epoch, epochs=4, seconds=2.0, **logs):
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(json.dumps({"epoch": epoch, "epochs": epochs, "seconds": seconds,
                                 "logs": logs}) + "\n")


def test_each_epoch_and_each_new_cell_is_one_line_with_the_time_left(tmp_path):
    """Are the student's cell k/N and each epoch (losses, val_acc, seconds, time left at
    the mean pace) printed once, with nothing for what did not change?"""
    watcher = progress.Watcher("nb.ipynb", tmp_path, tmp_path, stream=io.StringIO())
    (tmp_path / progress.CELL_NAME).write_text("3 9")
    _epoch(tmp_path / progress.PROGRESS_NAME, 1, loss=0.5, val_loss=0.45, val_acc=0.84,
           acc=0.8)
    assert watcher.poll() == [
        "nb.ipynb: running cell 3/7",
        "nb.ipynb: epoch 1/4  loss 0.5000  val_loss 0.4500  val_acc 0.8400  2.0 s, "
        "about 0:06 left"]
    assert watcher.poll() == []
    _epoch(tmp_path / progress.PROGRESS_NAME, 2, seconds=4.0, loss=0.4)
    assert watcher.poll() == ["nb.ipynb: epoch 2/4  loss 0.4000  4.0 s, about 0:06 left"]


def test_a_half_written_line_waits_and_garbage_is_skipped(tmp_path):
    """Is a line still being written left for the next poll, and a line that is not an
    epoch note (the file is the student's to write) skipped?"""
    watcher = progress.Watcher("nb", tmp_path, tmp_path, lang="ko", stream=io.StringIO())
    path = tmp_path / progress.PROGRESS_NAME
    path.write_text('not json\n{"epoch": 1, "epochs": 2, "seconds": 1, "logs": {}}\n{"epo')
    assert watcher.poll() == ["nb: epoch 1/2    1.0초, 남은 시간 약 0:01"]
    with open(path, "a") as handle:
        handle.write('ch": 2, "epochs": 2, "seconds": 1, "logs": {}}\n')
    assert watcher.poll() == ["nb: epoch 2/2    1.0초, 남은 시간 약 0:00"]


def test_a_terminal_gets_one_live_line_and_a_log_plain_lines(tmp_path):
    """On a terminal is each line drawn over the last (\\r), elsewhere one per line?"""
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    for stream, expected in ((Terminal(), "\r\x1b[2Knb: running cell 1/1\n"),
                             (io.StringIO(), "nb: running cell 1/1\n")):
        (tmp_path / progress.CELL_NAME).write_text("1 3")
        with progress.Watcher("nb", tmp_path, tmp_path, stream=stream, interval=60):
            pass
        assert stream.getvalue() == expected


def test_nothing_is_watched_unless_asked():
    """Is progress off by default (batches, quiet runs)?"""
    from autograder.options import GradeOptions

    assert not isinstance(progress.watch("nb", None, None, GradeOptions()), progress.Watcher)
