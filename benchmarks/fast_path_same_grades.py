"""Same grades on both paths (issue 17): the reference notebook and three correct corpus
variants, graded on the grader's fast path and with `--exact`, side by side.

For each submission it prints the failed checks, the best epoch and the grader's accuracy
on each path, and whether they agree: the same checks, the best epoch within one, the
accuracy within 0.005 (the goal at the lesson's full budget, 20 epochs on 60,000 images,
which takes over an hour of two cores; `--epochs` and `--n-train` make it smaller, where
the goal is only indicative).

    python -m benchmarks.fast_path_same_grades [--epochs 20] [--n-train 60000]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUBMISSIONS = (ROOT / "reference" / "fashion_mnist_dnn.ipynb",
               ROOT / "tests" / "corpus" / "variant_keras_input.ipynb",
               ROOT / "tests" / "corpus" / "variant_functional_api.ipynb",
               ROOT / "tests" / "corpus" / "variant_loss_optimizer_objects.ipynb")
ACCURACY_WITHIN = 0.005
EPOCH_WITHIN = 1


def grade_both(path: Path, epochs: int, n_train: int | None, n_valid: int | None) -> dict:
    """`{"fast": result, "exact": result}` for one submission."""
    from autograder.grade import GradeOptions, grade_submission

    return {path_name: grade_submission(path, GradeOptions(
        epochs=epochs, n_train=n_train, n_valid=n_valid, exact=path_name == "exact"))
        for path_name in ("fast", "exact")}


def compare(results: dict) -> dict:
    """The figures of one submission on both paths, and whether they agree."""
    row = {}
    for name, result in results.items():
        row[name] = {"status": result.status,
                     "training": (result.training or {}).get("path"),
                     "failed": sorted(c.id for c in result.checks if c.status != "passed"),
                     "best_epoch": result.metrics.get("best_epoch"),
                     "accuracy": result.metrics.get("val_accuracy"),
                     "seconds": result.seconds}
    fast, exact = row["fast"], row["exact"]
    both = None not in (fast["accuracy"], exact["accuracy"], fast["best_epoch"],
                        exact["best_epoch"])
    row["same_checks"] = fast["failed"] == exact["failed"] and fast["status"] == exact["status"]
    row["epoch_within"] = both and abs(fast["best_epoch"] - exact["best_epoch"]) <= EPOCH_WITHIN
    row["accuracy_within"] = both and abs(fast["accuracy"] - exact["accuracy"]) <= ACCURACY_WITHIN
    return row


def render(rows: dict, epochs: int, n_train: int | None) -> str:
    images = "60,000" if n_train is None else f"{n_train:,}"
    lines = [f"## fast_path_same_grades ({epochs} epochs on {images} images)", "",
             "| submission | path (fast run) | failed checks fast / exact | best epoch fast / "
             "exact | accuracy fast / exact | seconds fast / exact | same grades |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for name, row in rows.items():
        fast, exact = row["fast"], row["exact"]
        same = row["same_checks"] and row["epoch_within"] and row["accuracy_within"]
        accuracy = " / ".join("n/a" if r["accuracy"] is None else f"{r['accuracy']:.4f}"
                              for r in (fast, exact))
        lines.append(
            f"| {name} | {fast['training']} | {','.join(fast['failed']) or '-'} / "
            f"{','.join(exact['failed']) or '-'} | {fast['best_epoch']} / {exact['best_epoch']} "
            f"| {accuracy} | {fast['seconds']:.1f} / {exact['seconds']:.1f} | "
            f"{'yes' if same else 'NO'} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=20, help="training epochs (default 20)")
    parser.add_argument("--n-train", type=int, default=None,
                        help="train on the first N images (default: all 60,000)")
    parser.add_argument("--n-valid", type=int, default=None,
                        help="validate on the first N test images (default: all 10,000)")
    args = parser.parse_args(argv)
    rows = {path.name: compare(grade_both(path, args.epochs, args.n_train, args.n_valid))
            for path in SUBMISSIONS}
    print(render(rows, args.epochs, args.n_train))
    return 0 if all(r["same_checks"] and r["epoch_within"] and r["accuracy_within"]
                    for r in rows.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
