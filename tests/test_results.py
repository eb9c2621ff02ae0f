"""Reports, rubric and class-level helpers: plain data, no training."""

import csv
import io
import json

import pytest

from autograder import __version__
from autograder.batch import shard
from autograder.results import SCHEMA_VERSION, CheckResult, GradingResults, SubmissionResult
from autograder.rubric import DEFAULT_POINTS, Rubric, RubricError


def _result(name="alice.ipynb", failed=("loss",), student=None):
    checks = [CheckResult(cid, "failed" if cid in failed else "passed",
                          0 if cid in failed else pts, pts, f"message of {cid}",
                          key=f"{cid}.{'mismatch' if cid in failed else 'ok'}")
              for cid, pts in DEFAULT_POINTS.items()]
    return SubmissionResult(submission=name, checks=checks, seconds=12.5, student=student,
                            metrics={"val_accuracy": 0.88, "best_epoch": 8, "epochs_run": 20})


def test_default_rubric_totals_one_hundred():
    """Do the default points add up to 100 with a 0.85 threshold?"""
    rubric = Rubric.load()
    assert sum(rubric.points.values()) == 100
    assert rubric.min_accuracy == 0.85


def test_rubric_toml_overrides_points_and_threshold(tmp_path):
    """Does an instructor's TOML override points and min_accuracy, and the CLI flag win?"""
    path = tmp_path / "rubric.toml"
    path.write_text("min_accuracy = 0.87\n[points]\nval_accuracy = 25\ncompile = 0\n")
    rubric = Rubric.load(path)
    assert rubric.points["val_accuracy"] == 25 and rubric.points["compile"] == 0
    assert rubric.min_accuracy == 0.87
    assert Rubric.load(path, min_accuracy=0.5).min_accuracy == 0.5


@pytest.mark.parametrize("text, message", [
    ("[points]\nlayer = 3\n", "Unknown names in the rubric"),
    ("[points]\nloss = -1\n", "Points must be a number >= 0"),
    ("min_accuracy = 3\n", "min_accuracy must be between 0 and 1"),
    ("min_accuracy = \n", "Cannot read the rubric"),
])
def test_bad_rubric_is_refused_with_the_reason(tmp_path, text, message):
    """Is a wrong rubric refused with a message naming what is wrong?"""
    path = tmp_path / "rubric.toml"
    path.write_text(text)
    with pytest.raises(RubricError, match=message):
        Rubric.load(path)


def test_exam_rubric_scores_only_the_graders_accuracy(tmp_path, monkeypatch):
    """Does `--rubric exam` score a CNN on its accuracy alone, the other checks as advice?"""
    import evidence_builders as b
    from autograder.checks import checks_for, run_check
    from autograder.model_spec import LayerSpec, ModelSpec

    monkeypatch.chdir(tmp_path)  # no file named `exam` here: the kit's rubric
    rubric = Rubric.load("exam")
    assert rubric.points["val_accuracy"] == 100 and sum(rubric.points.values()) == 100
    layers = (LayerSpec("Conv2D", filters=32, kernel_size=(3, 3), activation="relu"),
              LayerSpec("Flatten"), LayerSpec("Dense", units=10, activation="softmax"))
    cnn = b.lesson(model=ModelSpec((28, 28, 1), layers, layers))
    results = {c.id: run_check(c, cnn, b.measured(accuracy=0.91), rubric.points[c.id])
               for c in checks_for("notebook")}
    assert results["layers"].status == "failed" and results["layers"].max_points == 0
    assert "found Conv2D(32, (3, 3)" in results["layers"].message  # still said, as advice
    assert sum(r.points for r in results.values()) == 100
    low = run_check(checks_for("notebook")[-1], cnn, b.measured(accuracy=0.80), 100)
    assert (low.id, low.points) == ("val_accuracy", 0)
    (tmp_path / "exam").write_text("min_accuracy = 0.5\n")  # a file of that name wins
    assert Rubric.load("exam").min_accuracy == 0.5


def test_scores_are_sums_of_check_points():
    """Are score and max_score the sums of the checks' points?"""
    result = _result()
    assert (result.score, result.max_score) == (85, 100)
    assert not result.all_passed
    assert _result(failed=()).all_passed


def test_json_round_trip_keeps_everything():
    """Does a report read back from JSON equal the one written?"""
    results = GradingResults([_result(), _result("bob.ipynb", failed=())])
    again = GradingResults.from_json(results.to_json())
    assert again.to_json() == results.to_json()


def test_json_names_its_schema_and_each_submission_its_student_seconds_and_version():
    """Does the JSON carry schema_version, and per submission the student, seconds, the
    kit's version and each check's verdict key?"""
    data = json.loads(GradingResults([_result(student="alice")],
                                     rubric={"points": dict(DEFAULT_POINTS),
                                             "min_accuracy": 0.85}).to_json())
    assert data["schema_version"] == SCHEMA_VERSION == 2
    assert data["tfcert_version"] == __version__
    assert data["rubric"]["min_accuracy"] == 0.85 and data["shard"] is None
    [record] = data["submissions"]
    assert (record["student"], record["seconds"], record["tfcert_version"]) == (
        "alice", 12.5, __version__)
    loss = next(c for c in record["checks"] if c["id"] == "loss")
    assert loss["key"] == "loss.mismatch"


def test_schema_1_array_is_still_read():
    """Is the bare array older versions wrote read, with the facts it lacks left unknown?"""
    old = [{"submission": "a.ipynb", "status": "graded", "error": None, "score": 10,
            "max_score": 10, "checks": [{"id": "loss", "status": "passed", "points": 10,
                                         "max_points": 10, "message": "ok"}],
            "metrics": {"val_accuracy": 0.9}}]
    [result] = GradingResults.from_json(json.dumps(old)).submissions
    assert (result.score, result.student, result.seconds, result.checks[0].key) == (
        10, None, None, None)
    assert result.tfcert_version == "unknown"


@pytest.mark.parametrize("text, message", [
    ('{"schema_version": 99, "submissions": []}', "Received: schema_version=99"),
    ('{"grades": []}', r"Received: \['grades'\]"),
    ('"grades"', "Received: str"),
])
def test_unknown_json_is_refused_naming_what_was_found(text, message):
    """Is JSON from a newer kit, or not from `tfcert grade`, refused saying what it holds?"""
    with pytest.raises(ValueError, match=message):
        GradingResults.from_json(text)


def test_csv_has_one_row_per_student_one_column_per_check_then_total():
    """Does the CSV start each row with the student, then each check's points, then the
    total, so it pastes into a spreadsheet?"""
    results = GradingResults([_result("submitted/alice/fm/fm.ipynb", student="alice"),
                              _result("bob.ipynb", failed=())])
    rows = list(csv.reader(io.StringIO(results.to_csv())))
    ids = list(DEFAULT_POINTS)
    assert rows[0][:len(ids) + 2] == ["student", *ids, "total"]
    assert len(set(rows[0])) == len(rows[0])  # each column named once
    assert [row[0] for row in rows[1:]] == ["alice", "bob.ipynb"]
    assert rows[1][ids.index("loss") + 1] == "0"
    assert float(rows[1][len(ids) + 1]) == 85 and float(rows[2][len(ids) + 1]) == 100


def test_gradescope_results_follow_gradescopes_format():
    """Does the Gradescope export have score and tests with name/score/max_score/status?"""
    exported = GradingResults([_result()]).to_gradescope()
    assert exported["score"] == 85
    loss = next(t for t in exported["tests"] if t["name"] == "loss")
    assert loss == {"name": "loss", "number": "4", "score": 0, "max_score": 15,
                    "status": "failed", "output": "message of loss", "output_format": "md",
                    "visibility": "visible"}
    json.dumps(exported)
    with pytest.raises(ValueError, match="one submission"):
        GradingResults([_result(), _result("b")]).to_gradescope()


def test_error_record_shows_its_cause_in_every_report():
    """Does a submission that could not be graded carry its cause into the reports?"""
    broken = SubmissionResult(submission="carol.ipynb", status="error",
                              error="carol.ipynb is empty")
    results = GradingResults([_result(), broken])
    assert "could not grade carol.ipynb: carol.ipynb is empty" in results.summary()
    assert "carol.ipynb is empty" in results.to_csv()
    assert "ERROR: carol.ipynb is empty" in broken.table()
    assert results.errors == [broken]


def test_shards_partition_the_sorted_submissions():
    """Do the N shards together hold every submission exactly once?"""
    items = [(f"s{i}", f"s{i}") for i in range(10)]
    parts = [shard(items, f"{k}/3") for k in (1, 2, 3)]
    assert sorted(sum(parts, [])) == sorted(items)
    assert shard(items, None) == items
    for bad in ("0/3", "4/3", "two/3", "3"):
        with pytest.raises(ValueError, match="--shard"):
            shard(items, bad)
