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
import re
from pathlib import Path

from autograder import curves
from autograder.diagnosis import diagnose
from autograder.results import PASSED, SubmissionResult

LANGUAGES = curves.LANGUAGES

UI = {
    "title": {"en": "Feedback: {name}", "ko": "피드백: {name}"},
    "score": {"en": "Score", "ko": "점수"},
    "accuracy": {"en": "Accuracy computed by the grader", "ko": "채점기가 계산한 정확도"},
    "best_of": {"en": "Best epoch (lowest val_loss, kept by the checkpoint)",
                "ko": "가장 좋은 epoch (val_loss 최저, 체크포인트가 저장)"},
    "error_title": {"en": "The grader could not grade this submission",
                    "ko": "채점기가 이 제출물을 채점하지 못했습니다"},
    "error_lead": {"en": "This is not a judgement of your work: the grader could not run it. "
                         "Cause:",
                   "ko": "작업에 대한 평가가 아니라, 채점기가 실행하지 못한 것입니다. 원인:"},
    "checks": {"en": "Checks", "ko": "채점 항목"},
    "check": {"en": "Check", "ko": "항목"},
    "status": {"en": "Status", "ko": "결과"},
    "points": {"en": "Points", "ko": "점수"},
    "message": {"en": "Message and hint", "ko": "메시지와 힌트"},
    "passed": {"en": "passed", "ko": "통과"},
    "failed": {"en": "failed", "ko": "실패"},
    "error": {"en": "error", "ko": "오류"},
    "curves": {"en": "Learning curves", "ko": "학습 곡선"},
    "curves_alt": {"en": "Training and validation loss and accuracy per epoch",
                   "ko": "epoch별 학습/검증 손실과 정확도"},
    "no_history": {"en": "No training history was recorded, so there are no learning curves.",
                   "ko": "학습 기록(history)이 없어 학습 곡선을 그릴 수 없습니다."},
    "bad_history": {"en": "The training history could not be drawn: {reason}",
                    "ko": "학습 기록(history)을 그릴 수 없습니다: {reason}"},
    "diagnosis": {"en": "Diagnosis", "ko": "진단"},
    "verdict": {"en": "Verdict", "ko": "판정"},
    "best_epoch": {"en": "Best epoch", "ko": "가장 좋은 epoch"},
    "best_value": {"en": "epoch {best} of {epochs} (val_loss {loss:.4f})",
                   "ko": "{epochs} epoch 중 {best}번째 (val_loss {loss:.4f})"},
    "overfitting_from": {"en": "Overfitting from", "ko": "과대적합 시작"},
    "epoch_n": {"en": "epoch {n}", "ko": "{n}번째 epoch"},
    "final_acc": {"en": "Last epoch accuracy (training / validation)",
                  "ko": "마지막 epoch 정확도 (학습 / 검증)"},
    "reloaded": {"en": "Accuracy after reloading the checkpoint",
                 "ko": "체크포인트를 다시 불러온 후 정확도"},
    "other": {"en": "한국어", "ko": "English"},
}

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

# No scripts, no fetches: only inline styles and data: images.
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"


def _ui(key: str, lang: str, **params) -> str:
    return UI[key][lang].format(**params)


def _text(value) -> str:
    """Escape student-derived text; then show `backticked` code as <code>."""
    escaped = html.escape(str(value))
    return re.sub(r"`([^`\n]+)`", r"<code>\1</code>", escaped)


def _reloaded_accuracy(result: SubmissionResult) -> float | None:
    """The grader's accuracy, when the checks show it is that of the reloaded checkpoint."""
    reloaded = any(c.id == "checkpoint_reload" and c.status == PASSED for c in result.checks)
    value = result.metrics.get("val_accuracy")
    return float(value) if reloaded and value is not None else None


def _header(result: SubmissionResult, lang: str) -> str:
    parts = [f"<h1>{_text(_ui('title', lang, name=result.submission))}</h1>"]
    if result.checks:
        parts.append(f'<p class="score" id="score">{_ui("score", lang)}: '
                     f"{result.score:g} / {result.max_score:g}</p>")
    accuracy = result.metrics.get("val_accuracy")
    if accuracy is not None:
        parts.append(f'<p class="meta">{_ui("accuracy", lang)}: {float(accuracy):.4f}</p>')
    if result.status == "error":
        parts.append(f'<section class="cause" id="error"><strong>{_ui("error_title", lang)}'
                     f'</strong><br>{_ui("error_lead", lang)}'
                     f"<pre>{html.escape(str(result.error or '?'))}</pre></section>")
    return "\n".join(parts)


def _table(result: SubmissionResult, lang: str) -> str:
    if not result.checks:
        return ""
    rows = []
    for c in result.checks:
        status = c.status if c.status in ("passed", "failed", "error") else "error"
        rows.append(f"<tr><td><code>{html.escape(c.id)}</code></td>"
                    f'<td><span class="badge {status}">{_ui(status, lang)}</span></td>'
                    f'<td class="points">{c.points:g} / {c.max_points:g}</td>'
                    f"<td>{_text(c.message)}</td></tr>")
    head = "".join(f"<th>{_ui(k, lang)}</th>" for k in ("check", "status", "points", "message"))
    return (f'<h2>{_ui("checks", lang)}</h2>\n<table id="checks"><thead><tr>{head}</tr></thead>'
            f"<tbody>\n" + "\n".join(rows) + "\n</tbody></table>")


def _curves(history: dict | None, lang: str) -> str:
    section = f'<h2>{_ui("curves", lang)}</h2>\n<section id="curves">'
    if not history:
        return f"{section}<p>{_ui('no_history', lang)}</p></section>"
    try:
        png = curves.render_png(history, lang)
    except (ValueError, TypeError, KeyError) as exc:
        return f"{section}<p>{_text(_ui('bad_history', lang, reason=exc))}</p></section>"
    data = base64.b64encode(png).decode("ascii")
    return (f'{section}<img class="curves" src="data:image/png;base64,{data}" '
            f'alt="{_ui("curves_alt", lang)}" width="1100" height="440"></section>')


def _diagnosis(result: SubmissionResult, history: dict | None, lang: str) -> str:
    if not history:
        return ""
    try:
        d = diagnose(history, _reloaded_accuracy(result))
    except (ValueError, TypeError, KeyError):
        return ""  # _curves already says why the history is unusable
    facts = [(_ui("verdict", lang), d.label(lang))]
    if d.best_epoch is not None:
        facts.append((_ui("best_epoch", lang), _ui("best_value", lang, best=d.best_epoch,
                                                   epochs=d.epochs, loss=d.best_val_loss)))
    if d.overfitting_from is not None:
        facts.append((_ui("overfitting_from", lang), _ui("epoch_n", lang, n=d.overfitting_from)))
    if d.gap is not None:
        facts.append((_ui("final_acc", lang),
                      f"{d.final_train_acc:.4f} / {d.final_val_acc:.4f} ({d.gap:+.4f})"))
    if d.reloaded_accuracy is not None and d.best_epoch is not None:
        facts.append((_ui("reloaded", lang), f"{d.reloaded_accuracy:.4f}"))
    rows = "".join(f"<dt>{k}</dt><dd>{_text(v)}</dd>" for k, v in facts)
    other = "ko" if lang == "en" else "en"
    return (f'<h2>{_ui("diagnosis", lang)}</h2>\n<section id="diagnosis"><dl>{rows}</dl>\n'
            f'<p lang="{lang}">{_text(d.text(lang))}</p>\n'
            f'<div class="other" lang="{other}"><h3>{_ui("other", lang)}</h3>'
            f"<p>{_text(d.text(other))}</p></div></section>")


def render_page(result: SubmissionResult, history: dict | None, lang: str = "en") -> str:
    """One self-contained HTML page of feedback for `result` and its training `history`."""
    if lang not in LANGUAGES:
        raise ValueError(f"Unknown language. Expected one of {LANGUAGES}. Received: lang={lang!r}")
    title = html.escape(_ui("title", lang, name=result.submission))
    body = "\n".join(part for part in (_header(result, lang), _table(result, lang),
                                       _curves(history, lang),
                                       _diagnosis(result, history, lang)) if part)
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{title}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n"
            f"</body>\n</html>\n")


def write_page(result: SubmissionResult, history: dict | None, path,
               lang: str = "en") -> Path:
    """Write `render_page(result, history, lang)` to `path` (UTF-8); returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_page(result, history, lang), encoding="utf-8")
    return path
