"""The class report: one `index.html` an instructor opens after grading a class.

It shows a histogram of the scores and each check's pass rate (embedded PNGs, drawn with
matplotlib in the report's language), the most common failures by verdict key with one
example message each, every student's row linked to their feedback page, and the
submissions that could not be graded with their cause.

The page is rendered from a Jinja2 template with autoescaping
(`autograder/templates/class_report.html.j2`; `template=` takes an instructor's own).
The template receives plain data and sentences already rendered from the catalog
(`report.*` keys), so a restyled template stays bilingual without holding any text.

Example:

    from autograder import report
    report.write_report(results, "class/", lang="ko", feedback_dir="class/feedback")
"""

from __future__ import annotations

import base64
import collections
import io
import os
import statistics
from pathlib import Path

from autograder import curves
from autograder.feedback import CSP, page_name
from autograder.flags import describe as describe_flag
from autograder.messages import check_lang, say
from autograder.results import PASSED, GradingResults

TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE = "class_report.html.j2"
TOP_FAILURES = 10
BAR_COLOR, PASS_COLOR = "#1f77b4", "#2ca02c"
# The page's words: a template name -> its catalog key.
WORDS = {
    "title": "report.title", "submissions": "report.submissions", "graded": "report.graded",
    "errors": "report.errors", "mean": "report.mean", "median": "report.median",
    "histogram": "report.histogram", "histogram_alt": "report.histogram_alt",
    "pass_rates": "report.pass_rates", "pass_rates_alt": "report.pass_rates_alt",
    "check": "report.check", "passed": "report.passed", "rate": "report.rate",
    "failures": "report.failures", "key": "report.key", "count": "report.count",
    "example": "report.example", "no_failures": "report.no_failures",
    "students": "report.students", "student": "report.student", "score": "report.score",
    "status": "report.status", "accuracy": "report.accuracy", "seconds": "report.seconds",
    "feedback": "report.feedback", "no_page": "report.no_page",
    "not_graded": "report.not_graded", "cause": "report.cause", "none_graded": "report.none_graded",
    "status_graded": "report.status_graded", "status_error": "report.status_error",
    "status_flagged": "flag.status", "flagged": "flag.count",
}


def _png(fig) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def histogram_png(scores: list[float], max_score: float, lang: str) -> str:
    """The scores' histogram as a `data:` URI (ten bins over 0..max_score)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    fig_lang = curves.figure_language(lang)
    with curves.fonts(fig_lang):
        fig = Figure(figsize=(7, 3.6), dpi=100, layout="constrained")
        FigureCanvasAgg(fig)
        ax = fig.subplots()
        top = max_score or max(scores + [1])
        ax.hist(scores, bins=[top * i / 10 for i in range(11)], color=BAR_COLOR,
                edgecolor="white", gid="scores")
        ax.set_xlim(0, top)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel(say("report.score_axis", fig_lang, max=f"{top:g}"))
        ax.set_ylabel(say("report.count_axis", fig_lang))
        ax.grid(alpha=0.3, axis="y")
        return _png(fig)


def pass_rates_png(rates: list[tuple[str, float]], lang: str) -> str:
    """Each check's pass rate as horizontal bars, as a `data:` URI."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig_lang = curves.figure_language(lang)
    with curves.fonts(fig_lang):
        fig = Figure(figsize=(7, 0.45 * len(rates) + 1.2), dpi=100, layout="constrained")
        FigureCanvasAgg(fig)
        ax = fig.subplots()
        names = [name for name, _ in rates][::-1]
        values = [100 * rate for _, rate in rates][::-1]
        ax.barh(names, values, color=PASS_COLOR, gid="pass_rates")
        for y, value in enumerate(values):
            ax.text(min(value + 1, 88), y, f"{value:.0f}%", va="center", fontsize="small")
        ax.set_xlim(0, 100)
        ax.set_xlabel(say("report.rate_axis", fig_lang))
        ax.grid(alpha=0.3, axis="x")
        return _png(fig)


def class_facts(results: GradingResults, report_dir: Path,
                feedback_dir: Path | None, lang: str = "en") -> dict:
    """What the page shows, as plain data (numbers, names, messages, relative links)."""
    graded = [s for s in results.submissions if s.graded]  # flagged ones too
    scores = [s.score for s in graded]
    max_score = max((s.max_score for s in graded), default=0)
    rates = []
    for check_id in results.check_ids():
        outcomes = [c.status == PASSED for s in graded for c in s.checks if c.id == check_id]
        if outcomes:
            rates.append((check_id, sum(outcomes) / len(outcomes), sum(outcomes),
                          len(outcomes)))
    failures: collections.Counter = collections.Counter()
    example: dict = {}
    for s in graded:
        for c in s.checks:
            if c.status != PASSED:
                key = c.key or c.id
                failures[key] += 1
                example.setdefault(key, (c.id, c.message))
    students = []
    for s in sorted(results.submissions, key=lambda s: s.row_name):
        page = feedback_dir / page_name(s.submission) if feedback_dir else None
        link = (Path(os.path.relpath(page, report_dir)).as_posix()
                if page is not None and page.is_file() else None)
        students.append({"name": s.row_name, "submission": s.submission, "status": s.status,
                         "score": s.score, "max_score": s.max_score,
                         "accuracy": s.metrics.get("val_accuracy"), "seconds": s.seconds,
                         "link": link, "graded": s.graded,
                         "flags": [describe_flag(f, lang) for f in s.flags]})
    return {
        "count": len(results.submissions), "graded": len(graded),
        "flagged": sum(1 for s in graded if s.flags),
        "errors": [{"name": s.row_name, "submission": s.submission, "cause": s.error}
                   for s in results.errors],
        "mean": sum(scores) / len(scores) if scores else None,
        "median": statistics.median(scores) if scores else None,
        "max_score": max_score, "scores": scores,
        "rates": [{"check": cid, "rate": rate, "passed": passed, "of": n}
                  for cid, rate, passed, n in rates],
        "failures": [{"key": key, "count": n, "check": example[key][0],
                      "example": example[key][1]}
                     for key, n in failures.most_common(TOP_FAILURES)],
        "students": students,
    }


def render_report(results: GradingResults, report_dir: str | Path, lang: str = "en",
                  feedback_dir: str | Path | None = None,
                  template: str | Path | None = None) -> str:
    """The class report's HTML; links point from `report_dir` to pages in `feedback_dir`."""
    import jinja2

    check_lang(lang)
    report_dir = Path(report_dir)
    facts = class_facts(results, report_dir, Path(feedback_dir) if feedback_dir else None,
                        lang)
    words = {name: say(key, lang) for name, key in WORDS.items()}
    pictures = {}
    if facts["scores"]:
        pictures["histogram"] = histogram_png(facts["scores"], facts["max_score"], lang)
        pictures["pass_rates"] = pass_rates_png(
            [(r["check"], r["rate"]) for r in facts["rates"]], lang)
    folder, name = ((Path(template).parent, Path(template).name) if template
                    else (TEMPLATES, TEMPLATE))
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)),
                             autoescape=True, undefined=jinja2.StrictUndefined)
    return env.get_template(name).render(lang=lang, csp=CSP, words=words, facts=facts,
                                         pictures=pictures)


def write_report(results: GradingResults, report_dir: str | Path, lang: str = "en",
                 feedback_dir: str | Path | None = None,
                 template: str | Path | None = None) -> Path:
    """Write `report_dir/index.html` (UTF-8); returns its path."""
    report_dir = Path(report_dir)
    report_dir.mkdir(parents=True, exist_ok=True)
    page = report_dir / "index.html"
    page.write_text(render_report(results, report_dir, lang, feedback_dir, template),
                    encoding="utf-8")
    return page
