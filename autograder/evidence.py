"""What the grader knows about a submission: typed records, validated once on the way in.

`from_extraction` reads the folder the kernel's extraction step wrote (`kernel_side.extract`)
and `from_saved_model` reads a model file; both treat everything as untrusted data: JSON is
parsed as data and turned into the frozen records below (a malformed field becomes a
missing one, never an exception), arrays are loaded without pickle, the model config
becomes a `ModelSpec` of allowed layers and the compile config a `CompileSpec`, files are
looked up only inside the submission's scratch folder, sizes are checked before anything
is read into memory, and the extraction record must carry the token of this run. The
measure step and the checks read nothing else.

Why something is missing is a `Phrase` (a catalog key and its facts), so it reads right in
every language: `model_problem`, `checkpoint_problem`, `compile_problem`.
"""

from __future__ import annotations

import dataclasses
import json
import zipfile
from pathlib import Path

import numpy as np

from autograder import checkpoint_file
from autograder.compile_spec import CompileSpec, parse_compile_config
from autograder.evaluate import MAX_PARAMETERS
from autograder.messages import Phrase
from autograder.model_spec import ModelSpec, ModelSpecError, parse_model_config
from autograder.runner.notebook import CellError, RunOutcome, SubmissionError, \
    expected_token, read_json

MAX_ARRAYS = 64
# Weights of the largest model the grader rebuilds, in float32, with room for file overhead.
MAX_WEIGHT_BYTES = 4 * MAX_PARAMETERS + 16 * 2**20
MAX_CONFIG_BYTES = 16 * 2**20
EXTRACTION_PREFIX = "(in the grader's extraction step) "  # runner.notebook's cell-0 errors
MAX_TEXT = 500
MAX_PATH = 10_000  # longer paths are refused by `checkpoint_file`, naming their length


# -- small validators: untrusted JSON values to plain Python values ------------------------

def _number(value) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) \
        else None


def _int(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _bool(value) -> bool | None:
    return value if isinstance(value, bool) else None


def _text(value, default: str = "", limit: int = MAX_TEXT) -> str:
    return value[:limit] if isinstance(value, str) else default


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value) -> list:
    return value if isinstance(value, list) else []


# -- the records ------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class ArrayStats:
    """Plain statistics of an array given to `fit` (`kernel_side.array_stats`)."""

    kind: str
    shape: tuple | None = None
    dtype: str | None = None
    min: float | None = None
    max: float | None = None
    mean: float | None = None
    finite: bool | None = None
    rows_sum_to_one: bool | None = None
    integral: bool | None = None
    pixel_steps: bool | None = None

    @property
    def numeric(self) -> bool:
        """Whether its values were read (an array of numbers, not a dataset or None)."""
        return self.min is not None and self.max is not None

    @classmethod
    def parse(cls, raw) -> "ArrayStats | None":
        if not isinstance(raw, dict):
            return None
        shape = raw.get("shape")
        return cls(kind=_text(raw.get("kind"), "unknown"),
                   shape=tuple(d for d in shape if _int(d) is not None)
                   if isinstance(shape, list) else None,
                   dtype=_text(raw.get("dtype")) or None,
                   min=_number(raw.get("min")), max=_number(raw.get("max")),
                   mean=_number(raw.get("mean")), finite=_bool(raw.get("finite")),
                   rows_sum_to_one=_bool(raw.get("rows_sum_to_one")),
                   integral=_bool(raw.get("integral")),
                   pixel_steps=_bool(raw.get("pixel_steps")))


@dataclasses.dataclass(frozen=True)
class CheckpointSettings:
    """The settings of a ModelCheckpoint passed to `fit`."""

    filepath: str
    save_weights_only: bool
    save_best_only: bool
    monitor: str
    mode: str = "auto"
    save_freq: str = "epoch"
    period: int = 1  # tf.keras 2's `period=`: check every `period` epochs

    @classmethod
    def parse(cls, raw: dict) -> "CheckpointSettings":
        return cls(filepath=_text(raw.get("filepath"), limit=MAX_PATH),
                   save_weights_only=bool(raw.get("save_weights_only")),
                   save_best_only=bool(raw.get("save_best_only", True)),
                   monitor=_text(raw.get("monitor"), "val_loss"),
                   mode=_text(raw.get("mode"), "auto"),
                   save_freq=_text(str(raw.get("save_freq", "epoch")), "epoch"),
                   period=_int(raw.get("period")) or 1)

    def value(self, name: str):
        """A setting by its Keras name (`save_weights_only`, `monitor`...)."""
        return getattr(self, name)


@dataclasses.dataclass(frozen=True)
class Training:
    """Which path trained a `fit` (`runner.fast_path`): "fast", or "exact" with the catalog
    key of the reason and its detail (a name or an error line)."""

    path: str
    reason: str | None = None
    detail: str | None = None

    @classmethod
    def parse(cls, raw) -> "Training | None":
        from autograder.runner.fast_path import EXACT, FAST, REASONS

        if not isinstance(raw, dict) or raw.get("path") not in (FAST, EXACT):
            return None
        reason = raw.get("reason") if raw.get("reason") in REASONS else None
        if raw["path"] == EXACT and reason is None:
            return None  # an exact run always says why
        detail = raw.get("detail")
        return cls(path=raw["path"], reason=reason if raw["path"] == EXACT else None,
                   detail=_text(detail, limit=200) if isinstance(detail, str) else None)

    def to_dict(self) -> dict:
        return {"path": self.path, "reason": self.reason, "detail": self.detail}

    def sentence(self, lang: str = "en") -> str:
        """What a student or instructor reads about it, in `lang`."""
        from autograder.messages import say

        if self.path != "exact":
            return say("training.fast", lang)
        return say(self.reason, lang, detail=self.detail or "?")


@dataclasses.dataclass(frozen=True)
class FitNote:
    """One call to `fit`, as the recorder saw it (or the lesson's variables, before it ran)."""

    model_id: int | None = None
    x: ArrayStats | None = None
    y: ArrayStats | None = None
    validation_x: ArrayStats | None = None
    validation_y: ArrayStats | None = None
    x_sample: tuple | None = None          # hashes of a sample of the training images
    validation_in_training: float | None = None
    validation_split: float = 0.0
    epochs: int = 0
    batch_size: int | None = None
    callbacks: tuple = ()                  # class names
    checkpoint: CheckpointSettings | None = None  # the first ModelCheckpoint
    finished: bool = False
    skipped: bool = False                  # quick grading: recorded, not trained
    history: dict = dataclasses.field(default_factory=dict)
    from_namespace: bool = False           # built from the lesson's variables (live checks)
    training: Training | None = None       # which path trained it (None: it did not train)

    @classmethod
    def parse(cls, raw) -> "FitNote | None":
        if not isinstance(raw, dict):
            return None
        callbacks = [c for c in _list(raw.get("callbacks")) if isinstance(c, dict)]
        checkpoints = [c for c in callbacks if c.get("is_model_checkpoint")]
        sample = raw.get("x_sample")
        history = {}
        for key, values in _dict(raw.get("history")).items():
            numbers = [_number(v) for v in _list(values)]
            if isinstance(key, str) and all(v is not None for v in numbers):
                history[key] = numbers
        return cls(
            model_id=_int(raw.get("model_id")),
            x=ArrayStats.parse(raw.get("x")), y=ArrayStats.parse(raw.get("y")),
            validation_x=ArrayStats.parse(raw.get("validation_x")),
            validation_y=ArrayStats.parse(raw.get("validation_y")),
            x_sample=tuple(h for h in sample if isinstance(h, str))
            if isinstance(sample, list) else None,
            validation_in_training=_number(raw.get("validation_in_training")),
            validation_split=_number(raw.get("validation_split")) or 0.0,
            epochs=_int(raw.get("epochs")) or 0,
            batch_size=_int(raw.get("batch_size")),
            callbacks=tuple(_text(c.get("class_name"), "?") for c in callbacks),
            checkpoint=CheckpointSettings.parse(checkpoints[0]) if checkpoints else None,
            finished=bool(raw.get("finished")), skipped=bool(raw.get("skipped")),
            history=history, from_namespace=bool(raw.get("from_namespace")),
            training=Training.parse(raw.get("training")))


@dataclasses.dataclass(frozen=True)
class ReloadNote:
    """A `load_weights` (or `load_model`) call: when, on which model, and how it went."""

    filepath: str
    after_fits: int            # how many `fit` calls had run before it
    via: str = "load_weights"  # or "load_model"
    ok: bool = False
    model_id: int | None = None

    @property
    def how(self) -> str:
        return f"`{self.via}`"

    @classmethod
    def parse(cls, raw) -> "ReloadNote | None":
        if not isinstance(raw, dict):
            return None
        return cls(filepath=_text(raw.get("filepath"), limit=MAX_PATH),
                   after_fits=_int(raw.get("after_fits")) or 0,
                   via="load_model" if raw.get("via") == "load_model" else "load_weights",
                   ok=raw.get("ok") is True, model_id=_int(raw.get("model_id")))


def cell_error_phrase(error: CellError) -> Phrase:
    """One error of the student's code (or of the grader's extraction cell), as a phrase."""
    if error.cell == 0:
        return Phrase.of("cause.extraction_error", ename=error.ename,
                         evalue=error.evalue.removeprefix(EXTRACTION_PREFIX))
    return Phrase.of("cause.cell_error", cell=error.cell, ename=error.ename, evalue=error.evalue)


@dataclasses.dataclass
class Evidence:
    """Plain, validated data about one submission; every field may be missing."""

    kind: str  # "notebook" | "script" | "saved_model"
    run: RunOutcome | None = None
    model: ModelSpec | None = None
    model_problem: Phrase | None = None
    compiled: CompileSpec | None = None
    compile_problem: Phrase | None = None  # the grader could not read the compile settings
    compile_error: Phrase | None = None    # the student's `compile` call raised (`cause.*`)
    compile_attempt: CompileSpec | None = None  # what that call was given (loss, metrics)
    graded_note: Phrase | None = None      # which model was graded, when it needs saying
    fits: tuple = ()                       # every `fit` call (FitNote)
    fit: FitNote | None = None             # the last `fit` of the graded model
    reloads: tuple = ()                    # ReloadNote
    checkpoint_errors: tuple = ()          # ModelCheckpoint constructions Keras refused
    weights_final: list | None = None
    weights_after_fit: list | None = None
    checkpoint_file: Path | None = None
    checkpoint_problem: Phrase | None = None
    model_id: int | None = None
    variables: dict | None = None          # the lesson's variables, when fit never ran
    # The loss-table exercise's variables (live checks: `loss_table_facts`).
    one_hot: dict = dataclasses.field(default_factory=dict)  # role -> OneHotFacts
    table: object = None                   # TableFacts

    @property
    def history(self) -> dict:
        return self.fit.history if self.fit else {}

    @property
    def checkpoint(self) -> CheckpointSettings | None:
        """The ModelCheckpoint settings passed to the training fit, if any."""
        return self.fit.checkpoint if self.fit else None

    @property
    def cell_errors(self) -> list[CellError]:
        return self.run.cell_errors if self.run else []

    def first_error(self) -> Phrase | None:
        """The first error the student's code raised (None when none)."""
        return cell_error_phrase(self.cell_errors[0]) if self.cell_errors else None

    def error_text(self) -> str:
        """All error messages the student's code raised, as one string to search."""
        return "\n".join([f"{e.ename}: {e.evalue}" for e in self.cell_errors]
                         + list(self.checkpoint_errors))

    @property
    def model_fits(self) -> list:
        """The `fit` notes of the graded model (all of them when none names it)."""
        return [f for f in self.fits if f.model_id == self.model_id] or list(self.fits)


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
        raise ModelSpecError("model.weights_too_large", size=inflated, limit=MAX_WEIGHT_BYTES,
                             parameters=MAX_PARAMETERS)
    with np.load(path, allow_pickle=False) as archive:
        names = sorted(archive.files, key=lambda n: int(n.split("_")[-1]))
        if len(names) > MAX_ARRAYS:
            raise ModelSpecError("model.too_many_arrays", count=len(names), limit=MAX_ARRAYS)
        return [archive[name] for name in names]


def _inside(folder: Path, name: str) -> Path | None:
    candidate = (folder / name).resolve()
    return candidate if candidate.is_relative_to(folder.resolve()) else None


def _kernel_problem(raw, first_error: Phrase | None) -> Phrase:
    """Why the kernel's extraction found no model, from its record (`kernel_side.extract`),
    followed by the first error of the submission when there is one."""
    raw = _dict(raw)
    kind = raw.get("problem")
    if kind == "not_keras":
        what = Phrase.of("word.the_class" if raw.get("is_class") else "word.an_object_of",
                         kind=_text(raw.get("type"), "?"))
        key = "model.not_keras_returned" if raw.get("returned") else "model.not_keras"
        problem = Phrase.of(key, name=_text(raw.get("name")), kind=what)
    elif kind == "find_failed":
        problem = Phrase.of("model.find_failed", ename=_text(raw.get("ename"), "Error"),
                            evalue=_text(raw.get("evalue")))
    elif kind == "config_unwritable":
        problem = Phrase.of("model.config_unwritable", ename=_text(raw.get("ename"), "Error"),
                            evalue=_text(raw.get("evalue")))
    else:
        problem = Phrase.of("model.none_found")
    if first_error is None:
        return problem
    return Phrase.of("model.with_first_error", problem=problem, error=first_error)


def from_extraction(outdir: Path, scratch: Path, run: RunOutcome | None, kind: str) -> Evidence:
    """Evidence from the files `kernel_side.extract` wrote to `outdir`."""
    evidence = Evidence(kind=kind, run=run)
    token = expected_token(outdir)
    record = read_json(outdir / "record.json")
    if not isinstance(record, dict):
        evidence.model_problem = Phrase.of("model.not_extracted")
        return evidence
    if token is not None and record.get("token") != token:
        raise SubmissionError(
            "The grader's record of this run did not come from the grader's extraction step: "
            "the submission wrote files where the grader reads, or stopped its extraction. "
            "Nothing it wrote is graded; an instructor should look at this submission.")
    evidence.fits = tuple(f for f in map(FitNote.parse, _list(record.get("fits"))) if f)
    evidence.model_id = _int(record.get("model_id"))
    trained = evidence.model_fits
    evidence.fit = trained[-1] if trained else None
    evidence.reloads = tuple(n for n in map(ReloadNote.parse, _list(record.get("load_weights")))
                             if n)
    evidence.checkpoint_errors = tuple(_text(e) for e in _list(record.get("checkpoint_errors")))
    compile_error = _dict(record.get("compile_error"))
    if compile_error:
        evidence.compile_problem = Phrase.of("grader.compile_unreadable",
                                             ename=_text(compile_error.get("ename"), "Error"),
                                             evalue=_text(compile_error.get("evalue")))
    else:
        evidence.compiled = parse_compile_config(read_json(outdir / "compile.json"))
    _read_compile_error(evidence, _list(record.get("compiles")))
    evidence.graded_note = _graded_note(record.get("graded_because"), evidence.first_error())
    if not evidence.fits and isinstance(record.get("variables"), dict):
        evidence.variables = {name: stats for name, raw in record["variables"].items()
                              if (stats := ArrayStats.parse(raw)) is not None}
    model_config = read_json(outdir / "model.json")
    if model_config is None:
        evidence.model_problem = _kernel_problem(record.get("model_error"),
                                                 evidence.first_error())
    else:
        try:
            evidence.model = parse_model_config(model_config)
        except ModelSpecError as exc:
            evidence.model_problem = exc.phrase
    try:
        evidence.weights_final = load_arrays(outdir / "weights_final.npz")
        evidence.weights_after_fit = load_arrays(outdir / "weights_after_fit.npz")
    except ModelSpecError as exc:
        evidence.model_problem = evidence.model_problem or exc.phrase
    except (ValueError, OSError, zipfile.BadZipFile) as exc:
        evidence.model_problem = evidence.model_problem or Phrase.of(
            "model.weights_unreadable", reason=f"{type(exc).__name__}: {str(exc)[:200]}")
    if evidence.checkpoint:
        _find_checkpoint_file(evidence, scratch)
    return evidence


def _read_compile_error(evidence: Evidence, notes: list) -> None:
    """The graded model's last `compile` call, when it raised and left the model uncompiled:
    its error, and what it was given (so the loss is still judged, and only `compile` fails)."""
    if evidence.compiled is not None:
        return
    notes = [n for n in notes if isinstance(n, dict)]
    own = [n for n in notes if n.get("model_id") == evidence.model_id] \
        if evidence.model_id is not None else notes
    if not own or not isinstance(own[-1].get("error"), dict):
        return
    error = own[-1]["error"]
    evidence.compile_error = Phrase.of("cause.compile_raised",
                                       ename=_text(error.get("ename"), "Error"),
                                       evalue=_text(error.get("evalue")))
    given = _dict(own[-1].get("given"))
    if given:
        evidence.compile_attempt = parse_compile_config(given)


GRADED_BECAUSE = {"several_named": "model.graded.several_named",
                  "several_last": "model.graded.several_last",
                  "trained_unnamed": "model.graded.trained_unnamed",
                  "last_compiled": "model.graded.last_compiled"}


def _graded_note(raw, first_error: Phrase | None) -> Phrase | None:
    """Which model was graded and why, from the extraction's record (None: the usual one)."""
    raw = _dict(raw)
    key = GRADED_BECAUSE.get(raw.get("why"))
    if key is None:
        return None
    count = _int(raw.get("count")) or 2
    why = Phrase.of("cause.first_error_aside", error=first_error) if first_error else ""
    return Phrase.of(key, count=count, why=why)


def _find_checkpoint_file(evidence: Evidence, scratch: Path) -> None:
    """Set `checkpoint_file` to the file the ModelCheckpoint wrote for the epoch that counts
    (its path, or its Keras path template filled in), or `checkpoint_problem` to why not."""
    checkpoint = evidence.checkpoint
    filepath = checkpoint.filepath
    quick = bool(evidence.fit and evidence.fit.skipped)
    try:
        name = checkpoint_file.best_checkpoint_name(
            filepath, evidence.history, checkpoint.monitor, checkpoint.mode,
            checkpoint.save_best_only)
    except checkpoint_file.TemplateError as exc:
        evidence.checkpoint_problem = exc.phrase
        return
    if name is None and quick:  # nothing trained here: the one file the template matches
        matches = checkpoint_file.matching_files(scratch, filepath)
        if len(matches) > 1:
            evidence.checkpoint_problem = Phrase.of("checkpoint.quick_many_files",
                                                    count=len(matches), path=filepath)
            return
        name = str(matches[0]) if matches else filepath
    path = _inside(scratch, name or filepath)
    if path is None:
        evidence.checkpoint_problem = Phrase.of("checkpoint.outside", path=filepath)
    elif not path.is_file() and checkpoint_file.tf_checkpoint_files(path):
        evidence.checkpoint_file = path  # a TensorFlow-format checkpoint (tf-keras' `.ckpt`)
    elif not path.is_file():
        if quick:
            evidence.checkpoint_problem = Phrase.of("checkpoint.quick_missing", name=path.name)
        elif evidence.fit is not None and evidence.fit.validation_x is None \
                and evidence.fit.validation_split <= 0 and checkpoint.monitor.startswith("val_"):
            # Keras skips saving when the monitored `val_*` value does not exist.
            evidence.checkpoint_problem = Phrase.of("checkpoint.no_validation", name=path.name,
                                                    monitor=checkpoint.monitor)
        else:
            first = evidence.first_error()
            evidence.checkpoint_problem = Phrase.of(
                "checkpoint.not_written", name=path.name,
                why=Phrase.of("cause.first_error_aside", error=first) if first else "")
    else:
        evidence.checkpoint_file = path


def from_saved_model(path: Path, scratch: Path) -> Evidence:
    """Evidence from a `.keras` or `.h5` model file, read as data (never `load_model`)."""
    from autograder.evaluate import rebuild

    evidence = Evidence(kind="saved_model")
    size = path.stat().st_size
    if size > MAX_WEIGHT_BYTES + MAX_CONFIG_BYTES:
        evidence.model_problem = Phrase.of("model.file_too_large", name=path.name, size=size,
                                           limit=MAX_WEIGHT_BYTES + MAX_CONFIG_BYTES)
        return evidence
    try:
        config, compile_config, weights_file = _read_saved_model(path, scratch)
        evidence.compiled = parse_compile_config(compile_config)
        evidence.model = parse_model_config(config)
        model = rebuild(evidence.model)
        model.load_weights(str(weights_file))
        evidence.weights_final = [np.array(w) for w in model.get_weights()]
    except ModelSpecError as exc:
        evidence.model_problem = exc.phrase
    except Exception as exc:
        evidence.model_problem = Phrase.of("model.file_unreadable", name=path.name,
                                           ename=type(exc).__name__, evalue=str(exc)[:200])
    return evidence


def _read_entry(archive: zipfile.ZipFile, name: str, limit: int, path: Path) -> bytes:
    """One member of a `.keras` archive, refused when it would inflate beyond `limit`."""
    info = archive.getinfo(name)
    if info.file_size > limit:
        raise ModelSpecError("model.entry_too_large", name=path.name, entry=name,
                             size=info.file_size, limit=limit, parameters=MAX_PARAMETERS)
    with archive.open(info) as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:  # the archive's listed size was a lie
        raise ModelSpecError("model.entry_inflates", name=path.name, entry=name, limit=limit)
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
            raise ModelSpecError("model.h5_weights_only", name=path.name)
        config = json.loads(raw if isinstance(raw, str) else raw.decode("utf-8"))
        training = handle.attrs.get("training_config")
        compile_config = json.loads(training if isinstance(training, str)
                                    else training.decode("utf-8")) if training is not None else None
    return config, compile_config, path
