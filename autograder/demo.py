"""`make demo`: train the reference on the full real data, reload, evaluate, report."""

from __future__ import annotations

from pathlib import Path


def main(epochs: int = 20, outdir: str = "demo-output") -> int:
    from reference import fashion_dnn as ref

    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    print(f"Training the lesson's model on the full Fashion-MNIST for {epochs} epochs "
          "(fast path: same model, batch 32, default Adam).", flush=True)
    report = ref.run(epochs=epochs, fast=True, workdir=out, seed=0)
    print()
    print("== Reference run ==")
    print(report.summary())
    return 0
