"""What the grader knows about a submission, as validated plain data.

`Evidence` is read from the folder the extraction step wrote (or from a saved model
file) and checked on the way in: JSON is parsed as data, arrays are loaded without pickle,
the model config becomes a `ModelSpec` of allowed layers, files are looked up only inside
the submission's scratch folder. Checks read nothing else.
"""

from __future__ import annotations

import dataclasses
import json
import zipfile
from pathlib import Path

import numpy as np

from autograder.model_spec import ModelSpec, ModelSpecError, parse_model_config
from autograder.runner.notebook import CellError, RunOutcome, read_json

MAX_ARRAYS = 64


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

    @property
    def cell_errors(self) -> list[CellError]:
        return self.run.cell_errors if self.run else []

    def error_text(self) -> str:
        """All error messages the student's code raised, as one string to search."""
        return "\n".join([e.describe() for e in self.cell_errors] + list(self.checkpoint_errors))

    @property
    def checkpoint(self) -> dict | None:
        """The ModelCheckpoint settings passed to the training fit, if any."""
        for callback in (self.fit or {}).get("callbacks", []):
            if callback.get("is_model_checkpoint"):
                return callback
        return None


def load_arrays(path: Path) -> list[np.ndarray] | None:
    """Arrays saved with `np.savez(*arrays)`, in order, without pickle (None if absent)."""
    if not path.is_file():
        return None
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
    record = read_json(outdir / "record.json")
    if not isinstance(record, dict):
        evidence.model_problem = "the submission stopped before the grader could read the model"
        return evidence
    fits = [f for f in record.get("fits", []) if isinstance(f, dict)]
    evidence.fits = fits
    evidence.model_id = record.get("model_id")
    trained = [f for f in fits if f.get("model_id") == evidence.model_id] or fits
    evidence.fit = trained[-1] if trained else None
    evidence.history = (evidence.fit or {}).get("history") or {}
    evidence.load_weights = [n for n in record.get("load_weights", []) if isinstance(n, dict)]
    evidence.checkpoint_errors = [str(e) for e in record.get("checkpoint_errors", [])]
    compile_config = read_json(outdir / "compile.json")
    evidence.compile = compile_config if isinstance(compile_config, dict) else None
    model_config = read_json(outdir / "model.json")
    if model_config is None:
        evidence.model_problem = record.get("model_error") or (
            "no Keras model was found (expected a variable `model`, or `solution_model()`)")
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
    checkpoint = evidence.checkpoint
    if checkpoint:
        path = _inside(scratch, str(checkpoint.get("filepath", "")))
        if path is None:
            evidence.checkpoint_problem = (
                f"the checkpoint path {checkpoint.get('filepath')!r} points outside the "
                "submission's folder; use a relative path such as 'my_checkpoint.weights.h5'")
        elif not path.is_file():
            evidence.checkpoint_problem = f"no checkpoint file was written at {path.name!r}"
            if (evidence.fit or {}).get("skipped"):
                evidence.checkpoint_problem = (
                    f"quick grading needs the checkpoint {path.name!r} saved beside the "
                    "submission, and it is not there")
        else:
            evidence.checkpoint_file = path
    return evidence


def from_saved_model(path: Path, scratch: Path) -> Evidence:
    """Evidence from a `.keras` or `.h5` model file, read as data (never `load_model`)."""
    from autograder.evaluate import rebuild

    evidence = Evidence(kind="saved_model")
    try:
        config, compile_config, weights_file = _read_saved_model(path, scratch)
        evidence.model = parse_model_config(config)
        evidence.compile = compile_config
        model = rebuild(evidence.model)
        model.load_weights(str(weights_file))
        evidence.weights_final = [np.array(w) for w in model.get_weights()]
    except ModelSpecError as exc:
        evidence.model_problem = str(exc)
    except Exception as exc:
        evidence.model_problem = (f"{path.name} could not be read as a Keras model file "
                                  f"({type(exc).__name__}: {str(exc)[:200]})")
    return evidence


def _read_saved_model(path: Path, scratch: Path) -> tuple[dict, dict | None, Path]:
    if path.suffix == ".keras":
        with zipfile.ZipFile(path) as archive:
            config = json.loads(archive.read("config.json"))
            weights = scratch / "model.weights.h5"
            weights.write_bytes(archive.read("model.weights.h5"))
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
