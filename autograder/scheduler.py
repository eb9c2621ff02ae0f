"""What a cluster's job scheduler tells a grading job: its shard, and the CPUs it may use.

`--shard K/N` is typed; `--shard auto` reads the task's index and count from the scheduler:

- Slurm job arrays (`sbatch --array=1-4`): `SLURM_ARRAY_TASK_ID`, counted from
  `SLURM_ARRAY_TASK_MIN` in steps of `SLURM_ARRAY_TASK_STEP`, of
  `SLURM_ARRAY_TASK_COUNT`;
- Kubernetes Indexed Jobs (`completionMode: Indexed`): `JOB_COMPLETION_INDEX` (from 0);
  Kubernetes does not tell a pod the Job's `completions`, so the count is given:
  `--shard auto/N`.

The CPUs a job may use are those of its affinity mask (`os.sched_getaffinity`: Slurm's
`--cpus-per-task`, `taskset`) capped by its cgroup's CPU quota (a container's or a pod's
`limits.cpu`), not `os.cpu_count()`, which counts the whole machine.

Example:

    spec = resolve_shard("auto", os.environ)   # ShardSpec(index=2, count=4, source="slurm")
    mine = spec.take(submissions)
"""

from __future__ import annotations

import dataclasses
import math
import os
from pathlib import Path

from autograder.messages import Phrase

AUTO = "auto"
CGROUP = Path("/sys/fs/cgroup")
SOURCE_KEYS = {"given": "shard.given", "slurm": "shard.slurm", "kubernetes": "shard.kubernetes"}


class ShardError(ValueError):
    """`--shard` cannot be resolved; the message (a catalog `Phrase`) says why."""

    def __init__(self, phrase: Phrase):
        super().__init__(str(phrase))
        self.phrase = phrase


@dataclasses.dataclass(frozen=True)
class ShardSpec:
    """The `index`-th (1-based) of `count` slices, and where that came from."""

    index: int
    count: int
    source: str = "given"  # "given" (K/N typed), "slurm" or "kubernetes"
    variables: tuple = ()  # the environment variables read, as (name, value)

    def take(self, submissions: list) -> list:
        """This shard's slice of the sorted submissions: every `count`-th from `index`."""
        return submissions[self.index - 1::self.count]

    def to_dict(self) -> dict:
        return {"index": self.index, "count": self.count, "source": self.source}

    def describe(self) -> Phrase:
        """Which shard this is and how it was known, for the instructor's log."""
        read = ", ".join(f"{name}={value}" for name, value in self.variables)
        return Phrase.of(SOURCE_KEYS[self.source], index=self.index, count=self.count, read=read)


def _int(text: str | None, name: str, spec: str) -> int:
    try:
        return int(text)
    except (TypeError, ValueError):
        raise ShardError(Phrase.of("shard.not_a_number", name=name, value=text,
                                   spec=spec)) from None


def resolve_shard(spec: str | None, env: dict) -> ShardSpec | None:
    """`--shard` (`K/N`, `auto` or `auto/N`) as a `ShardSpec`; None when not sharding."""
    if not spec:
        return None
    head, _, tail = spec.partition("/")
    if head == AUTO:
        given_count = _int(tail, "N", spec) if tail else None
        found = _from_slurm(env, spec) or _from_kubernetes(env, given_count, spec)
        if found is None:
            raise ShardError(Phrase.of("shard.no_scheduler", spec=spec))
        if given_count is not None and found.count != given_count:
            raise ShardError(Phrase.of("shard.count_differs", spec=spec, count=found.count,
                                       source=found.source))
    else:
        if not tail:
            raise ShardError(Phrase.of("shard.syntax", spec=spec))
        found = ShardSpec(_int(head, "K", spec), _int(tail, "N", spec))
    if not 1 <= found.index <= found.count:
        raise ShardError(Phrase.of("shard.out_of_range", index=found.index, count=found.count,
                                   spec=spec))
    return found


def _from_slurm(env: dict, spec: str) -> ShardSpec | None:
    if "SLURM_ARRAY_TASK_ID" not in env:
        return None
    names = ("SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT", "SLURM_ARRAY_TASK_MIN",
             "SLURM_ARRAY_TASK_STEP")
    read = tuple((name, env[name]) for name in names if name in env)
    if "SLURM_ARRAY_TASK_COUNT" not in env:
        raise ShardError(Phrase.of("shard.slurm_no_count", spec=spec))
    task = _int(env["SLURM_ARRAY_TASK_ID"], "SLURM_ARRAY_TASK_ID", spec)
    count = _int(env["SLURM_ARRAY_TASK_COUNT"], "SLURM_ARRAY_TASK_COUNT", spec)
    first = _int(env.get("SLURM_ARRAY_TASK_MIN", "1"), "SLURM_ARRAY_TASK_MIN", spec)
    step = _int(env.get("SLURM_ARRAY_TASK_STEP", "1"), "SLURM_ARRAY_TASK_STEP", spec)
    return ShardSpec((task - first) // max(step, 1) + 1, count, "slurm", read)


def _from_kubernetes(env: dict, count: int | None, spec: str) -> ShardSpec | None:
    if "JOB_COMPLETION_INDEX" not in env:
        return None
    if count is None:
        raise ShardError(Phrase.of("shard.kubernetes_no_count", spec=spec,
                                   index=env["JOB_COMPLETION_INDEX"]))
    index = _int(env["JOB_COMPLETION_INDEX"], "JOB_COMPLETION_INDEX", spec)
    return ShardSpec(index + 1, count, "kubernetes",
                     (("JOB_COMPLETION_INDEX", env["JOB_COMPLETION_INDEX"]),))


def _own_cgroup(root: Path) -> Path:
    """This process's cgroup v2 folder under `root` (`0::/path` in /proc/self/cgroup); in a
    container, whose cgroup namespace starts at its own cgroup, `root` itself."""
    try:
        for line in Path("/proc/self/cgroup").read_text().splitlines():
            if line.startswith("0::"):
                own = root / line[3:].strip().lstrip("/")
                return own if (own / "cpu.max").is_file() else root
    except OSError:
        pass
    return root


def cgroup_cpu_limit(root: Path = CGROUP) -> float | None:
    """The CPUs this process's cgroup may use (quota / period), or None without a quota.

    cgroup v2: `cpu.max` ("max 100000" or "150000 100000"); v1: `cpu/cpu.cfs_quota_us`
    (-1 without a quota) and `cpu/cpu.cfs_period_us`.
    """
    try:
        quota, period = (_own_cgroup(root) / "cpu.max").read_text().split()[:2]
        return None if quota == "max" else int(quota) / int(period)
    except (OSError, ValueError):
        pass
    try:
        quota = int((root / "cpu" / "cpu.cfs_quota_us").read_text())
        period = int((root / "cpu" / "cpu.cfs_period_us").read_text())
        return None if quota <= 0 or period <= 0 else quota / period
    except (OSError, ValueError):
        return None


def cpus_available(root: Path = CGROUP) -> int:
    """Whole CPUs this job may use: its affinity mask, capped by its cgroup quota (>= 1)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        cpus = os.cpu_count() or 1
    limit = cgroup_cpu_limit(root)
    if limit is not None:
        cpus = min(cpus, math.floor(limit))
    return max(1, cpus)


def threads_per_job(jobs: int = 1, root: Path = CGROUP) -> int | None:
    """Threads for each of `jobs` parallel gradings: the CPUs this job may use, shared;
    None (TensorFlow's own choice) when one grading may use the whole machine."""
    allowed = cpus_available(root)
    if jobs <= 1 and allowed >= (os.cpu_count() or 1):
        return None
    return max(1, allowed // max(jobs, 1))
