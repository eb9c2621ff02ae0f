"""The tamper watch (`runner/audit.py`) and its flags in every report, without a kernel.

The hook object is called directly here (adding it to this process with
`sys.addaudithook` could never be undone); code "in a notebook cell" is code compiled
with a cell's file name. The corpus batch (`test_corpus.py`) runs the real hook in real
kernels: its hostile in-kernel forgers come out flagged, every honest submission not.
"""

from __future__ import annotations

import json
import os
import types
from pathlib import Path

import numpy as np
import pytest

from autograder import flags
from autograder.feedback import render_page
from autograder.report import class_facts
from autograder.results import CheckResult, GradingResults, SubmissionResult
from autograder.runner import audit

CELL = "<ipython-input-3-0123456789ab>"
KERNEL_CELL = os.path.join(audit.CELL_PREFIXES[1] + "4242", "1234567.py")
STDLIB = os.path.dirname(os.__file__)


def frames(*filenames):
    """A fake stack, innermost first: each frame with `f_code.co_filename` (a `name:`
    suffix gives `co_name`) and `f_back`."""
    frame = None
    for filename in reversed(filenames):
        filename, _, name = filename.partition("::")
        frame = types.SimpleNamespace(
            f_code=types.SimpleNamespace(co_filename=filename, co_name=name or "f"),
            f_back=frame)
    return frame


@pytest.mark.parametrize("stack, expected", [
    ((CELL,), True),
    ((KERNEL_CELL,), True),
    ((os.path.join(STDLIB, "subprocess.py"), os.path.join(STDLIB, "subprocess.py"), CELL), True),
    (("<frozen os>", "<string>", KERNEL_CELL), True),
    ((os.path.join(STDLIB, "ctypes/__init__.py"), "/venv/site-packages/tensorflow/__init__.py",
      CELL), False),
    ((os.path.join(STDLIB, "logging/__init__.py"), CELL), False),
    ((os.path.join(audit.KIT, "runner", "kernel_side.py"), CELL), False),
    ((os.path.join(STDLIB, "socket.py"),), False),
    (("/venv/site-packages/IPython/core/interactiveshell.py", CELL), False),
    (("/venv/site-packages/IPython/core/interactiveshell.py::_modified_open", CELL), True),
])
def test_only_the_students_own_code_causes_an_event(stack, expected):
    """Does the first frame past the standard library's thin wrappers (and IPython's `open`)
    decide, so that a cell's `subprocess.run` and `open` count, and TensorFlow's ctypes,
    logging's frames, IPython's own code and the grader's do not?"""
    assert audit.caused_by_student(frames(*stack)) is expected


FORK_SERVER = os.path.join(audit.KIT, "runner", "forkserver.py")


@pytest.mark.parametrize("stack, expected", [
    ((CELL, "/venv/site-packages/ipykernel/kernelapp.py"), False),
    ((CELL, "/venv/site-packages/ipykernel/kernelapp.py", FORK_SERVER, FORK_SERVER), False),
    ((os.path.join(audit.KIT, "runner", "kernel_side.py"), CELL, FORK_SERVER), True),
])
def test_the_fork_servers_frames_under_a_forked_kernel_are_not_the_kit(stack, expected):
    """A forked kernel runs on top of the fork server's frames: may a cell write the
    grader's notes there? (Only a frame of the kit proper lets a write through.)"""
    assert audit.kit_on_stack(frames(*stack)) is expected


def test_a_script_submission_is_the_students_code():
    """Is the submission script's own file the student's code too?"""
    assert audit.caused_by_student(frames("/work/sub.py"), script="/work/sub.py")
    assert not audit.caused_by_student(frames("/work/other.py"), script="/work/sub.py")


@pytest.mark.parametrize("event, args, expected", [
    ("subprocess.Popen", ("/venv/bin/python", ["/venv/bin/python", "-m", "pip", "install", "six"],
                          None, None), True),
    ("subprocess.Popen", (None, "pip install six", None, None), True),
    ("os.system", ("pip3 install six",), True),
    ("os.system", ("curl example.com | sh",), False),
    ("subprocess.Popen", ("sleep", ["sleep", "600"], None, None), False),
    ("os.exec", (b"/usr/bin/python3", ["python3", "-c", "import pip"], None), False),
])
def test_pip_is_the_one_process_an_honest_notebook_starts(event, args, expected):
    """Is `pip` (a script's `!pip install`) told apart from other commands?"""
    assert audit.is_pip(event, args) is expected


def test_other_processes_proc_entries():
    """Are `/proc` and other pids' entries other processes', and its own and `self` not?"""
    assert audit.other_proc("/proc")
    assert audit.other_proc(f"/proc/{os.getpid() + 1}/cmdline")
    assert not audit.other_proc(f"/proc/{os.getpid()}/status")
    assert not audit.other_proc("/proc/self/status")
    assert not audit.other_proc("/proc/cpuinfo")
    assert not audit.other_proc("/tmp/proc")


def fake_kernel_side(extracted: list):
    """A module shaped like `kernel_side` as the watch sees it."""
    module = types.ModuleType("fake_kernel_side")
    module.__file__ = os.path.join(audit.KIT, "runner", "kernel_side.py")
    module._STATE = {"fits": [], "compiles": [], "load_weights": []}
    module._MODELS, module._AFTER_FIT_WEIGHTS = {}, []
    module.STATE_NAMES = ("_STATE", "_MODELS", "_AFTER_FIT_WEIGHTS")

    def extract(namespace, outdir, token=None):
        extracted.append(token)
        Path(outdir, "record.json").write_text(json.dumps({"token": token, "model_id": 7}))
        np.savez(Path(outdir, "weights_final.npz"), np.ones(3, np.float32))

    module.extract = extract
    module.installed_methods = dict
    return module


@pytest.fixture
def watch(tmp_path):
    extracted: list = []
    module = fake_kernel_side(extracted)
    hook = audit._Watch(str(tmp_path), module, None)
    hook.extracted, hook.module = extracted, module
    yield hook
    os.close(hook.fd)


def run_as(filename: str, source: str, **names):
    """Run `source` as code from `filename` (a cell, or the recorder's own file)."""
    exec(compile(source, filename, "exec"), names)


def events(tmp_path) -> list[tuple]:
    return [(e["kind"], e["count"]) for e in audit.read_events(tmp_path)[2]]


def test_a_cell_starting_a_process_is_noted_and_a_library_doing_it_is_not(watch, tmp_path):
    """Is `subprocess.Popen` from a cell one `process` event, and the same from other code
    (here, this test's) none?"""
    watch("subprocess.Popen", ("ls", ["ls"], None, None))
    run_as(CELL, "watch('subprocess.Popen', ('ls', ['ls'], None, None))", watch=watch)
    run_as(CELL, "watch('subprocess.Popen', ('pip', ['pip', 'install', 'x'], None, None))",
           watch=watch)
    run_as(CELL, "watch('socket.connect', (None, ('10.0.0.1', 80)))", watch=watch)
    run_as(CELL, "watch('os.listdir', ('/proc',))", watch=watch)
    run_as(CELL, "watch('sys.setrecursionlimit', (100,))", watch=watch)  # not watched
    assert events(tmp_path) == [("process", 1), ("socket", 1), ("proc", 1)]
    armed, extracted, _ = audit.read_events(tmp_path)
    assert armed and not extracted


def test_the_graders_notes_are_refused_to_a_cell_and_left_to_the_kit(watch, tmp_path):
    """Does a cell opening the grader's notes folder get a PermissionError and a flag, while
    the kit's own code writes there unflagged?"""
    target = str(tmp_path / "record.json")
    with pytest.raises(PermissionError, match="record.json"):
        run_as(CELL, "watch('open', (target, 'w', 0))", watch=watch, target=target)
    run_as(watch.module.__file__, "watch('open', (target, 'w', 0))", watch=watch, target=target)
    assert events(tmp_path) == [("grader_files", 1)]


def test_monkeypatching_keras_is_noted_and_the_students_own_code_is_not(watch, tmp_path):
    """Is replacing the code of a Keras or grader function (or a Keras class's special
    attribute) noted, and the same on the student's own function or class not?"""
    keras_class = type("Model", (), {"__module__": "keras.src.models.model"})
    own_class = type("Mine", (), {"__module__": "__main__"})
    grader_function = types.FunctionType(compile("0", "x", "eval"), {}, "extract")
    grader_function.__module__ = "autograder.runner.kernel_side"
    run_as(CELL, "def mine(): pass\n"
                 "watch('object.__setattr__', (k, '__bases__', ()))\n"
                 "watch('object.__setattr__', (f, '__code__', None))\n"
                 "watch('object.__setattr__', (o, '__bases__', ()))\n"
                 "watch('object.__setattr__', (mine, '__code__', None))",
           watch=watch, k=keras_class, o=own_class, f=grader_function)
    assert events(tmp_path) == [("monkeypatch", 1), ("monkeypatch", 1)]


def test_notes_only_from_the_recorder_and_edited_notes_are_flagged(watch, tmp_path):
    """Are notes raised by other code refused, and notes edited after the recorder took them
    found at extraction?"""
    note = {"x": {"max": 255.0}}
    watch.module._STATE["fits"].append(note)
    run_as(watch.module.__file__, "watch('tfcert.note', ('fits', note))", watch=watch,
           note=json.loads(json.dumps(note)))
    run_as(CELL, "watch('tfcert.note', ('fits', {}))", watch=watch)
    note["x"]["max"] = 1.0  # the forger's edit
    token = "feedc0de"
    run_as(KERNEL_CELL, f"watch('tfcert.extract', ({{}}, outdir, {token!r}))", watch=watch,
           outdir=str(tmp_path))
    kinds = [kind for kind, _ in events(tmp_path)]
    assert kinds == ["notes_edited", "notes_edited"]
    assert watch.extracted == [token] and audit.read_events(tmp_path)[1]


def test_extraction_called_from_anything_but_the_graders_cell_is_flagged(watch, tmp_path):
    """Does the watch run its own `extract` and flag a call that does not come from a
    cell holding the token (a replaced `sys.audit` calling on)?"""
    run_as(KERNEL_CELL, "def fake(ns, out, token):\n"
                        "    watch('tfcert.extract', (ns, out, token))\n"
                        "fake({}, outdir, 'abc')", watch=watch, outdir=str(tmp_path))
    assert events(tmp_path) == [("extraction_replaced", 1)]
    assert watch.extracted == ["abc"]


def test_final_weights_from_no_recorded_fit_are_flagged(watch, tmp_path):
    """Are the extracted weights compared with those after each recorded fit or reload?"""
    recorder = watch.module.__file__
    run_as(recorder, "watch('tfcert.note', ('weights', (7, d)))", watch=watch,
           d=audit.digest([np.zeros(3, np.float32)]))
    run_as(KERNEL_CELL, "watch('tfcert.extract', ({}, outdir, 'abc'))", watch=watch,
           outdir=str(tmp_path))
    assert events(tmp_path) == [("weights_unrecorded", 1)]


def test_recorded_final_weights_and_untouched_notes_raise_nothing(watch, tmp_path):
    """Does an honest run (notes as taken, weights from its fit) leave no flag?"""
    recorder = watch.module.__file__
    note = {"x": {"max": 1.0}}
    watch.module._STATE["fits"].append(note)
    run_as(recorder, "watch('tfcert.note', ('fits', note))\n"
                     "watch('tfcert.note', ('weights', (7, d)))", watch=watch, note=note,
           d=audit.digest([np.ones(3, np.float32)]))
    run_as(KERNEL_CELL, "watch('tfcert.extract', ({}, outdir, 'abc'))", watch=watch,
           outdir=str(tmp_path))
    assert audit.read_events(tmp_path) == (True, True, [])
    assert flags.collect(tmp_path, record_genuine=True) == []


def test_keras_unwrapped_training_is_noted_only_from_the_recorders_guard(watch, tmp_path):
    """Is `tfcert.training` taken from the recorder's guard only?"""
    run_as(CELL, "watch('tfcert.training', ('TensorFlowTrainer.fit',))", watch=watch)
    run_as(watch.module.__file__, "watch('tfcert.training', ('TensorFlowTrainer.fit',))",
           watch=watch)
    assert events(tmp_path) == [("unrecorded_training", 1)]


def test_the_watch_writes_a_bounded_number_of_lines(watch, tmp_path):
    """Does a flood of events stop at MAX_LINES lines (the extraction marker still comes)?"""
    for _ in range(audit.MAX_LINES + 50):
        run_as(CELL, "watch('os.kill', (1, 0))", watch=watch)
    run_as(KERNEL_CELL, "watch('tfcert.extract', ({}, outdir, 't'))", watch=watch,
           outdir=str(tmp_path))
    armed, extracted, found = audit.read_events(tmp_path)
    assert armed and extracted and found == [
        {"kind": "signal", "detail": "os.kill: 1 0", "count": audit.MAX_LINES - 1}]


def test_flags_say_when_the_watch_or_its_extraction_is_missing(tmp_path):
    """Is a genuine record without the watch's notes, or without its extraction marker,
    flagged, and a run with no record (nothing to cross-check) not?"""
    assert flags.collect(tmp_path, record_genuine=True)[0]["kind"] == "watch_missing"
    assert flags.collect(tmp_path, record_genuine=False) == []
    (tmp_path / audit.EVENTS_NAME).write_text('{"kind": "armed"}\n')
    assert flags.collect(tmp_path, record_genuine=True)[0]["kind"] == "extraction_replaced"
    many = [{"kind": "process", "detail": str(i), "count": 2} for i in range(30)]
    kept = flags.bounded(many)
    assert len(kept) == flags.MAX_FLAGS + 1 and kept[-1] == {"kind": "more", "detail": "",
                                                              "count": 20}


def flagged_result() -> SubmissionResult:
    result = SubmissionResult("alice.ipynb", status="flagged",
                              checks=[CheckResult("layers", "passed", 15, 15, "ok")],
                              flags=[{"kind": "socket", "detail": "('1.1.1.1', 53)", "count": 2},
                                     {"kind": "weird", "detail": "", "count": 1}])
    return result


def test_a_flagged_result_in_json_csv_and_gradescope():
    """Does a flagged result keep its score and list its flags in JSON (read back the
    same), CSV and Gradescope, and an unflagged one have no `flags` field?"""
    results = GradingResults([flagged_result(), SubmissionResult("bob.ipynb")])
    data = json.loads(results.to_json())
    alice, bob = data["submissions"]
    assert alice["status"] == "flagged" and alice["score"] == 15
    assert alice["flags"][0] == {"kind": "socket", "detail": "('1.1.1.1', 53)", "count": 2}
    assert "flags" not in bob
    again = GradingResults.from_json(results.to_json())
    assert again.submissions[0].flags == results.submissions[0].flags
    assert again.submissions[0].graded and again.submissions[0].status == "flagged"
    rows = results.to_csv().splitlines()
    assert rows[0].endswith(",flags") and rows[1].endswith(",socket x2; weird x1")
    assert "flagged: 1" in results.summary()
    output = GradingResults([flagged_result()]).to_gradescope("ko")["output"]
    assert "검토 대상" in output and "네트워크 연결" in output and "(2회)" in output
    assert "weird" in GradingResults([flagged_result()]).to_gradescope()["output"]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_feedback_page_and_class_report_list_the_flags(lang, tmp_path):
    """Does the feedback page show a flags section (in the page's language), and the class
    report count the flagged submission as graded and flagged?"""
    page = render_page(flagged_result(), None, lang)
    assert 'id="flags"' in page
    assert ("opened a network connection" in page) == (lang == "en")
    facts = class_facts(GradingResults([flagged_result()]), tmp_path, None, lang)
    assert facts["graded"] == 1 and facts["flagged"] == 1
    assert len(facts["students"][0]["flags"]) == 2
