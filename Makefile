# Two commands for a newcomer: `make demo` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.tfcert-installed
# pytest-xdist workers for `make test`: most tests wait on one kernel at a time, so two
# workers keep both cores of the CI machine busy (each test file stays on one worker).
TEST_WORKERS ?= 2
export TF_CPP_MIN_LOG_LEVEL ?= 2

.PHONY: demo test data bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || tools/system-packages.sh python3-venv
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[instructor]'
	@touch $(STAMP)

# The real Fashion-MNIST in the Keras cache: from $$FASHION_MNIST_DIR, Debian's
# dataset-fashion-mnist (installed here when missing and allowed), or Keras' download.
# bubblewrap boxes each submission's kernel (`--sandbox`); installed here when missing and allowed.
data: $(STAMP)
	@tools/system-packages.sh bubblewrap || true
	@$(BIN)/tfcert data --no-download 2>/dev/null || tools/system-packages.sh dataset-fashion-mnist || true
	$(BIN)/tfcert data

demo: data
	$(BIN)/tfcert demo

# Headless Chromium renders the feedback pages in the tests; a Hangul font draws the
# Korean figures (Debian's fonts-nanum).
test: data
	@command -v chromium >/dev/null || tools/system-packages.sh chromium
	@fc-list :lang=ko 2>/dev/null | grep -q . || tools/system-packages.sh fonts-nanum
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile --durations=20

bench: data
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) demo-output .pytest_cache
