"""How to grade: `GradeOptions`, and the one declaration of the grading options.

`OPTIONS` is read by the command line (`tfcert grade`, `tfcert check`: `--epochs`) and by
the pytest plugin (`pytest --notebook ... --tfcert-epochs`), so both take the same
options, with the same defaults and help.
"""

from __future__ import annotations

import dataclasses

from autograder.messages import LANGUAGES

DEFAULT_TIMEOUT = 1800.0


@dataclasses.dataclass
class GradeOptions:
    """How to grade: rubric, language, time limit, and an optional training budget.

    `epochs`, `n_train` and `n_valid` cap what the submission's `fit` trains on (tests and
    quick practice); `None` leaves the submission's own settings. `quick` skips training
    and grades the checkpoint saved beside the submission. `warm_next` starts the next
    submission's kernel while this one is graded (batch grading: the next submission then
    finds TensorFlow imported). `sandbox` says how the submission's kernel is boxed
    (`autograder.runner.sandbox`: `auto`, `bwrap` or `off`).
    """

    rubric: object = None  # a `Rubric`; None: the default rubric
    lang: str = "en"
    timeout: float = DEFAULT_TIMEOUT
    epochs: int | None = None
    n_train: int | None = None
    n_valid: int | None = None
    threads: int | None = None
    quick: bool = False
    warm_next: bool = False
    sandbox: str = "auto"  # `runner.sandbox.MODES`; what was used is in each result
    progress: bool = False  # print the run's cells and epochs live (`autograder.progress`)
    # Which Keras runs the submission (`autograder.keras_versions`): "3", "2" (tf-keras,
    # TF_USE_LEGACY_KERAS=1), or "auto": Keras 3, then Keras 2 when the run stopped on an
    # error only Keras 3 raises for valid tf.keras 2 code. What graded it is in each result.
    keras: str = "auto"
    # Train on the submission's own path: no fast path (`runner.fast_path`), which changes
    # only floating-point rounding where it applies; which path trained is in each result.
    exact: bool = False

    def __post_init__(self):
        if self.rubric is None:
            from autograder.rubric import Rubric

            self.rubric = Rubric.load()

    def budget(self) -> dict:
        return {"epochs": self.epochs, "n_train": self.n_train, "n_valid": self.n_valid,
                "quick": self.quick, "exact": self.exact}


@dataclasses.dataclass(frozen=True)
class Option:
    """One grading option: its name in `GradeOptions` (or `rubric`/`min_accuracy`, which
    make the rubric), its command-line flag, type, default and help."""

    name: str
    flag: str
    type: type
    default: object = None
    help: str = ""
    choices: tuple | None = None

    @property
    def pytest_flag(self) -> str:
        return "--tfcert-" + self.flag.removeprefix("--")

    def argparse_kwargs(self, dest: str) -> dict:
        if self.type is bool:
            return {"action": "store_true", "dest": dest, "help": self.help}
        kwargs = {"type": self.type, "default": self.default, "dest": dest, "help": self.help}
        if self.choices:
            kwargs["choices"] = list(self.choices)
        return kwargs


OPTIONS = (
    Option("timeout", "--timeout", float, DEFAULT_TIMEOUT,
           f"seconds one submission may run, from its first cell (default {DEFAULT_TIMEOUT:g})"),
    Option("min_accuracy", "--min-accuracy", float, None,
           "minimum grader-computed test accuracy (default 0.85, or the rubric's)"),
    Option("rubric", "--rubric", str, None,
           "TOML file overriding points and min_accuracy, or a rubric of the kit by name "
           "(`exam`: the certificate's Category 2, only the accuracy scores)"),
    Option("lang", "--lang", str, "en", "feedback language", LANGUAGES),
    Option("epochs", "--epochs", int, None,
           "cap the submission's training epochs (practice and tests)"),
    Option("n_train", "--train-size", int, None,
           "train on only the first N training images (practice and tests)"),
    Option("n_valid", "--valid-size", int, None,
           "validate on only the first N test images during training"),
    Option("quick", "--quick", bool, False,
           "do not train: grade the .weights.h5 checkpoint saved beside the submission "
           "(best epoch reported as unknown)"),
    Option("sandbox", "--sandbox", str, None,
           "box each submission's kernel with bubblewrap: `auto` where it works (else a "
           "warning), `bwrap` (refuse to grade without it) or `off` (default: auto for "
           "tfcert grade; off for tfcert check and pytest --notebook, your own work)",
           ("auto", "bwrap", "off")),
    Option("keras", "--keras", str, "auto",
           "which Keras runs the submission: 3, 2 (tf-keras, TF_USE_LEGACY_KERAS=1) or auto "
           "(default: Keras 3, graded again under Keras 2 when it stopped on an error only "
           "Keras 3 raises for valid tf.keras 2 code, such as the lesson's `.ckpt` path)",
           ("auto", "2", "3")),
    Option("exact", "--exact", bool, False,
           "train each submission's fit exactly as written (default: the grader's fast path "
           "where only floating-point rounding changes: float32, several batches per call, "
           "XLA on long runs; the result says which path trained and why)"),
)


def add_to_parser(parser) -> None:
    """Add every grading option to an `argparse` parser (dest: the option's name)."""
    for option in OPTIONS:
        parser.add_argument(option.flag, **option.argparse_kwargs(option.name))


def add_to_pytest(group) -> None:
    """Add every grading option to a pytest option group (`--tfcert-<flag>`)."""
    for option in OPTIONS:
        group.addoption(option.pytest_flag, **option.argparse_kwargs("tfcert_" + option.name))


def grade_options(values: dict, sandbox: str = "auto") -> GradeOptions:
    """`GradeOptions` from option values by name (raises `RubricError` for a bad rubric);
    `sandbox` is the mode when none was given."""
    from autograder.rubric import Rubric

    settings = {option.name: values.get(option.name, option.default) for option in OPTIONS}
    rubric = Rubric.load(settings.pop("rubric"), settings.pop("min_accuracy"))
    settings["sandbox"] = settings["sandbox"] or sandbox
    return GradeOptions(rubric=rubric, **settings)


def from_args(args, sandbox: str = "auto") -> GradeOptions:
    """`GradeOptions` from parsed command-line arguments."""
    return grade_options(vars(args), sandbox)


def from_pytest(config) -> GradeOptions:
    """`GradeOptions` from pytest's options (a student's own work: unboxed unless asked)."""
    return grade_options({option.name: config.getoption("tfcert_" + option.name)
                          for option in OPTIONS}, sandbox="off")
