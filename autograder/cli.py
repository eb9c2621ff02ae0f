"""The `tfcert` command: data | demo | grade | check | merge."""

from __future__ import annotations

import argparse
import os
import sys


def cmd_data(args) -> int:
    """Provide and verify the real Fashion-MNIST; print where it came from."""
    from autograder import data

    try:
        report = data.provide(allow_download=not args.no_download)
    except data.DataError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(report.describe())
    return 0


def cmd_demo(args) -> int:
    """Train the reference on the full real data (fast path), reload, evaluate, report."""
    from autograder import demo

    return demo.main(epochs=args.epochs, outdir=args.out)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tfcert",
        description="Study and grading kit for the Fashion-MNIST exercise "
                    "of the TensorFlow certificate.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("data", help="provide and verify the real Fashion-MNIST")
    p.add_argument("--no-download", action="store_true",
                   help="use local sources only, never Keras' download")
    p.set_defaults(func=cmd_data)

    p = sub.add_parser("demo", help="train, reload and grade the reference on the real data")
    p.add_argument("--epochs", type=int, default=20, help="training epochs (default 20)")
    p.add_argument("--out", default="demo-output", help="folder for the demo's files")
    p.set_defaults(func=cmd_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
