"""What the grader knows about a submission, as validated plain data.

`Evidence` is read from the folder the extraction step wrote (or from a saved model
file) and checked on the way in: JSON is parsed as data, arrays are loaded without pickle,
the model config becomes a `ModelSpec` of allowed layers, files are looked up only inside
the submission's scratch folder, sizes are checked before anything is read into memory,
and the extraction record must carry the token of this run. Checks read nothing else.
"""

from __future__ import annotations

import dataclasses
import json
import zipfile
from pathlib import Path

import numpy as np

from autograder import checkpoint_file
from autograder.evaluate import MAX_PARAMETERS
from autograder.model_spec import ModelSpec, ModelSpecError, parse_model_config
from autograder.runner.notebook import CellError, RunOutcome, SubmissionError, \
    expected_token, read_json

MAX_ARRAYS = 64
# Weights of the largest model the grader rebuilds, in float32, with room for file overhead.
MAX_WEIGHT_BYTES = 4 * MAX_PARAMETERS + 16 * 2**20
MAX_CONFIG_BYTES = 16 * 2**20


@dataclasses.dataclass
class Evidence:
    """Plain data about one submission; every field may be missing."""

    kind: str  # "notebook" | "script" | "saved_model"
    run: RunOutcome | None = None
    model: ModelSpec | None = None
    model_problem: str | None = None
    compile: dict | None = None
    fit: dict | None = None          # the last call to fit (the one that trained the model)
    fits: list = dataclasses.field(default_factory=list)
    load_weights: list = dataclasses.field(default_factory=list)
    checkpoint_errors: list = dataclasses.field(default_factory=list)
    history: dict = dataclasses.field(default_factory=dict)
    weights_final: list | None = None
    weights_after_fit: list | None = None
    checkpoint_file: Path | None = None
    checkpoint_problem: str | None = None
    model_id: int | None = None
    variables: dict | None = None    # the lesson's variables, recorded when fit never ran

    @property
    def cell_errors(self) -> list[CellError]:
        return self.run.cell_errors if self.run else []

    def first_error(self) -> str | None:
        """The first error the student's code raised, described (None when none)."""
        return self.cell_errors[0].describe() if self.cell_errors else None

    def error_text(self) -> str:
        """All error messages the student's code raised, as one string to search."""
        return "\n".join([e.describe() for e in self.cell_errors] + list(self.checkpoint_errors))

    @property
    def model_fits(self) -> list:
        """The `fit` notes of the graded model (all of them when none names it)."""
        return [f for f in self.fits if f.get("model_id") == self.model_id] or self.fits

    @property
    def checkpoint(self) -> dict | None:
        """The ModelCheckpoint settings passed to the training fit, if any."""
        for callback in (self.fit or {}).get("callbacks", []):
            if callback.get("is_model_checkpoint"):
                return callback
        return None


def load_arrays(path: Path) -> list[np.ndarray] | None:
    """Arrays saved with `np.savez(*arrays)`, in order, without pickle (None if absent).

    The archive's listed sizes are checked first: nothing larger than the biggest model
    the grader rebuilds is read.
    """
    if not path.is_file():
        return None
    with zipfile.ZipFile(path) as archive:
        inflated = sum(info.file_size for info in archive.infolist())
    if inflated > MAX_WEIGHT_BYTES:
        raise ModelSpecError(f"The saved weights take {inflated:,} bytes; the grader reads at "
                             f"most {MAX_WEIGHT_BYTES:,} (a model of {MAX_PARAMETERS:,} "
                             "parameters).")
    with np.load(path, allow_pickle=False) as archive:
        names = sorted(archive.files, key=lambda n: int(n.split("_")[-1]))
        if len(names) > MAX_ARRAYS:
            raise ModelSpecError(f"The model has {len(names)} weight arrays; expected at most "
                                 f"{MAX_ARRAYS}.")
        return [archive[name] for name in names]


def _inside(folder: Path, name: str) -> Path | None:
    candidate = (folder / name).resolve()
    return candidate if candidate.is_relative_to(folder.resolve()) else None


def from_extraction(outdir: Path, scratch: Path, run: RunOutcome, kind: str) -> Evidence:
    """Evidence from the files `kernel_side.extract` wrote to `outdir`."""
    evidence = Evidence(kind=kind, run=run)
    token = expected_token(outdir)
    record = read_json(outdir / "record.json")
    if not isinstance(record, dict):
        evidence.model_problem = "the submission stopped before the grader could read the model"
        return evidence
    if token is not None and record.get("token") != token:
        raise SubmissionError(
            "The grader's record of this run did not come from the grader's extraction step: "
            "the submission wrote files where the grader reads, or stopped its extraction. "
            "Nothing it wrote is graded; an instructor should look at this submission.")
    fits = [f for f in record.get("fits", []) if isinstance(f, dict)]
    evidence.fits = fits
    evidence.model_id = record.get("model_id")
    trained = evidence.model_fits
    evidence.fit = trained[-1] if trained else None
    evidence.history = (evidence.fit or {}).get("history") or {}
    evidence.load_weights = [n for n in record.get("load_weights", []) if isinstance(n, dict)]
    evidence.checkpoint_errors = [str(e) for e in record.get("checkpoint_errors", [])]
    compile_config = read_json(outdir / "compile.json")
    evidence.compile = compile_config if isinstance(compile_config, dict) else None
    if not fits and isinstance(record.get("variables"), dict):
        evidence.variables = record["variables"]
    model_config = read_json(outdir / "model.json")
    if model_config is None:
        evidence.model_problem = record.get("model_error") or (
            "no Keras model was found (expected a variable `model`, or `solution_model()`)")
        if evidence.first_error():
            evidence.model_problem += f"; the first error in the submission: " \
                                      f"{evidence.first_error()}"
    else:
        try:
            evidence.model = parse_model_config(model_config)
        except ModelSpecError as exc:
            evidence.model_problem = str(exc)
    try:
        evidence.weights_final = load_arrays(outdir / "weights_final.npz")
        evidence.weights_after_fit = load_arrays(outdir / "weights_after_fit.npz")
    except (ModelSpecError, ValueError, OSError) as exc:
        evidence.model_problem = evidence.model_problem or f"unreadable weights: {exc}"
    if evidence.checkpoint:
        _find_checkpoint_file(evidence, scratch)
    return evidence


def _find_checkpoint_file(evidence: Evidence, scratch: Path) -> None:
    """Set `checkpoint_file` to the file the ModelCheckpoint wrote for the epoch that counts
    (its path, or its Keras path template filled in), or `checkpoint_problem` to why not."""
    checkpoint = evidence.checkpoint
    filepath = str(checkpoint.get("filepath", ""))
    quick = bool((evidence.fit or {}).get("skipped"))
    try:
        name = checkpoint_file.best_checkpoint_name(
            filepath, evidence.history, str(checkpoint.get("monitor", "val_loss")),
            str(checkpoint.get("mode", "auto")), bool(checkpoint.get("save_best_only", True)))
    except checkpoint_file.TemplateError as exc:
        evidence.checkpoint_problem = str(exc)
        return
    if name is None and quick:  # nothing trained here: the one file the template matches
        matches = checkpoint_file.matching_files(scratch, filepath)
        if len(matches) > 1:
            evidence.checkpoint_problem = (
                f"quick grading cannot tell which of the {len(matches)} checkpoint files "
                f"matching {filepath!r} holds the best epoch; grade without --quick")
            return
        name = str(matches[0]) if matches else filepath
    path = _inside(scratch, name or filepath)
    if path is None:
        evidence.checkpoint_problem = (
            f"the checkpoint path {filepath!r} points outside the "
            "submission's folder; use a relative path such as 'my_checkpoint.weights.h5'")
    elif not path.is_file():
        evidence.checkpoint_problem = f"no checkpoint file was written at {path.name!r}"
        if evidence.first_error():
            evidence.checkpoint_problem += (f" (the first error in the submission: "
                                            f"{evidence.first_error().rstrip(' .')})")
        if quick:
            evidence.checkpoint_problem = (
                f"quick grading needs the checkpoint {path.name!r} saved beside the "
                "submission, and it is not there")
    else:
        evidence.checkpoint_file = path


def from_saved_model(path: Path, scratch: Path) -> Evidence:
    """Evidence from a `.keras` or `.h5` model file, read as data (never `load_model`)."""
    from autograder.evaluate import rebuild

    evidence = Evidence(kind="saved_model")
    size = path.stat().st_size
    if size > MAX_WEIGHT_BYTES + MAX_CONFIG_BYTES:
        evidence.model_problem = (f"{path.name} is {size:,} bytes; the grader reads model files "
                                  f"of at most {MAX_WEIGHT_BYTES + MAX_CONFIG_BYTES:,} bytes")
        return evidence
    try:
        config, compile_config, weights_file = _read_saved_model(path, scratch)
        evidence.compile = compile_config if isinstance(compile_config, dict) else None
        evidence.model = parse_model_config(config)
        model = rebuild(evidence.model)
        model.load_weights(str(weights_file))
        evidence.weights_final = [np.array(w) for w in model.get_weights()]
    except ModelSpecError as exc:
        evidence.model_problem = str(exc)
    except Exception as exc:
        evidence.model_problem = (f"{path.name} could not be read as a Keras model file "
                                  f"({type(exc).__name__}: {str(exc)[:200]})")
    return evidence


def _read_entry(archive: zipfile.ZipFile, name: str, limit: int, path: Path) -> bytes:
    """One member of a `.keras` archive, refused when it would inflate beyond `limit`."""
    info = archive.getinfo(name)
    if info.file_size > limit:
        raise ModelSpecError(f"{path.name}: `{name}` inflates to {info.file_size:,} bytes; the "
                             f"grader reads at most {limit:,} (a model of {MAX_PARAMETERS:,} "
                             "parameters). Save the lesson's model with `model.save(...)`.")
    with archive.open(info) as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:  # the archive's listed size was a lie
        raise ModelSpecError(f"{path.name}: `{name}` inflates beyond {limit:,} bytes.")
    return data


def _read_saved_model(path: Path, scratch: Path) -> tuple[dict, dict | None, Path]:
    if path.suffix == ".keras":
        with zipfile.ZipFile(path) as archive:
            config = json.loads(_read_entry(archive, "config.json", MAX_CONFIG_BYTES, path))
            weights = scratch / "model.weights.h5"
            weights.write_bytes(_read_entry(archive, "model.weights.h5", MAX_WEIGHT_BYTES,
                                            path))
        compile_config = config.get("compile_config") if isinstance(config, dict) else None
        return config, compile_config, weights
    import h5py

    with h5py.File(path, "r") as handle:
        raw = handle.attrs.get("model_config")
        if raw is None:
            raise ModelSpecError(f"{path.name} holds weights only, no model config: save the "
                                 "whole model with model.save('mymodel.h5').")
        config = json.loads(raw if isinstance(raw, str) else raw.decode("utf-8"))
        training = handle.attrs.get("training_config")
        compile_config = json.loads(training if isinstance(training, str)
                                    else training.decode("utf-8")) if training is not None else None
    return config, compile_config, path
