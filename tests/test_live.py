"""The notebook's own self-check: `check(part)` and `check_all()` from `autograder.live`.

In the student's interpreter, as in Jupyter, VS Code or Colab (no nbgrader, no terminal):
the namespace is the notebook's globals, built here from the real data's first images.
"""

import pytest

from autograder import live
from autograder.checks import checks_for


def _lesson_namespace(real_subset, divide_by: float = 255.0) -> dict:
    """The lesson's variables before `fit` (the reference's own model, compile and
    checkpoint): the data scaled by 1/`divide_by`."""
    from reference import fashion_dnn as ref

    (x_train, y_train), (x_valid, y_valid) = real_subset
    model = ref.build_model()
    ref.compile_model(model)
    return {"x_train": x_train / divide_by, "y_train": y_train, "x_valid": x_valid / divide_by,
            "y_valid": y_valid, "model": model, "checkpoint": ref.make_checkpoint()}


def test_check_reads_the_notebooks_globals_and_prints_the_verdict(real_subset, capsys):
    """Does `check("normalization")` in a cell judge the notebook's own variables?"""
    namespace = _lesson_namespace(real_subset)
    exec("from autograder.live import check\nresult = check('normalization')", namespace)
    out = capsys.readouterr().out
    assert namespace["result"].status == "passed", out
    assert out.startswith("[normalization] 통과/passed (")


def test_check_names_what_is_wrong_without_raising(real_subset, capsys):
    """On raw pixels, does `check` print the failure and its cause (and raise nothing)?"""
    result = live.check("normalization", _lesson_namespace(real_subset, divide_by=1.0),
                        lang="en")
    out = capsys.readouterr().out
    assert result.status == "failed" and result.points == 0
    assert out.startswith("[normalization] failed (0/")
    assert "found values from 0 to 255" in out


def test_check_all_runs_every_check_once_and_prints_a_score_table(real_subset, capsys):
    """Does `check_all()` give every check of the exercise, in the table's order, with the
    grader's points and a total that adds up (before `fit`: no checkpoint to reload)?"""
    results = live.check_all(_lesson_namespace(real_subset), lang="ko")
    out = capsys.readouterr().out
    assert [r.id for r in results] == [c.id for c in checks_for("notebook", "fashion_mnist")]
    passed = {r.id for r in results if r.status == "passed"}
    assert {"normalization", "layers", "output_layer", "loss", "compile"} <= passed
    assert "checkpoint_reload" not in passed
    table = out[out.index("자가 점검"):].splitlines()
    assert len(table) == 2 + len(results) + 1
    score = sum(r.points for r in results)
    assert table[-1] == f"합계: {score:g} / {sum(r.max_points for r in results):g}"
    assert 0 < score < 100


def test_unknown_part_is_refused_with_the_known_ones(real_subset):
    """Is a misspelt part refused, naming the parts there are?"""
    with pytest.raises(ValueError, match="Expected one of .*'normalization'.*Received: "
                                         "check_id='normalisation'"):
        live.check("normalisation", _lesson_namespace(real_subset))
