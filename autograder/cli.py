"""The `tfcert` command: data | demo | grade | check | merge | report | gradebook |
gradescope-autograder."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from autograder.messages import LANGUAGES
from autograder.options import add_to_parser


def cmd_data(args) -> int:
    """Provide and verify the real Fashion-MNIST; print where it came from."""
    from autograder import data

    try:
        report = data.provide(allow_download=not args.no_download)
    except data.DataError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(report.describe())
    return 0


def cmd_demo(args) -> int:
    """Train the reference on the full real data (fast path), reload, evaluate, report."""
    from autograder import demo

    return demo.main(epochs=args.epochs, outdir=args.out)


def _options(args, sandbox: str = "auto"):
    from autograder.options import from_args

    return from_args(args, sandbox)


def cmd_grade(args) -> int:
    """Grade submissions; exit 0 when all were graded, 1 when any could not be."""
    from autograder.batch import grade_all
    from autograder.discovery import discover
    from autograder.messages import say
    from autograder.rubric import RubricError
    from autograder.runner.sandbox import SandboxError
    from autograder.scheduler import ShardError, resolve_shard

    try:
        options = _options(args)
        spec = resolve_shard(args.shard, os.environ)
    except ShardError as exc:
        print(f"tfcert grade: {exc.phrase.render(args.lang)}", file=sys.stderr)
        return 2
    except (RubricError, ValueError) as exc:
        print(f"tfcert grade: {exc}", file=sys.stderr)
        return 2
    if args.gradebook and not Path(args.gradebook).is_file():  # before hours of grading
        print(f"tfcert grade: {say('gradebook.missing', options.lang, path=args.gradebook)}",
              file=sys.stderr)
        return 2
    submissions = discover(args.paths)
    if not submissions:
        print(f"tfcert grade: {say('discovery.none', options.lang)}", file=sys.stderr)
        return 2
    if spec is not None:  # a shard may be empty: its (empty) report still tells merge so
        print(f"tfcert grade: {spec.describe().render(options.lang)}", file=sys.stderr)
        submissions = spec.take(submissions)
    if args.gradescope and len(submissions) > 1:
        names = ", ".join(s.name for s in submissions[:5]) + (", ..." if len(submissions) > 5
                                                               else "")
        print("tfcert grade: " + say("discovery.gradescope_several", options.lang,
                                     count=len(submissions), names=names), file=sys.stderr)
        return 2
    for submission in submissions:
        if submission.note is not None:
            print(f"{submission.name}: {submission.note.render(options.lang)}", file=sys.stderr)
    # Each run shows live, between the batch's line per finished submission: on a terminal
    # only when one job draws it (parallel jobs' live lines would overwrite each other);
    # in a log (CI, Slurm) as plain lines, each named by its submission.
    options.progress = not args.quiet and (args.jobs == 1 or not sys.stderr.isatty())
    log_path = args.log or (Path(args.json).with_suffix(".jsonl") if args.json else None)
    if args.resume and log_path is None:
        print(f"tfcert grade: {say('batch.resume_needs_log', options.lang)}", file=sys.stderr)
        return 2
    log = None
    if log_path is not None:
        from autograder.gradelog import GradeLog

        log = GradeLog(log_path, resume=args.resume)
        if args.resume:
            print("tfcert grade: " + say("batch.resumed", options.lang, path=log_path,
                                         done=sum(s.name in log.done for s in submissions),
                                         total=len(submissions), ignored=log.ignored),
                  file=sys.stderr)
    try:
        results = grade_all(submissions, options, jobs=args.jobs, log=log)
    except SandboxError as exc:
        print(f"tfcert grade: {exc.phrase.render(options.lang)}", file=sys.stderr)
        return 2
    if spec is not None:
        results.shard, results.given = spec.to_dict(), [s.name for s in submissions]
    for submission in results.submissions:
        print(submission.table())
        print()
    print(results.summary())
    try:
        results.write(args.json, args.csv, args.gradescope)
    except ValueError as exc:
        print(f"tfcert grade: {exc}", file=sys.stderr)
        return 2
    # The class report links to each student's feedback page: with --report the pages
    # are written too (into --feedback, or DIR/feedback).
    feedback_dir = args.feedback or (Path(args.report) / "feedback" if args.report else None)
    if feedback_dir:
        from autograder.feedback import page_name, write_page

        for submission in results.submissions:
            page = Path(feedback_dir) / page_name(submission.submission)
            write_page(submission, submission.history, page, args.lang)
        print(f"Feedback pages written to {feedback_dir}/")
    if args.report:
        from autograder.report import write_report

        page = write_report(results, args.report, args.lang, feedback_dir)
        print(say("report.written", args.lang, path=page))
    if args.gradebook and _to_gradebook(results, args, "tfcert grade") != 0:
        return 2
    return 1 if results.errors else 0


def _to_gradebook(results, args, command: str) -> int:
    """Write `results` into the nbgrader gradebook `args.gradebook`; say what was not."""
    from autograder.gradebook import GradebookError, write_scores
    from autograder.messages import say

    try:
        notes = write_scores(results, args.gradebook, args.gradebook_assignment,
                             args.gradebook_notebook)
    except GradebookError as exc:
        print(f"{command}: {exc.phrase.render(args.lang)}", file=sys.stderr)
        return 2
    for note in dict.fromkeys(notes):
        print(f"{command}: {note.render(args.lang)}", file=sys.stderr)
    written = sum(1 for s in results.submissions if s.graded and s.student)
    print(say("gradebook.written", args.lang, path=args.gradebook, count=written))
    return 0


def _gradebook_arguments(p) -> None:
    p.add_argument("--gradebook-assignment", metavar="NAME",
                   help="the nbgrader assignment, for submissions not found in "
                        "submitted/<student>/<assignment>/")
    p.add_argument("--gradebook-notebook", metavar="NAME",
                   help="the assignment's notebook that takes the scores (default: the one "
                        "named after the assignment)")


def _read_results(path: str, command: str):
    """The `GradingResults` of a grades JSON file, or None after saying why it cannot be
    read (on stderr, named by `command`)."""
    from autograder.results import GradingResults

    try:
        return GradingResults.from_json(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"{command}: cannot read {path}: {exc}", file=sys.stderr)
        return None


def cmd_gradebook(args) -> int:
    """Write the scores of a grades JSON file (a merged batch) into an nbgrader gradebook."""
    results = _read_results(args.results, "tfcert gradebook")
    if results is None:
        return 2
    return _to_gradebook(results, args, "tfcert gradebook")


def cmd_report(args) -> int:
    """Write the class report of a `tfcert grade --json` (or `tfcert merge`) file."""
    from autograder.messages import say
    from autograder.report import write_report

    results = _read_results(args.results, "tfcert report")
    if results is None:
        return 2
    if args.template and not Path(args.template).is_file():
        print(f"tfcert report: {say('report.no_template', args.lang, path=args.template)}",
              file=sys.stderr)
        return 2
    import jinja2

    try:
        page = write_report(results, args.dir, args.lang, args.feedback_dir, args.template)
    except jinja2.TemplateError as exc:
        print("tfcert report: " + say("report.bad_template", args.lang, path=args.template,
                                      error=f"{type(exc).__name__}: {exc}"), file=sys.stderr)
        return 2
    print(say("report.written", args.lang, path=page))
    return 0


def cmd_check(args) -> int:
    """The student's command: grade one submission, exit 0 only if every check passes."""
    from autograder.grade import grade_submission
    from autograder.rubric import RubricError

    try:
        options = _options(args, sandbox="off")  # the student's own work, on their machine
    except RubricError as exc:
        print(f"tfcert check: {exc}", file=sys.stderr)
        return 2
    options.progress = not args.quiet
    result = grade_submission(args.path, options)
    print(result.table())
    return 0 if result.all_passed else 1


def cmd_merge(args) -> int:
    """Join the JSON files of a batch's shards into one report; refuse missing shards,
    duplicated submissions and mixed rubrics (exit 1) unless `--allow-partial`."""
    from autograder.merge import merge
    from autograder.messages import say
    from autograder.results import GradingResults

    reports = []
    for path in args.inputs:
        try:
            reports.append((path, GradingResults.from_json(
                Path(path).read_text(encoding="utf-8"))))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            print(f"tfcert merge: cannot read {path}: {exc}", file=sys.stderr)
            return 2
    merged, problems = merge(reports, allow_partial=args.allow_partial)
    for problem in problems:
        print(f"tfcert merge: {problem.render(args.lang)}", file=sys.stderr)
    if merged is None:
        print(f"tfcert merge: {say('merge.refused', args.lang)}", file=sys.stderr)
        return 1
    if problems:
        print(f"tfcert merge: {say('merge.partial', args.lang)}", file=sys.stderr)
    print(merged.summary())
    merged.write(args.json, args.csv, None)
    return 1 if merged.errors or problems else 0


def cmd_gradescope_autograder(args) -> int:
    """Write Gradescope's autograder zip (setup.sh, run_autograder, the kit, settings)."""
    from autograder.gradescope import BuildError, build_zip
    from autograder.messages import say
    from autograder.rubric import RubricError

    try:
        names = build_zip(args.out, vars(args), args.assignment, args.hidden_visibility,
                          args.wheel)
    except BuildError as exc:
        print(f"tfcert gradescope-autograder: {exc.phrase.render(args.lang)}", file=sys.stderr)
        return 2
    except (RubricError, ValueError, OSError) as exc:
        print(f"tfcert gradescope-autograder: {exc}", file=sys.stderr)
        return 2
    print(say("gradescope.built", args.lang, path=args.out, files=", ".join(names)))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tfcert",
        description="Study and grading kit for the Fashion-MNIST exercise "
                    "of the TensorFlow certificate.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("data", help="provide and verify the real Fashion-MNIST")
    p.add_argument("--no-download", action="store_true",
                   help="use local sources only, never Keras' download")
    p.set_defaults(func=cmd_data)

    p = sub.add_parser("demo", help="train, reload and grade the reference on the real data")
    p.add_argument("--epochs", type=int, default=20, help="training epochs (default 20)")
    p.add_argument("--out", default="demo-output", help="folder for the demo's files")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("grade", help="grade submissions (notebooks, scripts, saved models, "
                                     "nbgrader submitted/ folders)")
    p.add_argument("paths", nargs="+", help="submission files or folders")
    p.add_argument("--json", help="write the JSON report here")
    p.add_argument("--csv", help="write one CSV row per submission here")
    p.add_argument("--gradescope", help="write Gradescope's results.json here (one submission; "
                                        "`tfcert gradescope-autograder` builds the whole "
                                        "autograder)")
    p.add_argument("--feedback", metavar="DIR",
                   help="write one HTML feedback page per submission (scores, messages, "
                        "learning curves, diagnosis) into DIR")
    p.add_argument("--report", metavar="DIR",
                   help="write the class report DIR/index.html (scores, pass rates, common "
                        "mistakes, a link to each feedback page, written to --feedback or "
                        "DIR/feedback)")
    p.add_argument("--gradebook", metavar="DB",
                   help="write the scores into this nbgrader gradebook.db (each check's "
                        "points into its test cell), for `nbgrader export` and "
                        "`generate_feedback`")
    _gradebook_arguments(p)
    p.add_argument("--log", metavar="FILE",
                   help="append each result to this JSON-lines file the moment it is graded "
                        "(default: beside --json, grades.json -> grades.jsonl)")
    p.add_argument("--resume", action="store_true",
                   help="grade only the submissions the log does not hold yet (after a "
                        "grader was killed); the report includes the logged ones")
    p.add_argument("--jobs", type=int, default=1, help="submissions graded in parallel")
    p.add_argument("--shard", default=None, metavar="K/N|auto|auto/N",
                   help="grade only the K-th of N slices of the sorted submissions (1-based); "
                        "`auto`: K and N from a Slurm job array, `auto/N`: K from a "
                        "Kubernetes Indexed Job of N completions")
    p.add_argument("-q", "--quiet", action="store_true",
                   help="no live progress (the running cell, each epoch, the time left)")
    add_to_parser(p)
    p.set_defaults(func=cmd_grade)

    p = sub.add_parser("check", help="check your own submission; exit 0 when every check passes")
    p.add_argument("path", help="your notebook, script or saved model")
    p.add_argument("-q", "--quiet", action="store_true",
                   help="no live progress (the running cell, each epoch, the time left)")
    add_to_parser(p)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("gradescope-autograder",
                       help="write Gradescope's autograder zip (setup.sh, run_autograder, "
                            "the kit, the grading options)")
    p.add_argument("out", help="the zip to write, e.g. autograder.zip")
    p.add_argument("--assignment", default="fashion_mnist",
                   help="the assignment's name: among several files, ASSIGNMENT.ipynb is "
                        "graded (default fashion_mnist)")
    p.add_argument("--hidden-visibility", default="after_published",
                   choices=["hidden", "after_due_date", "after_published", "visible"],
                   help="when students see the accuracy test (default after_published)")
    p.add_argument("--wheel", help="the kit's wheel to put in the zip (default: built from "
                                   "this source checkout)")
    add_to_parser(p)
    p.set_defaults(func=cmd_gradescope_autograder)

    p = sub.add_parser("report", help="write the class report of a grades JSON file")
    p.add_argument("results", help="JSON written by `tfcert grade --json` or `tfcert merge`")
    p.add_argument("dir", help="folder for index.html")
    p.add_argument("--feedback-dir", metavar="DIR",
                   help="the feedback pages (`tfcert grade --feedback DIR`) to link to")
    p.add_argument("--template", help="your own Jinja2 template instead of the kit's")
    p.add_argument("--lang", default="en", choices=LANGUAGES, help="language of the report")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("gradebook", help="write a grades JSON file's scores into an nbgrader "
                                         "gradebook")
    p.add_argument("results", help="JSON written by `tfcert grade --json` or `tfcert merge`")
    p.add_argument("gradebook", help="the course's gradebook.db")
    _gradebook_arguments(p)
    p.add_argument("--lang", default="en", choices=LANGUAGES, help="language of the messages")
    p.set_defaults(func=cmd_gradebook)

    p = sub.add_parser("merge", help="join the JSON reports of several shards")
    p.add_argument("inputs", nargs="+", help="JSON files written by `tfcert grade --json`")
    p.add_argument("--json", help="write the merged JSON here")
    p.add_argument("--csv", help="write the merged CSV here")
    p.add_argument("--allow-partial", action="store_true",
                   help="merge even with missing shards, duplicated submissions or mixed "
                        "rubrics (each named on stderr)")
    p.add_argument("--lang", default="en", choices=LANGUAGES, help="language of the messages")
    p.set_defaults(func=cmd_merge)
    return parser


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
