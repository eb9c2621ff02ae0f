#!/usr/bin/env bash
# Gradescope runs this once, as root, in /autograder/source, when it builds the autograder's
# image (Ubuntu). Made by `tfcert gradescope-autograder`; every step can be rerun.
#   TFCERT_SETUP_STEPS   steps to run, in order (default: "system install data")
#   TFCERT_VENV          the kit's virtual environment (default: /autograder/venv)
#   TFCERT_PIP_OPTIONS   extra options for pip (e.g. "--no-deps --no-index" offline)
set -euo pipefail
SOURCE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="${TFCERT_GRADESCOPE_ROOT:-/autograder}"
VENV="${TFCERT_VENV:-$ROOT/venv}"

step_system() {  # Python's venv, and the real Fashion-MNIST from the distribution
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y --no-install-recommends python3 python3-venv python3-pip
    # Debian and Ubuntu package the four IDX files (/usr/share/datasets/fashion-mnist);
    # where they do not, `tfcert data` downloads them (Keras' URL) in step_data.
    apt-get install -y --no-install-recommends dataset-fashion-mnist \
        || echo "setup.sh: no dataset-fashion-mnist package here; tfcert data will download it"
}

step_install() {  # the kit, from the wheel in this zip, with its dependencies
    [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
    # shellcheck disable=SC2086  # options are words
    wheel=$(ls "$SOURCE"/tfcert_kit-*.whl)
    "$VENV/bin/python" -m pip install ${TFCERT_PIP_OPTIONS:-} "$wheel[tensorflow]"
}

step_data() {  # the data in the Keras cache, each file verified by SHA-256
    "$VENV/bin/tfcert" data
}

for step in ${TFCERT_SETUP_STEPS:-system install data}; do
    "step_$step"
done
