"""Which file a ModelCheckpoint wrote, from its path or its Keras path template."""

import pytest

from autograder.checkpoint_file import TemplateError, best_checkpoint_name, matching_files

HISTORY = {"loss": [0.9, 0.6, 0.5, 0.4], "acc": [0.7, 0.8, 0.82, 0.85],
           "val_loss": [0.7, 0.52, 0.55, 0.56], "val_acc": [0.75, 0.80, 0.83, 0.81]}


def test_a_plain_path_is_the_checkpoint():
    """Is a path without fields taken as it is, with or without a history?"""
    assert best_checkpoint_name("my_checkpoint.weights.h5", HISTORY) == "my_checkpoint.weights.h5"
    assert best_checkpoint_name("my_checkpoint.weights.h5", {}) == "my_checkpoint.weights.h5"


@pytest.mark.parametrize("template, expected", [
    ("cp-{epoch:04d}.weights.h5", "cp-0002.weights.h5"),
    ("cp-{epoch}.weights.h5", "cp-2.weights.h5"),
    ("weights.{epoch:02d}-{val_loss:.2f}.weights.h5", "weights.02-0.52.weights.h5"),
])
def test_a_template_names_the_best_epochs_file(template, expected):
    """Is a Keras template filled in as Keras did for the epoch with the lowest val_loss?"""
    assert best_checkpoint_name(template, HISTORY) == expected


def test_the_monitored_value_and_mode_choose_the_epoch():
    """Does `monitor='val_acc'` pick the highest accuracy, and `save_best_only=False` the
    last epoch?"""
    assert best_checkpoint_name("e{epoch}.weights.h5", HISTORY, "val_acc", "auto") == \
        "e3.weights.h5"
    assert best_checkpoint_name("e{epoch}.weights.h5", HISTORY, "val_loss", "max") == \
        "e1.weights.h5"
    assert best_checkpoint_name("e{epoch}.weights.h5", HISTORY, best_only=False) == \
        "e4.weights.h5"


def test_without_a_history_the_epoch_is_unknown():
    """Without a recorded training (quick grading), is the template's file left unknown?"""
    assert best_checkpoint_name("cp-{epoch:02d}.weights.h5", {}) is None


@pytest.mark.parametrize("template, why", [
    ("cp-{epoch.__class__}.weights.h5", "does not fill in"),
    ("cp-{0}.weights.h5", "does not fill in"),
    ("cp-{epoch!r}.weights.h5", "does not fill in"),
    ("cp-{epoch:999999}.weights.h5", "does not fill in"),
    ("cp-{epoch.weights.h5", "not a valid template"),
    ("cp-{val_mae:.2f}.weights.h5", "names val_mae, which the training history does not have"),
])
def test_templates_the_grader_will_not_fill_in_are_refused(template, why):
    """Are attribute lookups, positional fields, huge widths, broken braces and unknown
    values refused with a message, never formatted?"""
    with pytest.raises(TemplateError, match=why):
        best_checkpoint_name(template, HISTORY)


def test_quick_grading_finds_the_files_a_template_matches(tmp_path):
    """Are the files a template could have written found, and nothing else?"""
    for name in ("cp-01.weights.h5", "cp-03.weights.h5", "other.weights.h5", "cp-[x].txt"):
        (tmp_path / name).write_bytes(b"")
    found = matching_files(tmp_path, "cp-{epoch:02d}.weights.h5")
    assert [p.name for p in found] == ["cp-01.weights.h5", "cp-03.weights.h5"]
    assert [p.name for p in matching_files(tmp_path, "cp-[x].txt")] == ["cp-[x].txt"]
