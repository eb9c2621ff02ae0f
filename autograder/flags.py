"""Tamper flags: what the kernel's tamper watch saw, as the grader reports it.

The watch (`runner/audit.py`) writes one JSON line per event to the run's notes folder;
`collect` reads them back, adds the grader's own cross-check (a record whose extraction
the watch did not run), and returns at most `MAX_FLAGS` flags `{"kind", "detail",
"count"}`. A submission with flags is still graded; its status is `"flagged"` (see the
README, Trust), and every report lists its flags with `describe`.
"""

from __future__ import annotations

from autograder.messages import say
from autograder.runner import audit

MAX_FLAGS = 20  # distinct (kind, detail) pairs kept per submission; the rest are counted
# Kind -> catalog key (literal keys: the catalog's test finds them here).
KEYS = {
    "process": "flag.process", "signal": "flag.signal", "socket": "flag.socket",
    "ctypes": "flag.ctypes", "introspection": "flag.introspection",
    "monkeypatch": "flag.monkeypatch", "proc": "flag.proc", "grader_files": "flag.grader_files",
    "notes_edited": "flag.notes_edited", "weights_unrecorded": "flag.weights_unrecorded",
    "recorder_replaced": "flag.recorder_replaced",
    "extraction_replaced": "flag.extraction_replaced",
    "unrecorded_training": "flag.unrecorded_training", "watch_missing": "flag.watch_missing",
    "more": "flag.more",
}
UNKNOWN = "flag.unknown"


def collect(outdir, record_genuine: bool) -> list[dict]:
    """The flags of one run whose notes folder is `outdir`. `record_genuine`: the
    extraction's record carries the run's token (`evidence.from_extraction`)."""
    armed, extracted, events = audit.read_events(outdir)
    if record_genuine and not armed:
        events.append({"kind": "watch_missing", "detail": "", "count": 1})
    elif record_genuine and not extracted:
        events.append({"kind": "extraction_replaced", "detail": "", "count": 1})
    return bounded(events)


def bounded(flags: list[dict]) -> list[dict]:
    """At most MAX_FLAGS flags, the rest summed up in one `more` flag."""
    kept = [dict(kind=str(f["kind"])[:40], detail=str(f.get("detail", ""))[:audit.MAX_DETAIL],
                 count=int(f.get("count", 1))) for f in flags[:MAX_FLAGS]]
    rest = sum(int(f.get("count", 1)) for f in flags[MAX_FLAGS:])
    if rest:
        kept.append({"kind": "more", "detail": "", "count": rest})
    return kept


def describe(flag: dict, lang: str = "en") -> str:
    """One line about one flag: what was seen, how many times, and its detail."""
    what = say(KEYS.get(flag["kind"], UNKNOWN), lang, kind=flag["kind"])
    return say("flag.line", lang, what=what, count=flag["count"], detail=flag["detail"] or "-")


def summary(flags: list[dict], lang: str = "en") -> str:
    """The lead sentence and one line per flag (Markdown list)."""
    return "\n".join([say("flag.summary", lang)] + [f"- {describe(f, lang)}" for f in flags])
