"""Shards from the job scheduler, CPUs from the job's allowance, and merges that add up.

Nothing is graded: the schedulers are fake environments, the cgroups fake folders, and
the shard reports are built from `SubmissionResult`s.
"""

import json
import os
import re
from pathlib import Path

import pytest

from autograder import cli
from autograder.batch import shard
from autograder.merge import merge
from autograder.results import CheckResult, GradingResults, SubmissionResult
from autograder.rubric import DEFAULT_POINTS
from autograder.scheduler import ShardError, ShardSpec, cgroup_cpu_limit, cpus_available, \
    resolve_shard, threads_per_job

MANIFEST = Path(__file__).resolve().parent.parent / "docs" / "kubernetes-indexed-job.yaml"
RUBRIC = {"points": dict(DEFAULT_POINTS), "min_accuracy": 0.85}
CLASS = [f"s{i:02d}.ipynb" for i in range(10)]


@pytest.mark.parametrize("env, expected", [
    ({"SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "1"},
     (2, 4, "slurm")),
    # --array=0-3: Slurm counts from 0 here.
    ({"SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "0"},
     (1, 4, "slurm")),
    # --array=10-16:2 is tasks 10, 12, 14, 16.
    ({"SLURM_ARRAY_TASK_ID": "14", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "10",
      "SLURM_ARRAY_TASK_STEP": "2"}, (3, 4, "slurm")),
])
def test_slurm_array_task_gives_the_shard(env, expected):
    """Does `--shard auto` in a Slurm array task take its place in the array, however the
    array is numbered?"""
    spec = resolve_shard("auto", env)
    assert (spec.index, spec.count, spec.source) == expected
    assert "SLURM_ARRAY_TASK_ID=" in spec.describe().render("en")


def test_kubernetes_indexed_job_gives_the_shard_with_the_count_given():
    """Does `--shard auto/N` in an Indexed Job's pod take JOB_COMPLETION_INDEX (from 0)?"""
    spec = resolve_shard("auto/3", {"JOB_COMPLETION_INDEX": "0"})
    assert spec == ShardSpec(1, 3, "kubernetes", (("JOB_COMPLETION_INDEX", "0"),))
    assert spec.describe().render("en") == (
        "Grading shard 1 of 3, from the Kubernetes Indexed Job: JOB_COMPLETION_INDEX=0 "
        "(counted from 0) of the 3 given.")


def test_every_index_of_an_indexed_job_together_grades_the_class_once():
    """Do the pods of an Indexed Job of 3 completions, together, grade every submission
    exactly once?"""
    parts = [shard(CLASS, "auto/3", {"JOB_COMPLETION_INDEX": str(i)}) for i in range(3)]
    assert sorted(sum(parts, [])) == CLASS


@pytest.mark.parametrize("spec, env, message", [
    ("auto", {}, "neither SLURM_ARRAY_TASK_ID (Slurm job arrays) nor JOB_COMPLETION_INDEX"),
    ("auto", {"JOB_COMPLETION_INDEX": "1"}, "Give it: --shard auto/N"),
    ("auto", {"SLURM_ARRAY_TASK_ID": "1"}, "SLURM_ARRAY_TASK_COUNT is not"),
    ("auto/3", {"SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "4"},
     "differs from the slurm scheduler's, 4"),
    ("auto/2", {"JOB_COMPLETION_INDEX": "2"}, "Received: K=3, N=2"),
    ("auto/x", {"JOB_COMPLETION_INDEX": "0"}, "Received: N='x'"),
    ("4/3", {}, "Received: K=4, N=3"),
    ("3", {}, "Received: --shard 3"),
])
def test_shard_that_cannot_be_resolved_says_why(spec, env, message):
    """Is a `--shard` the scheduler cannot back refused with what is missing or wrong?"""
    with pytest.raises(ShardError, match=re.escape(message)):
        resolve_shard(spec, env)


def test_kubernetes_manifest_names_the_same_count_as_its_completions():
    """Does the documented Indexed Job run `--shard auto/N` with N its `completions`?"""
    import yaml

    job = yaml.safe_load(MANIFEST.read_text())
    assert job["kind"] == "Job" and job["spec"]["completionMode"] == "Indexed"
    [container] = job["spec"]["template"]["spec"]["containers"]
    command = " ".join(container["args"])
    count = int(re.search(r"--shard auto/(\d+)", command).group(1))
    assert count == job["spec"]["completions"]
    assert "${JOB_COMPLETION_INDEX}" in command  # one report per index, for merge


def test_cgroup_quota_caps_the_cpus(tmp_path):
    """Are a cgroup v2 `cpu.max`, a v1 quota, and no quota read as 1.5, 3 and None CPUs,
    and is the job given whole CPUs within both its affinity and its quota?"""
    v2, v1, unlimited = tmp_path / "v2", tmp_path / "v1", tmp_path / "none"
    v2.mkdir()
    (v2 / "cpu.max").write_text("150000 100000\n")
    (v1 / "cpu").mkdir(parents=True)
    (v1 / "cpu" / "cpu.cfs_quota_us").write_text("300000\n")
    (v1 / "cpu" / "cpu.cfs_period_us").write_text("100000\n")
    unlimited.mkdir()
    (unlimited / "cpu.max").write_text("max 100000\n")
    assert (cgroup_cpu_limit(v2), cgroup_cpu_limit(v1), cgroup_cpu_limit(unlimited)) == (
        1.5, 3.0, None)
    affinity = len(os.sched_getaffinity(0))
    assert cpus_available(v2) == 1
    assert cpus_available(v1) == min(affinity, 3)
    assert cpus_available(unlimited) == affinity


def test_affinity_mask_counts_not_the_machine(tmp_path, monkeypatch):
    """With Slurm's `--cpus-per-task=4` on a 64-core node (an affinity of 4 CPUs), is the
    job given 4 CPUs, not 64, shared by its `--jobs`; and on a whole machine is the choice
    left to TensorFlow?"""
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {4, 5, 6, 7})
    monkeypatch.setattr(os, "cpu_count", lambda: 64)
    assert cpus_available(tmp_path) == 4
    assert (threads_per_job(1, tmp_path), threads_per_job(2, tmp_path),
            threads_per_job(8, tmp_path)) == (4, 2, 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    assert threads_per_job(1, tmp_path) is None and threads_per_job(2, tmp_path) == 2


def _report(names, index=None, count=None, given=None, rubric=RUBRIC):
    submissions = [SubmissionResult(submission=name, checks=[
        CheckResult("loss", "passed", 15, 15, "ok", "loss.ok")]) for name in names]
    return GradingResults(submissions, rubric=rubric,
                          shard=None if index is None else {"index": index, "count": count,
                                                            "source": "slurm"},
                          given=list(names) if given is None else given)


def _shards(count=3):
    return [(f"part-{k}.json", _report(CLASS[k - 1::count], k, count))
            for k in range(1, count + 1)]


def test_complete_shards_merge_into_the_sorted_class():
    """Do all the shards of a batch merge into every submission once, sorted, silently?"""
    merged, problems = merge(_shards())
    assert problems == []
    assert [s.submission for s in merged.submissions] == CLASS
    assert merged.rubric == RUBRIC


def test_missing_shard_is_refused_naming_it():
    """Is a batch missing shard 2 of 3 refused, naming the shard?"""
    parts = _shards()
    merged, problems = merge([parts[0], parts[2]])
    assert merged is None
    assert [p.render("en") for p in problems] == [
        "Missing shards: 2 of 3. Grade them (or wait for their jobs), then merge again; "
        "--allow-partial merges without them."]


def test_duplicated_submissions_and_shards_are_refused_naming_them():
    """Is a shard merged twice refused, naming the shard, the submissions and the files?"""
    parts = _shards()
    again = ("copy-of-part-1.json", parts[0][1])
    merged, problems = merge([*parts, again])
    text = [p.render("en") for p in problems]
    assert merged is None
    assert "Shard 1 of 3 appears in more than one file: part-1.json, copy-of-part-1.json. " \
           "Keep one." in text
    assert text[-1].startswith("4 submission(s) are in more than one report: "
                               "s00.ipynb (part-1.json, copy-of-part-1.json), s03.ipynb")


def test_submissions_a_shard_did_not_report_are_refused():
    """Is a shard whose job stopped half-way (given 3, reported 1) refused, naming the
    submissions it lost?"""
    parts = _shards()
    path, part = parts[1]
    part.submissions = part.submissions[:1]
    merged, problems = merge(parts)
    assert merged is None
    assert problems[0].render("en") == (
        "part-2.json was given 2 submission(s) it does not report (was its job stopped?): "
        "s04.ipynb, s07.ipynb.")


def test_mixed_rubrics_are_refused_naming_what_differs():
    """Are shards graded with another threshold or other points refused, saying which?"""
    other = {"points": {**DEFAULT_POINTS, "val_accuracy": 25}, "min_accuracy": 0.8}
    parts = _shards(2)
    parts[1] = ("part-2.json", _report(CLASS[1::2], 2, 2, rubric=other))
    merged, problems = merge(parts)
    assert merged is None
    assert problems[0].render("en") == (
        "The reports were graded with different rubrics: min_accuracy=0.85, val_accuracy=15 "
        "in part-1.json; min_accuracy=0.8, val_accuracy=25 in part-2.json. Grade every shard "
        "with the same --rubric and --min-accuracy.")


def test_allow_partial_merges_anyway_keeping_each_submission_once():
    """With `allow_partial`, is a partial, overlapping batch merged, each submission once,
    and the problems still reported?"""
    parts = _shards()
    merged, problems = merge([parts[0], parts[0]], allow_partial=True)
    assert [s.submission for s in merged.submissions] == CLASS[0::3]
    assert {p.key for p in problems} == {"merge.missing_shards", "merge.same_shard",
                                        "merge.duplicates"}


def test_merge_command_exits_one_naming_the_missing_shard_then_merges_when_allowed(
        tmp_path, capsys):
    """Does `tfcert merge` exit 1 naming the missing shard, write nothing, and with
    `--allow-partial` write the merged JSON (exit 1: still incomplete)?"""
    parts = _shards()
    for path, part in (parts[0], parts[2]):
        part.write(json_path=tmp_path / path)
    inputs = [str(tmp_path / "part-1.json"), str(tmp_path / "part-3.json")]
    out = tmp_path / "all.json"
    assert cli.main(["merge", *inputs, "--json", str(out)]) == 1
    assert "Missing shards: 2 of 3" in capsys.readouterr().err and not out.exists()
    assert cli.main(["merge", *inputs, "--json", str(out), "--allow-partial",
                     "--lang", "ko"]) == 1
    assert "빠진 묶음: 3개 중 2" in capsys.readouterr().err
    merged = json.loads(out.read_text())
    assert len(merged["submissions"]) == len(CLASS[0::3]) + len(CLASS[2::3])


def test_grade_shard_auto_reports_its_shard_and_what_it_was_given(
        tmp_path, capsys, monkeypatch):
    """Does `tfcert grade --shard auto` in a Slurm task say which shard it took, grade only
    its slice, and write the shard and the submissions it was given into its JSON?"""
    import autograder.batch

    folder = tmp_path / "class"
    folder.mkdir()
    for name in CLASS:
        (folder / name).write_text("{}")
    graded = []

    def fake_grade_all(submissions, options, jobs=1, log=None):
        graded.extend(s.name for s in submissions)
        return GradingResults([SubmissionResult(submission=s.name) for s in submissions],
                              rubric=RUBRIC)

    monkeypatch.setattr(autograder.batch, "grade_all", fake_grade_all)
    monkeypatch.setenv("SLURM_ARRAY_TASK_ID", "3")
    monkeypatch.setenv("SLURM_ARRAY_TASK_COUNT", "4")
    monkeypatch.setenv("SLURM_ARRAY_TASK_MIN", "1")
    out = tmp_path / "part-3.json"
    assert cli.main(["grade", str(folder), "--shard", "auto", "--json", str(out)]) == 0
    assert "Grading shard 3 of 4, from Slurm's job array: SLURM_ARRAY_TASK_ID=3, " \
           "SLURM_ARRAY_TASK_COUNT=4, SLURM_ARRAY_TASK_MIN=1." in capsys.readouterr().err
    report = json.loads(out.read_text())
    assert report["shard"] == {"index": 3, "count": 4, "source": "slurm"}
    assert report["given"] == graded == [f"class/{name}" for name in CLASS[2::4]]
