"""Child process: execute a prepared notebook in a Jupyter kernel and save the result.

Usage: python -m autograder.runner.execute IN.ipynb OUT.ipynb WORKDIR

Errors in cells do not stop the run (later cells and the grader's extraction still run).
Output is capped per cell so a print flood cannot exhaust memory. The executed notebook
is written even when the kernel dies.
"""

from __future__ import annotations

import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError

MAX_OUTPUT_CHARS_PER_CELL = 200_000


class CappedClient(NotebookClient):
    """A NotebookClient that keeps at most MAX_OUTPUT_CHARS_PER_CELL of text per cell."""

    def output(self, outs, msg, display_id, cell_index):
        size = sum(len(str(o.get("text", ""))) + len(str(o.get("data", ""))) for o in outs)
        if size > MAX_OUTPUT_CHARS_PER_CELL and msg["msg_type"] in ("stream", "display_data",
                                                                     "execute_result"):
            if not any(o.get("name") == "tfcert-truncated" for o in outs):
                outs.append(nbformat.v4.new_output(
                    "stream", name="tfcert-truncated",
                    text=f"[output truncated by the grader after {MAX_OUTPUT_CHARS_PER_CELL} "
                         "characters]\n"))
            return None
        return super().output(outs, msg, display_id, cell_index)


def main(source: str, target: str, workdir: str) -> int:
    notebook = nbformat.read(source, as_version=4)
    client = CappedClient(notebook, timeout=None, allow_errors=True, kernel_name="python3",
                          resources={"metadata": {"path": workdir}}, record_timing=False)
    code = 0
    try:
        client.execute()
    except DeadKernelError as exc:
        print(f"The kernel died while running the submission ({exc}); it may have called "
              "os._exit(), run out of memory, or crashed TensorFlow.", file=sys.stderr)
        code = 3
    finally:
        nbformat.write(notebook, target)
    return code


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
