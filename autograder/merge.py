"""Joining the JSON of a batch's shards into one report, refusing what does not add up.

Each shard's JSON names its shard (`{"index", "count", "source"}`), the submissions it
was given and the rubric it graded with (`autograder.results`). `merge` refuses:

- missing shards (an index of 1..N without a file), and submissions a shard was given
  but did not report (a job killed half-way);
- the same submission in two reports (a shard run twice, or overlapping inputs);
- shards that disagree on the number of shards or on the rubric.

Each problem is a catalog `Phrase` naming what is wrong. With `allow_partial` the
reports are joined anyway (a duplicated submission is kept once, from the first file
that has it) and the problems are warnings.

Example:

    merged, problems = merge([("part-1.json", part1), ("part-2.json", part2)])
"""

from __future__ import annotations

import json

from autograder.messages import Phrase
from autograder.results import GradingResults


def _names(items, limit: int = 8) -> str:
    items = list(items)
    return ", ".join(map(str, items[:limit])) + (f", ... ({len(items)} in all)"
                                                  if len(items) > limit else "")


def _shard_problems(reports: list[tuple[str, GradingResults]]) -> list[Phrase]:
    sharded = [(path, r) for path, r in reports if r.shard]
    if not sharded:
        return []
    counts = {r.shard["count"] for _, r in sharded}
    if len(counts) > 1:
        return [Phrase.of("merge.mixed_counts", counts=_names(sorted(counts)),
                          files=_names(f"{path} ({r.shard['index']}/{r.shard['count']})"
                                       for path, r in sharded))]
    count = counts.pop()
    seen: dict[int, list[str]] = {}
    for path, r in sharded:
        seen.setdefault(r.shard["index"], []).append(path)
    problems = []
    missing = [index for index in range(1, count + 1) if index not in seen]
    if missing:
        problems.append(Phrase.of("merge.missing_shards", missing=_names(missing), count=count))
    for index, paths in sorted(seen.items()):
        if len(paths) > 1:
            problems.append(Phrase.of("merge.same_shard", index=index, count=count,
                                      files=_names(paths)))
    return problems


def _unreported(reports: list[tuple[str, GradingResults]]) -> list[Phrase]:
    problems = []
    for path, r in reports:
        if r.given is not None:
            reported = {s.submission for s in r.submissions}
            lost = [name for name in r.given if name not in reported]
            if lost:
                problems.append(Phrase.of("merge.unreported", file=path, names=_names(lost),
                                          n=len(lost)))
    return problems


def _duplicates(reports: list[tuple[str, GradingResults]]) -> list[Phrase]:
    where: dict[str, list[str]] = {}
    for path, r in reports:
        for s in r.submissions:
            where.setdefault(s.submission, []).append(path)
    twice = {name: paths for name, paths in where.items() if len(paths) > 1}
    if not twice:
        return []
    return [Phrase.of("merge.duplicates", n=len(twice),
                      names=_names(f"{name} ({', '.join(paths)})"
                                   for name, paths in sorted(twice.items())))]


def _rubric_problems(reports: list[tuple[str, GradingResults]]) -> list[Phrase]:
    rubrics: dict[str, list[str]] = {}
    for path, r in reports:
        if r.rubric is not None:
            rubrics.setdefault(json.dumps(r.rubric, sort_keys=True), []).append(path)
    if len(rubrics) <= 1:
        return []
    flat = {rubric: {"min_accuracy": json.loads(rubric)["min_accuracy"],
                     **json.loads(rubric)["points"]} for rubric in rubrics}
    differ = sorted({name for values in flat.values() for name in values
                     if len({str(v.get(name)) for v in flat.values()}) > 1})
    groups = [", ".join(f"{name}={flat[rubric].get(name)}" for name in differ)
              + f" in {_names(paths, 4)}" for rubric, paths in rubrics.items()]
    return [Phrase.of("merge.mixed_rubrics", groups="; ".join(groups))]


def merge(reports: list[tuple[str, GradingResults]],
          allow_partial: bool = False) -> tuple[GradingResults | None, list[Phrase]]:
    """Join `(file name, results)` reports: `(merged, problems)`; merged is None when there
    are problems and `allow_partial` is False."""
    problems = (_shard_problems(reports) + _unreported(reports) + _duplicates(reports)
                + _rubric_problems(reports))
    if problems and not allow_partial:
        return None, problems
    merged, kept = GradingResults(), set()
    for _, r in reports:
        for s in r.submissions:
            if s.submission not in kept:
                kept.add(s.submission)
                merged.submissions.append(s)
        merged.rubric = merged.rubric or r.rubric
    merged.submissions.sort(key=lambda s: s.submission)
    return merged, problems
