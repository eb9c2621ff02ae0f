"""Grading a whole class: parallel jobs, shards, and a progress line."""

from __future__ import annotations

import concurrent.futures
import dataclasses
import multiprocessing
import os
import sys
import time

from autograder import data
from autograder.discovery import Submission
from autograder.grade import GradeOptions, grade_submission
from autograder.gradelog import GradeLog
from autograder.results import GradingResults, SubmissionResult
from autograder.runner import notebook as runner
from autograder.runner import sandbox
from autograder.scheduler import resolve_shard, threads_per_job


def shard(submissions: list, spec: str | None, env: dict | None = None) -> list:
    """This job's slice of the sorted submissions for `--shard` (`K/N`, `auto`, `auto/N`;
    see `autograder.scheduler`); all of them when `spec` is empty."""
    resolved = resolve_shard(spec, os.environ if env is None else env)
    return resolved.take(submissions) if resolved else submissions


def _grade_one(item, options: GradeOptions) -> SubmissionResult:
    """Grade one `Submission` (or `(path, name)`); the student's id goes in the result, and
    a folder discovery could not choose from becomes an error record with the reason."""
    item = Submission.of(item)
    if item.problem is not None:
        return SubmissionResult(submission=item.name, status="error", student=item.student,
                                assignment=item.assignment,
                                error=item.problem.render(options.lang))
    try:
        result = grade_submission(item.path, options, name=item.name)
    except Exception as exc:  # a grader bug on one submission must not stop the batch
        result = SubmissionResult(submission=item.name, status="error",
                                  error=f"the grader failed: {type(exc).__name__}: {exc}")
    result.student, result.assignment = item.student, item.assignment
    return result


def _progress(done: int, total: int, start: float, last: SubmissionResult) -> None:
    elapsed = time.monotonic() - start
    left = elapsed / done * (total - done)
    state = f"{last.score:g}/{last.max_score:g}" if last.graded else "error"
    print(f"[{done}/{total}] {last.submission}: {state} | {elapsed:.0f} s elapsed, "
          f"about {left:.0f} s left", file=sys.stderr, flush=True)


def grade_all(submissions: list, options: GradeOptions, jobs: int = 1,
              log: GradeLog | None = None) -> GradingResults:
    """Grade `Submission`s (or `(path, name)` pairs), `jobs` at a time, each with its share
    of threads; the results name the rubric they were graded with.

    While one submission is graded, the next one's kernel starts and imports TensorFlow
    (`GradeOptions.warm_next`), in each job. Submissions are handed out in order, so the
    last `jobs` of them start no spare kernel: there is no next one to give it to.

    With a `log`, each result is appended to it the moment it is graded, and submissions
    the log already holds (`GradeLog(..., resume=True)`) are not graded again. Grading
    folders left by a grader that was killed are removed first.
    """
    every = [Submission.of(item) for item in submissions]
    done = dict(log.done) if log else {}
    submissions = [item for item in every if item.name not in done]
    results: dict[str, SubmissionResult] = {}
    # Said once, here: the workers get what was resolved (raises SandboxError for `bwrap`
    # without a working bubblewrap, before anything is graded).
    options = dataclasses.replace(options, sandbox=sandbox.resolve(options.sandbox))
    runner.sweep_orphans()
    try:  # the test split every grade is computed with, read before any submission runs
        split = data.test_split()
    except data.DataError:
        split = None  # each submission's record says so
    start = time.monotonic()
    jobs = max(1, min(jobs, len(submissions)))
    if options.threads is None:  # the CPUs this job may use, shared by its jobs
        options = dataclasses.replace(options, threads=threads_per_job(jobs))
    warm = [dataclasses.replace(options, warm_next=index < len(submissions) - jobs)
            for index in range(len(submissions))]

    def finished(item: Submission, result: SubmissionResult) -> None:
        results[item.name] = result
        if log:
            log.append(result)
        _progress(len(results), len(submissions), start, result)

    if jobs == 1:
        for item, item_options in zip(submissions, warm):
            finished(item, _grade_one(item, item_options))
    elif submissions:
        context = multiprocessing.get_context("spawn")
        handed = {"initializer": data.keep, "initargs": (split,)} if split else {}
        with concurrent.futures.ProcessPoolExecutor(jobs, mp_context=context, **handed) as pool:
            # A worker's spare kernel goes to whichever submission it takes next (a spare
            # left over is closed when the worker exits).
            futures = {pool.submit(_grade_one, item, item_options): item
                       for item, item_options in zip(submissions, warm)}
            for future in concurrent.futures.as_completed(futures):
                item = futures[future]
                try:
                    result = future.result()
                except Exception as exc:  # the worker process itself died
                    result = SubmissionResult(
                        submission=item.name, status="error", student=item.student,
                        assignment=item.assignment, error=f"the grading worker died: {exc}")
                finished(item, result)
    return GradingResults([done.get(item.name) or results[item.name] for item in every],
                          rubric=dataclasses.asdict(options.rubric))
