"""The class report, from hand-built results down to headless Chromium. Nothing is graded."""

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest

from browser import CHROMIUM, INSTALL_CHROMIUM, Dom, chromium

from autograder import cli, feedback, report
from autograder.results import CheckResult, GradingResults, SubmissionResult
from autograder.rubric import DEFAULT_POINTS

# Each student's failed checks, as (check id, verdict key); scores follow from the points.
CLASS = {
    "alice": [],
    "bob": [("loss", "loss.mismatch")],
    "carol": [("loss", "loss.mismatch"), ("checkpoint_reload", "checkpoint_reload.missing")],
    "dave": [("loss", "loss.mismatch"), ("normalization", "normalization.not_float")],
    "erin <i>x</i>": [("checkpoint_reload", "checkpoint_reload.missing")],
}


def _student(name, failed):
    wrong = dict(failed)
    checks = [CheckResult(cid, "failed" if cid in wrong else "passed",
                          0 if cid in wrong else pts, pts,
                          f"{cid} of {name}: <script>alert(1)</script>" if cid in wrong
                          else "ok", key=wrong.get(cid, f"{cid}.ok"))
              for cid, pts in DEFAULT_POINTS.items()]
    return SubmissionResult(submission=f"submitted/{name}/fashion_mnist/fashion_mnist.ipynb",
                            student=name, checks=checks, seconds=61.0,
                            metrics={"val_accuracy": 0.88, "best_epoch": 8, "epochs_run": 20})


def _class_results():
    students = [_student(name, failed) for name, failed in CLASS.items()]
    broken = SubmissionResult(submission="submitted/frank/fashion_mnist/fashion_mnist.ipynb",
                              student="frank", status="error",
                              error="frank's notebook is not valid JSON <line 3>")
    return GradingResults(students + [broken])


@pytest.fixture
def written(tmp_path):
    """The class's feedback pages and its report, as `tfcert grade --report` writes them."""
    results = _class_results()
    pages = tmp_path / "class" / "feedback"
    for s in results.submissions:
        feedback.write_page(s, None, pages / feedback.page_name(s.submission))
    index = report.write_report(results, tmp_path / "class", "en", pages)
    return results, index


def test_most_common_mistakes_are_counted_by_verdict_key_with_an_example():
    """Are failures counted by verdict key, most common first, each with a message?"""
    facts = report.class_facts(_class_results(), Path("."), None)
    assert [(f["key"], f["count"]) for f in facts["failures"]] == [
        ("loss.mismatch", 3), ("checkpoint_reload.missing", 2), ("normalization.not_float", 1)]
    assert facts["failures"][0]["example"].startswith("loss of bob:")
    loss = next(r for r in facts["rates"] if r["check"] == "loss")
    assert (loss["passed"], loss["of"]) == (2, 5)
    assert facts["graded"] == 5 and [e["name"] for e in facts["errors"]] == ["frank"]


def test_report_escapes_names_and_messages_and_links_each_feedback_page(written):
    """Are student names and messages escaped, and does each row link to its page?"""
    results, index = written
    page = index.read_text(encoding="utf-8")
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "erin &lt;i&gt;x&lt;/i&gt;" in page
    assert "frank&#39;s notebook is not valid JSON &lt;line 3&gt;" in page
    links = [s["link"] for s in report.class_facts(results, index.parent,
                                                   index.parent / "feedback")["students"]]
    assert all(link.startswith("feedback/submitted__") for link in links)
    assert all((index.parent / link).is_file() for link in links)


def test_korean_report_and_an_instructors_template(tmp_path, capsys):
    """Does `tfcert report --lang ko` write Korean, and `--template` an instructor's own
    page from the same facts?"""
    grades = tmp_path / "grades.json"
    _class_results().write(json_path=grades)
    assert cli.main(["report", str(grades), str(tmp_path / "ko"), "--lang", "ko"]) == 0
    page = (tmp_path / "ko" / "index.html").read_text(encoding="utf-8")
    assert "학급 채점 보고서" in page and "가장 흔한 실수" in page and "페이지 없음" in page
    mine = tmp_path / "mine.html.j2"
    mine.write_text("<h1>{{ words.title }}</h1>{% for s in facts.students %}"
                    "<p>{{ s.name }}={{ s.score }}</p>{% endfor %}")
    assert cli.main(["report", str(grades), str(tmp_path / "mine"), "--template",
                     str(mine)]) == 0
    text = (tmp_path / "mine" / "index.html").read_text(encoding="utf-8")
    assert text.startswith("<h1>Class report</h1><p>alice=100") and "erin &lt;i&gt;" in text
    assert cli.main(["report", str(grades), str(tmp_path / "x"), "--template",
                     str(tmp_path / "missing.j2")]) == 2
    assert "missing.j2 (not a file)" in capsys.readouterr().err
    mine.write_text("{{ facts.no_such_fact }}")
    assert cli.main(["report", str(grades), str(tmp_path / "x"), "--template",
                     str(mine)]) == 2
    assert "cannot be rendered: UndefinedError" in capsys.readouterr().err


def test_grade_report_writes_feedback_pages_and_the_report(tmp_path, monkeypatch):
    """Does `tfcert grade --report DIR` write DIR/index.html and the feedback pages it
    links to (in DIR/feedback without --feedback)?"""
    import autograder.batch

    (tmp_path / "class").mkdir()
    for name in ("a.ipynb", "b.ipynb"):
        (tmp_path / "class" / name).write_text("{}")
    monkeypatch.setattr(autograder.batch, "grade_all", lambda subs, options, jobs=1, log=None:
                        GradingResults([dataclasses.replace(_student("x", []), student=None,
                                                            submission=s.name) for s in subs]))
    out = tmp_path / "out"
    assert cli.main(["grade", str(tmp_path / "class"), "--report", str(out)]) == 0
    assert sorted(p.name for p in (out / "feedback").iterdir()) == [
        "class__a.html", "class__b.html"]
    assert 'href="feedback/class__a.html"' in (out / "index.html").read_text()


def test_a_class_nobody_could_be_graded_in_says_so():
    """With only ungradable submissions, does the report say there are no scores, and
    list the causes, without pictures?"""
    results = GradingResults([SubmissionResult(submission="a.ipynb", status="error",
                                               error="empty notebook")])
    page = report.render_report(results, ".")
    assert "No submission could be graded" in page and "empty notebook" in page
    assert "data:image/png" not in page


def test_browser_loads_the_report_its_histogram_and_its_links(written, tmp_path):
    """In headless Chromium: does the report load with its two pictures decoded (the
    histogram's blue in the screenshot), and does each link open that student's page?"""
    if CHROMIUM is None:
        pytest.fail(f"Headless Chromium is needed to render the report. Install it with: "
                    f"{INSTALL_CHROMIUM}", pytrace=False)
    import matplotlib.image

    results, index = written
    dom = Dom()
    dom.feed(chromium(tmp_path, "--dump-dom", index.as_uri()))
    images = [attrs for tag, attrs in dom.tags if tag == "img"]
    assert [i["src"][:22] for i in images] == ["data:image/png;base64,"] * 2
    assert "script" not in [tag for tag, _ in dom.tags]
    text = " ".join("".join(dom.chunks).split())
    assert "loss.mismatch" in text and "frank's notebook is not valid JSON <line 3>" in text
    links = [attrs["href"] for tag, attrs in dom.tags if tag == "a"]
    assert len(links) == len(results.submissions)
    target = (index.parent / links[1]).resolve()
    assert target.is_file()
    opened = Dom()
    opened.feed(chromium(tmp_path, "--dump-dom", target.as_uri()))
    assert "Feedback: submitted/bob/fashion_mnist/fashion_mnist.ipynb" in "".join(opened.chunks)

    shot = tmp_path / "shot.png"
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=1200,1600", index.as_uri())
    pixels = (matplotlib.image.imread(shot)[:, :, :3] * 255).round().astype(int)
    for color in (report.BAR_COLOR, report.PASS_COLOR):
        rgb = np.array([int(color[i:i + 2], 16) for i in (1, 3, 5)])
        assert (np.abs(pixels - rgb).max(axis=2) <= 12).sum() > 500, color


def test_report_reads_the_json_tfcert_merge_writes(tmp_path):
    """Is a merged JSON (schema 2) and an old array (schema 1) both turned into a report?"""
    grades = tmp_path / "grades.json"
    _class_results().write(json_path=grades)
    old = tmp_path / "old.json"
    old.write_text(json.dumps(json.loads(grades.read_text())["submissions"]))
    for path in (grades, old):
        assert cli.main(["report", str(path), str(tmp_path / path.stem)]) == 0
        assert "loss.mismatch" in (tmp_path / path.stem / "index.html").read_text()
