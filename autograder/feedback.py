"""One self-contained HTML feedback page per submission.

The page holds the score table (each check's message carries its hint), the learning
curves as an embedded PNG, the diagnosis in the chosen language with the other language
below, and, for a submission the grader could not run, the cause. It loads nothing: the
picture is a `data:` URI, the CSS is inline, and a Content-Security-Policy forbids scripts
and any other source. Every student-derived text is escaped.

Example:

    from autograder import feedback
    feedback.write_page(result, history, "feedback/alice.html", lang="ko")
"""

from __future__ import annotations

import base64
import html
import os
import re
from pathlib import Path

from autograder import curves
from autograder.diagnosis import diagnose
from autograder.flags import describe as describe_flag
from autograder.messages import check_lang, say
from autograder.results import SubmissionResult

CSS = """
body { font-family: system-ui, "Segoe UI", "Noto Sans KR", "Malgun Gothic",
       "Apple SD Gothic Neo", "DejaVu Sans", sans-serif; color: #1b1b1b; background: #fff;
       line-height: 1.5; max-width: 1100px; margin: 1.5em auto; padding: 0 1em; }
h1 { font-size: 1.5em; margin-bottom: .2em; } h2 { font-size: 1.2em; margin-top: 1.6em; }
.score { font-size: 1.3em; font-weight: bold; }
.meta { color: #555; margin: .2em 0; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .45em .6em;
         border-bottom: 1px solid #d9d9d9; }
th { background: #f2f2f2; } td.points { white-space: nowrap; }
.badge { display: inline-block; padding: 0 .5em; border-radius: .8em; font-size: .9em; }
.passed { background: #dcf5e3; color: #0f5a25; } .failed { background: #fde3e3; color: #8a1111; }
.error { background: #fff1cc; color: #6b4a00; }
code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; background: #f0f0f0;
       padding: 0 .25em; border-radius: 3px; font-size: .92em; }
.cause { border-left: 5px solid #c97a00; background: #fff8e6; padding: .6em 1em; }
.cause pre { white-space: pre-wrap; margin: .4em 0 0; }
img.curves { max-width: 100%; height: auto; border: 1px solid #e5e5e5; }
dl { display: grid; grid-template-columns: max-content auto; gap: .2em 1em; }
dt { color: #555; } dd { margin: 0; }
.other { color: #444; border-top: 1px solid #e5e5e5; margin-top: 1em; padding-top: .5em; }
"""

STATUS_KEYS = {"passed": "page.passed", "failed": "page.failed", "error": "page.error"}
# No scripts, no fetches: only inline styles and data: images.
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"


def _text(value) -> str:
    """Escape student-derived text; then show `backticked` code as <code>."""
    escaped = html.escape(str(value))
    return re.sub(r"`([^`\n]+)`", r"<code>\1</code>", escaped)


def _reloaded_accuracy(result: SubmissionResult) -> float | None:
    """The grader's accuracy, when it measured that the graded weights are the checkpoint's."""
    measured = result.measured
    if measured is None or not measured.holds_checkpoint or measured.accuracy is None:
        return None
    return float(measured.accuracy)


def _header(result: SubmissionResult, lang: str) -> str:
    parts = [f"<h1>{_text(say('page.title', lang, name=result.submission))}</h1>"]
    if result.checks:
        parts.append(f'<p class="score" id="score">{say("page.score", lang)}: '
                     f"{result.score:g} / {result.max_score:g}</p>")
    accuracy = result.metrics.get("val_accuracy")
    if accuracy is not None:
        parts.append(f'<p class="meta">{say("page.accuracy", lang)}: {float(accuracy):.4f}</p>')
    if result.keras_note:  # graded again under Keras 2 (`keras_versions`), in the grading language
        parts.append(f'<p class="meta" id="keras">{html.escape(result.keras_note)}</p>')
    if result.training_note:  # which path trained it (`runner.fast_path`), in the grading language
        parts.append(f'<p class="meta" id="training">{_text(result.training_note)}</p>')
    if result.flags:
        lines = "".join(f"<li>{_text(describe_flag(f, lang))}</li>" for f in result.flags)
        lead = _text(say("flag.summary", lang).replace("**", ""))
        parts.append(f'<section class="cause" id="flags"><strong>{say("flag.title", lang)}'
                     f"</strong><br>{lead}<ul>{lines}</ul></section>")
    if result.status == "error":
        parts.append(f'<section class="cause" id="error"><strong>{say("page.error_title", lang)}'
                     f'</strong><br>{say("page.error_lead", lang)}'
                     f"<pre>{html.escape(str(result.error or '?'))}</pre></section>")
    return "\n".join(parts)


def _table(result: SubmissionResult, lang: str) -> str:
    if not result.checks:
        return ""
    rows = []
    for c in result.checks:
        status = c.status if c.status in ("passed", "failed", "error") else "error"
        rows.append(f"<tr><td><code>{html.escape(c.id)}</code></td>"
                    f'<td><span class="badge {status}">{say(STATUS_KEYS[status], lang)}</span></td>'
                    f'<td class="points">{c.points:g} / {c.max_points:g}</td>'
                    f"<td>{_text(c.message)}</td></tr>")
    head = "".join(f"<th>{say(key, lang)}</th>"
                   for key in ("page.check", "page.status", "page.points", "page.message"))
    return (f'<h2>{say("page.checks", lang)}</h2>\n<table id="checks"><thead><tr>{head}</tr></thead>'
            f"<tbody>\n" + "\n".join(rows) + "\n</tbody></table>")


def _curves(history: dict | None, lang: str) -> str:
    section = f'<h2>{say("page.curves", lang)}</h2>\n<section id="curves">'
    if not history:
        return f"{section}<p>{say('page.no_history', lang)}</p></section>"
    try:
        png = curves.render_png(history, lang)
    except (ValueError, TypeError, KeyError) as exc:
        return f"{section}<p>{_text(say('page.bad_history', lang, reason=exc))}</p></section>"
    data = base64.b64encode(png).decode("ascii")
    return (f'{section}<img class="curves" src="data:image/png;base64,{data}" '
            f'alt="{say("page.curves_alt", lang)}" width="1100" height="440"></section>')


def _diagnosis(result: SubmissionResult, history: dict | None, lang: str) -> str:
    if not history:
        return ""
    try:
        d = diagnose(history, _reloaded_accuracy(result))
    except (ValueError, TypeError, KeyError):
        return ""  # _curves already says why the history is unusable
    facts = [(say("page.verdict", lang), d.label(lang))]
    if d.best_epoch is not None:
        facts.append((say("page.best_epoch", lang), say("page.best_value", lang, best=d.best_epoch,
                                                   epochs=d.epochs, loss=d.best_val_loss)))
    if d.overfitting_from is not None:
        facts.append((say("page.overfitting_from", lang), say("page.epoch_n", lang, n=d.overfitting_from)))
    if d.gap is not None:
        facts.append((say("page.final_acc", lang),
                      f"{d.final_train_acc:.4f} / {d.final_val_acc:.4f} ({d.gap:+.4f})"))
    if d.reloaded_accuracy is not None and d.best_epoch is not None:
        facts.append((say("page.reloaded", lang), f"{d.reloaded_accuracy:.4f}"))
    rows = "".join(f"<dt>{k}</dt><dd>{_text(v)}</dd>" for k, v in facts)
    other = "ko" if lang == "en" else "en"
    return (f'<h2>{say("page.diagnosis", lang)}</h2>\n<section id="diagnosis"><dl>{rows}</dl>\n'
            f'<p lang="{lang}">{_text(d.text(lang))}</p>\n'
            f'<div class="other" lang="{other}"><h3>{say("page.other", lang)}</h3>'
            f"<p>{_text(d.text(other))}</p></div></section>")


def render_page(result: SubmissionResult, history: dict | None, lang: str = "en") -> str:
    """One self-contained HTML page of feedback for `result` and its training `history`."""
    check_lang(lang)
    title = html.escape(say("page.title", lang, name=result.submission))
    body = "\n".join(part for part in (_header(result, lang), _table(result, lang),
                                       _curves(history, lang),
                                       _diagnosis(result, history, lang)) if part)
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{title}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n"
            f"</body>\n</html>\n")


def page_name(submission: str) -> str:
    """The file name of a submission's feedback page: its path with separators as '__'
    (the class report links to it by this name)."""
    stem = str(Path(submission).with_suffix(""))
    return "".join(c if c.isalnum() or c in "-_." else "_"
                   for c in stem.replace(os.sep, "__")) + ".html"


def write_page(result: SubmissionResult, history: dict | None, path,
               lang: str = "en") -> Path:
    """Write `render_page(result, history, lang)` to `path` (UTF-8); returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_page(result, history, lang), encoding="utf-8")
    return path
