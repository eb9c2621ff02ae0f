"""Checks of the loss-table exercise: one-hot labels, the activation/loss table, the loss
for one-hot labels and the accuracy (`exercises/*/loss_table`; facts from
`autograder.loss_table_facts`)."""

from __future__ import annotations

from autograder.checks import Verdict
from autograder.checks.accuracy_checks import check_val_accuracy
from autograder.checks.compile_checks import check_loss, label_kind
from autograder.loss_table_facts import TABLE
from autograder.messages import Phrase

# Each row's name and why its pair is right (catalog keys).
ROW_WORDS = {"binary": ("table.binary", "table.why.binary"),
             "multiclass_onehot": ("table.multiclass_onehot", "table.why.multiclass_onehot"),
             "multiclass_integer": ("table.multiclass_integer", "table.why.multiclass_integer")}


def _one_hot(facts) -> Verdict:
    """Check that an array is the one-hot encoding of its labels."""
    name, labels = facts.name, facts.labels
    if not facts.present:
        return Verdict(False, "one_hot.missing", {"name": name})
    if facts.unreadable:
        return Verdict(False, "one_hot.not_array", {"name": name, "reason": facts.unreadable})
    if facts.shape != facts.expected_shape:
        return Verdict(False, "one_hot.shape", {"name": name, "expected": facts.expected_shape,
                                                "shape": facts.shape})
    if not facts.numeric:
        return Verdict(False, "one_hot.dtype", {"name": name, "dtype": facts.dtype})
    if not facts.binary:
        return Verdict(False, "one_hot.values", {"name": name, "values": list(facts.values)})
    if facts.bad_row is not None:
        row, ones = facts.bad_row
        return Verdict(False, "one_hot.row_sum", {"name": name, "row": row, "ones": ones})
    if facts.first_wrong is not None:
        row, label, column = facts.first_wrong
        return Verdict(False, "one_hot.wrong_column", {
            "labels": labels, "row": row, "label": label, "column": column,
            "wrong": facts.wrong_rows})
    return Verdict(True, "one_hot.ok", {"name": name, "labels": labels,
                                        "shape": facts.expected_shape})


def check_one_hot_train(evidence, measured) -> Verdict:
    """Check that `y_train_onehot` is the one-hot encoding of `y_train`."""
    return _one_hot(evidence.one_hot["train"])


def check_one_hot_valid(evidence, measured) -> Verdict:
    """Check that `y_valid_onehot` is the one-hot encoding of `y_valid`."""
    return _one_hot(evidence.one_hot["valid"])


def _table_row(table, problem: str) -> Verdict:
    """Check one row of `CHOICES`: the output activation and loss for `problem`."""
    activation, loss = TABLE[problem]
    if not table.present:
        return Verdict(False, "table.missing")
    if not table.is_dict:
        return Verdict(False, "table.not_a_dict", {"value": table.value})
    row = table.rows.get(problem)
    if row is None:
        return Verdict(False, "table.no_key", {"key": problem, "expected": sorted(TABLE),
                                               "keys": list(table.keys)})
    if not row.pair:
        return Verdict(False, "table.not_a_pair", {"key": problem, "value": row.value})
    name_key, why_key = ROW_WORDS[problem]
    words = {"problem": Phrase.of(name_key), "activation": activation, "loss": loss}
    if (row.activation, row.loss) == (activation, loss):
        if row.from_logits:
            return Verdict(False, "table.from_logits", words)
        return Verdict(True, "table.ok", words)
    found_activation, found_loss = row.shown
    return Verdict(False, "table.wrong", {**words, "key": problem,
                                          "found_activation": found_activation,
                                          "found_loss": found_loss,
                                          "why": Phrase.of(why_key)})


def check_table_binary(evidence, measured) -> Verdict:
    """Check the table's binary row: sigmoid with binary cross-entropy."""
    return _table_row(evidence.table, "binary")


def check_table_multiclass_onehot(evidence, measured) -> Verdict:
    """Check the table's one-hot row: softmax with categorical cross-entropy."""
    return _table_row(evidence.table, "multiclass_onehot")


def check_table_multiclass_integer(evidence, measured) -> Verdict:
    """Check the table's integer row: softmax with sparse categorical cross-entropy."""
    return _table_row(evidence.table, "multiclass_integer")


def check_one_hot_loss(evidence, measured) -> Verdict:
    """Check that `fit` trained on one-hot labels with `categorical_crossentropy`."""
    if evidence.compiled is None or not evidence.compiled.has_loss:
        if evidence.compile_problem is not None:
            return Verdict.grader_error(evidence.compile_problem)
        return Verdict(False, "one_hot_loss.not_compiled")
    if not evidence.fits:
        return Verdict(False, "one_hot_loss.no_fit")
    if label_kind(evidence) != "one-hot":
        shape = evidence.fit.y.shape if evidence.fit and evidence.fit.y else None
        return Verdict(False, "one_hot_loss.labels_not_one_hot", {"shape": shape})
    return check_loss(evidence, measured)


def check_one_hot_accuracy(evidence, measured) -> Verdict:
    """Check the grader's own accuracy, with this exercise's advice when it is low."""
    verdict = check_val_accuracy(evidence, measured)
    if verdict.key == "val_accuracy.low":
        return Verdict(False, "one_hot_accuracy.low", verdict.facts)
    return verdict
