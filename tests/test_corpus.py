"""The grader against its corpus: wrong, alternative, malformed and hostile submissions.

Every submission in `tests/corpus/` (and the saved models `make_saved_models.py` writes
at test time) is graded once, in its own kernel, on a subset of the real Fashion-MNIST
(2 epochs on the first 2,000 training images, validation on 1,000; the grader's accuracy
is computed on all 10,000 test images, minimum 0.60), two at a time as `tfcert grade
--jobs 2` does. Each submission's `*.expect.json` says what the grader must conclude:
the status, and for every check its status and a part of its message. The corpus is
defined in `tests/corpus/make_corpus.py`; `docs/corpus.md` lists it.

The batch runs in the kit's default sandbox (bubblewrap where it works): the hostile
submissions try to get out of it, and the tests check that the kit's files and the data
are unchanged, that no process of the run is left, and that the grader's loopback server
was never reached.
"""

from __future__ import annotations

import collections
import concurrent.futures
import hashlib
import importlib.util
import json
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest

from autograder import data
from autograder.batch import grade_all
from autograder.grade import GradeOptions
from autograder.rubric import Rubric
from autograder.runner import forkserver, sandbox

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
DOCS = ROOT / "docs" / "corpus.md"
BUDGET = {"epochs": 2, "n_train": 2000, "n_valid": 1000, "timeout": 120.0}
MIN_ACCURACY = 0.6
RUN_ENV = "TFCERT_CORPUS_RUN"  # marks the processes of one corpus run
PORT_ENV = "TFCERT_CORPUS_PORT"  # the grader's loopback server hostile_network tries
REGENERATE = ".venv/bin/python tests/corpus/make_corpus.py --docs"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, CORPUS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_corpus = _load("make_corpus")
make_saved_models = _load("make_saved_models")
EXPECTATIONS = make_corpus.load_expectations()
# Lesson-era submissions (issue 15) are graded a second time under `--keras 3`: their
# expectation's `keras3` part; the result is named `KERAS3_NAME.format(file)`.
KERAS3_RUNS = {file: e["keras3"] for file, e in EXPECTATIONS.items() if "keras3" in e}
KERAS3_NAME = "{} (--keras 3)"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != "__pycache__")


def _options(**overrides) -> GradeOptions:
    settings = {**BUDGET, **overrides}
    return GradeOptions(rubric=Rubric.load(min_accuracy=MIN_ACCURACY), **settings)


@pytest.fixture(scope="module")
def saved_models(tmp_path_factory, real_data_dir) -> Path:
    """The folder where make_saved_models.py wrote the saved-model submissions."""
    saved = tmp_path_factory.mktemp("saved_models")
    subprocess.run([sys.executable, str(CORPUS / "make_saved_models.py"), str(saved)],
                   check=True, capture_output=True, timeout=600)
    return saved


def _outside_files() -> dict[str, str]:
    """What no submission may change: the kit's modules and the data (Keras cache, Debian)."""
    files = sorted((ROOT / "autograder").rglob("*.py"))
    for folder in (data.keras_cache_dir(), data.DEBIAN_DIR):
        files += [folder / name for name in data.FILES if (folder / name).is_file()]
    return {str(path): _sha256(path) for path in files}


def _processes_of(run: str) -> list[psutil.Process]:
    """The processes started for this corpus run (their environment carries `run`)."""
    found = []
    for process in psutil.process_iter():
        try:
            if process.environ().get(RUN_ENV) == run and "resource_tracker" not in " ".join(
                    process.cmdline()):  # multiprocessing's, which lives as long as pytest
                found.append(process)
        except psutil.Error:
            pass
    return found


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, saved_models):
    """Grade the whole corpus once, with a server on the grader's 127.0.0.1 that no
    submission should reach; note every file's hash before and after, and the processes
    of this run that are left."""
    saved = saved_models
    paths = {file: (saved if expectation.get("generated") else CORPUS) / file
             for file, expectation in EXPECTATIONS.items()}
    listings = {CORPUS: _listing(CORPUS), saved: _listing(saved)}
    before = {file: _sha256(path) for file, path in paths.items()}
    outside = _outside_files()
    groups = collections.defaultdict(list)  # submissions that need their own options
    for file, expectation in EXPECTATIONS.items():
        groups[json.dumps(expectation.get("options", {}), sort_keys=True)].append(
            (paths[file], file))
    for file in KERAS3_RUNS:
        options = {**EXPECTATIONS[file].get("options", {}), "keras": "3"}
        groups[json.dumps(options, sort_keys=True)].append((paths[file],
                                                            KERAS3_NAME.format(file)))
    run = secrets.token_hex(8)
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.2)
    reached, serving = [], threading.Event()

    def serve():
        while not serving.is_set():
            try:
                reached.append(server.accept())
            except OSError:
                pass

    threading.Thread(target=serve, daemon=True).start()
    results = {}
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv(RUN_ENV, run)  # every driver and kernel inherits it
            patch.setenv(PORT_ENV, str(server.getsockname()[1]))  # hostile_network's target
            # The groups run side by side: the endless loop's short time limit overlaps the
            # rest.
            with concurrent.futures.ThreadPoolExecutor(len(groups)) as pool:
                batches = [pool.submit(grade_all, submissions, _options(**json.loads(options)),
                                       2)
                           for options, submissions in sorted(groups.items())]
                for batch in batches:
                    results.update({s.submission: s for s in batch.result().submissions})
        keras3 = {file: results.pop(KERAS3_NAME.format(file)) for file in KERAS3_RUNS}
    finally:
        serving.set()
        server.close()
    forkserver.stop_all()  # the grader's own (it carries the run's environment too)
    time.sleep(1)  # a box's last processes are reaped by the kernel
    left = _processes_of(run)
    for process in left:  # reported by the test; not left on the developer's machine
        process.kill()
    return {"paths": paths, "before": before, "after": {f: _sha256(p) for f, p in paths.items()},
            "listings": listings, "results": results, "saved": saved, "keras3": keras3,
            "outside": (outside, _outside_files()), "reached": reached,
            "left": [process.pid for process in left]}


def test_the_corpus_covers_every_kind_of_submission():
    """Are there at least 30 submissions: wrong, correct variants, malformed and hostile
    (10 of them trying to get out of the sandbox)?"""
    counts = collections.Counter(e["category"] for e in EXPECTATIONS.values())
    assert len(EXPECTATIONS) >= 30
    assert counts["wrong"] >= 22 and counts["variant"] >= 7
    assert counts["malformed"] >= 8 and counts["hostile"] >= 20
    suffixes = {Path(file).suffix for file in EXPECTATIONS}
    assert suffixes == {".ipynb", ".py", ".keras", ".h5"}


def test_the_committed_corpus_is_what_its_generator_writes():
    """Is every committed submission and expectation exactly what make_corpus.py writes?"""
    for name, entry in make_corpus.CORPUS.items():
        assert (CORPUS / entry["file"]).read_bytes() == make_corpus.submission_bytes(name, entry), \
            f"{entry['file']} differs from make_corpus.py; run {REGENERATE}"
    for file, expectation in make_corpus.all_expectations().items():
        committed = json.loads(make_corpus.expect_path(file).read_text(encoding="utf-8"))
        assert committed == {"submission": file, **expectation}, \
            f"{file}'s expectation differs from make_corpus.py; run {REGENERATE}"
    assert set(EXPECTATIONS) == set(make_corpus.all_expectations())


def test_every_submission_yields_a_record(corpus):
    """Does the batch finish with one graded, flagged or error record per submission?"""
    assert set(corpus["results"]) == set(EXPECTATIONS)
    for result in corpus["results"].values():
        assert result.status in {"graded", "flagged", "error"}
        assert (result.error is None) == result.graded
        assert bool(result.flags) == (result.status == "flagged") or result.status == "error"


@pytest.mark.parametrize("file", sorted(EXPECTATIONS))
def test_submission_gets_its_expected_outcome(corpus, file):
    """Does the grader reach the expected status, and each check its expected verdict?"""
    expected, result = EXPECTATIONS[file], corpus["results"][file]
    assert result.status == expected["status"], result.table()
    assert sorted({flag["kind"] for flag in result.flags}) == expected.get("flags", []), \
        result.table()
    if expected["status"] == "error":
        assert expected["error"] in result.error
        assert result.checks == []
        return
    # issue 15: code valid on Keras 3 is graded on its Keras 3 run under `--keras auto` (no
    # rerun), the lesson-era code under Keras 2 (its `keras`); saved models run no code.
    if not expected.get("generated"):
        assert result.keras == expected.get("keras", "3"), result.table()
    if "training" in expected:  # issue 17: which path trained it, and why
        assert {k: (result.training or {}).get(k) for k in expected["training"]} == \
            expected["training"], result.table()
    found = {check.id: check for check in result.checks}
    assert list(found) == list(expected["checks"]), result.table()
    for check_id, (status, gist) in expected["checks"].items():
        check = found[check_id]
        assert (check.status, gist in check.message) == (status, True), \
            f"{check_id}: expected {status} with {gist!r}\n{result.table()}"
        assert check.points == (check.max_points if status == "passed" else 0)


def _expect_outcome(expected: dict, result) -> None:
    assert result.status == expected["status"], result.table()
    if expected["status"] == "error":
        assert expected["error"] in result.error
        return
    found = {check.id: check for check in result.checks}
    assert list(found) == list(expected["checks"]), result.table()
    for check_id, (status, gist) in expected["checks"].items():
        assert (found[check_id].status, gist in found[check_id].message) == (status, True), \
            f"{check_id}: expected {status} with {gist!r}\n{result.table()}"


@pytest.mark.parametrize("file", sorted(KERAS3_RUNS))
def test_lesson_era_code_is_graded_under_keras2_by_default_and_keras3_when_asked(corpus, file):
    """Is lesson-era code graded again under Keras 2 by default (`keras: "2"`, a note with
    the Keras 3 fix), and on Keras 3 alone with `--keras 3`?"""
    default, keras3 = corpus["results"][file], corpus["keras3"][file]
    assert default.keras == EXPECTATIONS[file]["keras"] == "2", default.table()
    assert default.keras_note.startswith("Written for tf.keras 2") and "On Keras 3" in \
        default.keras_note
    assert keras3.keras == "3" and keras3.keras_note is None, keras3.table()
    _expect_outcome(KERAS3_RUNS[file], keras3)


def test_no_honest_submission_is_flagged(corpus):
    """Does the tamper watch leave every correct variant, every wrong and every malformed
    submission unflagged (TensorBoard, pandas, seeds, threads, tf.data, Colab imports)?"""
    honest = [f for f, e in EXPECTATIONS.items() if e["category"] != "hostile"]
    assert len(honest) >= 40
    flagged = {f: corpus["results"][f].flags for f in honest if corpus["results"][f].flags}
    assert flagged == {}


def test_correct_variants_get_full_marks(corpus):
    """Does every correct variant score its full marks?"""
    variants = [f for f, e in EXPECTATIONS.items() if e["category"] == "variant"]
    assert len(variants) >= 7
    for file in variants:
        result = corpus["results"][file]
        assert result.status == "graded" and result.score == result.max_score > 0, result.table()


def test_each_wrong_submission_fails_a_check_and_keeps_most_points(corpus):
    """Does each one-part-wrong submission lose points, but keep those of the right parts?"""
    for file, expectation in EXPECTATIONS.items():
        if expectation["category"] == "wrong":
            result = corpus["results"][file]
            failed = [c.id for c in result.checks if c.status != "passed"]
            assert 1 <= len(failed) <= 4, result.table()
            assert 0 < result.score < result.max_score


def test_accuracy_is_the_graders_own_whatever_the_submission_reports(corpus):
    """Do faked `evaluate` results and overwritten validation data leave the accuracy alone?"""
    for file in ("hostile_fake_evaluate.ipynb", "hostile_overwrite_validation.ipynb"):
        result = corpus["results"][file]
        # trained on 30 images; the notebook itself reports 0.99 or 1.0
        assert result.metrics["val_accuracy"] < 0.5, result.table()


def test_grading_leaves_every_submission_byte_identical(corpus):
    """Is every submission file byte-identical after grading (SHA-256)?"""
    changed = [f for f in corpus["before"] if corpus["before"][f] != corpus["after"][f]]
    assert changed == []


def test_grading_writes_nothing_beside_the_submissions(corpus):
    """Are the corpus folders' listings unchanged (no checkpoint or report left there)?"""
    for folder, listing in corpus["listings"].items():
        assert _listing(folder) == listing


def test_code_in_a_saved_model_never_runs(corpus):
    """Does the grader refuse the `Lambda` in a `.keras` file without ever running it?"""
    assert corpus["results"]["saved_lambda_code.keras"].status == "graded"
    assert not (corpus["saved"] / make_saved_models.LAMBDA_MARKER).exists()


def test_no_process_is_left_behind(corpus):
    """After the batch, is every process it started gone: the kernel stuck in C code past
    its time limit, the double-forked daemon, the thread flood's?"""
    assert corpus["results"]["hostile_infinite_loop.ipynb"].status == "error"
    assert corpus["left"] == []


def test_no_submission_changed_the_kit_or_the_data(corpus):
    """Are the kit's modules and the data files (Keras cache, Debian's) byte-identical?"""
    before, after = corpus["outside"]
    assert [path for path in before if before[path] != after.get(path)] == []


def test_no_submission_reached_the_graders_loopback(corpus):
    """Did no submission connect to the server on the grader's 127.0.0.1?"""
    assert corpus["reached"] == []


@pytest.mark.skipif(sandbox.problem() is not None, reason="bubblewrap cannot box here")
def test_every_submission_that_ran_was_boxed(corpus):
    """Does every result whose code ran record the bubblewrap box, and the others none?"""
    refused = ("is empty", "is not a valid Jupyter notebook", "has no code cells",
               "is not UTF-8 text")  # before anything runs
    for file, result in corpus["results"].items():
        ran = Path(file).suffix in (".ipynb", ".py") and not any(
            reason in (result.error or "") for reason in refused)
        assert result.sandbox == ("bwrap" if ran else None), (file, result.sandbox)


def _row_checks(expected: dict, result) -> dict:
    checks = {}
    for check in result.checks:
        gist = expected["checks"].get(check.id, [None, ""])[1]
        checks[check.id] = [check.status, gist if gist in check.message else check.message]
    return checks


def _page_rows(results, keras3_results) -> dict[str, dict]:
    """The docs page's rows from the grader's results (gists where they hold)."""
    rows = {}
    for file, expected in EXPECTATIONS.items():
        if file in KERAS3_RUNS:
            result = keras3_results[file]
            rows.setdefault(file, {})["keras3"] = {
                "status": result.status, "error": result.error, "keras": result.keras,
                "checks": _row_checks(KERAS3_RUNS[file], result)}
        result = results[file]
        error = result.error
        if error is not None and expected["error"] and expected["error"] in error:
            error = expected["error"]
        checks = {}
        for check in result.checks:
            gist = expected["checks"].get(check.id, [None, ""])[1]
            checks[check.id] = [check.status, gist if gist in check.message else check.message]
        rows.setdefault(file, {}).update(
            category=expected["category"], about=expected["about"], status=result.status,
            error=error, checks=checks)
        if result.flags:
            rows[file]["flags"] = sorted({flag["kind"] for flag in result.flags})
    return rows


def test_docs_page_lists_the_corpus_as_graded(corpus, tmp_path):
    """Does docs/corpus.md list every submission with what the grader concluded?"""
    page = make_corpus.render_docs(_page_rows(corpus["results"], corpus["keras3"]))
    (tmp_path / "corpus.md").write_text(page, encoding="utf-8")
    assert DOCS.read_text(encoding="utf-8") == page, \
        f"docs/corpus.md is out of date (new page: {tmp_path / 'corpus.md'}); run {REGENERATE}"
    assert page == make_corpus.render_docs(EXPECTATIONS)


def _tfcert(*args: str) -> subprocess.CompletedProcess:
    command = Path(sys.executable).with_name("tfcert")
    prefix = [str(command)] if command.exists() else [sys.executable, "-m", "autograder.cli"]
    args = (*args, "--min-accuracy", str(MIN_ACCURACY))
    return subprocess.run([*prefix, *args], capture_output=True, text=True, timeout=600,
                          env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2"))


def test_tfcert_grade_exits_one_when_a_submission_cannot_be_graded(saved_models, tmp_path):
    """Does `tfcert grade` exit 1 with a malformed file among good ones, 0 without it?"""
    good = [str(saved_models / "saved_model.keras"), str(saved_models / "saved_nan_weights.keras")]
    report = tmp_path / "with_error.json"
    done = _tfcert("grade", *good, str(CORPUS / "empty.ipynb"), "--json", str(report))
    assert done.returncode == 1, done.stderr[-2000:]
    records = {Path(r["submission"]).name: r
               for r in json.loads(report.read_text(encoding="utf-8"))["submissions"]}
    assert {name: r["status"] for name, r in records.items()} == {
        "saved_model.keras": "graded", "saved_nan_weights.keras": "graded", "empty.ipynb": "error"}
    assert "is empty" in records["empty.ipynb"]["error"]

    report = tmp_path / "all_graded.json"
    done = _tfcert("grade", *good, "--json", str(report))
    assert done.returncode == 0, done.stderr[-2000:]
    records = json.loads(report.read_text(encoding="utf-8"))["submissions"]
    assert len(records) == 2
    for record in records:
        assert set(record) == {"submission", "student", "assignment", "status", "error",
                               "score", "max_score", "seconds", "tfcert_version", "sandbox",
                               "keras", "keras_note", "training", "training_note", "checks",
                               "metrics"}
        assert set(record["metrics"]) == {"val_accuracy", "best_epoch", "epochs_run"}
        assert record["score"] == sum(c["points"] for c in record["checks"])
        for check in record["checks"]:
            assert set(check) == {"id", "status", "points", "max_points", "message", "key"}
    failed = {Path(r["submission"]).name: [c["id"] for c in r["checks"] if c["status"] != "passed"]
              for r in records}
    assert failed == {"saved_model.keras": [], "saved_nan_weights.keras": ["val_accuracy"]}
