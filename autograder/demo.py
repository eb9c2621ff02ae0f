"""`make demo`: train the reference on the full real data, reload, evaluate, grade, report.

1. Train the lesson's model on all 60,000 images for 20 epochs on the fast path (same
   model and hyperparameters as the document), with Keras' progress bars.
2. Reload the best checkpoint and evaluate on the 10,000 test images.
3. Grade the reference notebook with the autograder in quick mode: the notebook runs in
   its own kernel, without training, on the checkpoint that step 1 saved beside it.
4. Draw the learning curves, diagnose over/underfitting, write the feedback page.
"""

from __future__ import annotations

import shutil
from pathlib import Path

REFERENCE_NOTEBOOK = Path(__file__).resolve().parent.parent / "reference" / \
    "fashion_mnist_dnn.ipynb"


def main(epochs: int = 20, outdir: str = "demo-output") -> int:
    from autograder.curves import plot_learning_curves
    from autograder.diagnosis import diagnose
    from autograder.feedback import write_page
    from autograder.grade import GradeOptions, grade_submission
    from reference import fashion_dnn as ref

    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    print(f"Training the lesson's model on the full Fashion-MNIST for {epochs} epochs "
          "(fast path: same model, batch 32, default Adam).", flush=True)
    report = ref.run(epochs=epochs, fast=True, workdir=out, seed=0)
    print("\n== Reference run ==")
    print(report.summary(), flush=True)

    notebook = out / REFERENCE_NOTEBOOK.name
    shutil.copyfile(REFERENCE_NOTEBOOK, notebook)
    print("\nGrading the reference notebook on the checkpoint just saved "
          "(tfcert grade --quick: every step but the training)...", flush=True)
    result = grade_submission(notebook, GradeOptions(quick=True))
    result.metrics.update(best_epoch=report.best_epoch, epochs_run=report.epochs_run)
    print("\n== Grade ==")
    print(result.table())
    print(f"Graded in {result.seconds:.1f} s.")

    curves = plot_learning_curves(report.history, out / "learning_curves.png",
                                  title="Reference run (fast path)")
    diagnosis = diagnose(report.history, reloaded_accuracy=report.val_accuracy)
    page = write_page(result, report.history, out / "feedback.html")
    print("\n== Diagnosis ==")
    print(diagnosis.text("en"))
    print(diagnosis.text("ko"))
    print(f"\nLearning curves: {curves}\nFeedback page: {page}")
    return 0 if result.all_passed else 1
