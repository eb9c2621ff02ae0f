"""The kit's three installs (pyproject.toml): what each brings, and that a student's install
leaves a host's own TensorFlow alone (Colab's GPU build).

Read from the installed kit's metadata with pip's own marker rules (`packaging`); the full
proof in a fresh virtual environment that holds real `tensorflow` is
`tools/student-install-check.sh` (minutes, a 570 MB download: run by hand, see README).
"""

import subprocess
import sys
from importlib import metadata

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

KIT = "tfcert-kit"
# Colab's runtime (Linux x86-64, CPython 3.12) and a Mac with Apple silicon.
COLAB = {"sys_platform": "linux", "platform_machine": "x86_64", "platform_system": "Linux",
         "os_name": "posix", "python_version": "3.12", "python_full_version": "3.12.11",
         "implementation_name": "cpython", "platform_python_implementation": "CPython"}
MAC = {**COLAB, "sys_platform": "darwin", "platform_machine": "arm64",
       "platform_system": "Darwin"}
INSTRUCTOR_ONLY = {"nbgrader", "jinja2", "pytest-xdist"}


def brought(extras: tuple[str, ...], env: dict) -> set[str]:
    """The distributions `pip install tfcert-kit[extras]` asks for on `env` (the kit's
    own extras followed: `[instructor]` names `tfcert-kit[tensorflow]`)."""
    wanted, names = {"", *extras}, set()
    for _ in range(3):
        for text in metadata.requires(KIT):
            req = Requirement(text)
            if req.marker and not any(req.marker.evaluate({**env, "extra": extra})
                                      for extra in wanted):
                continue
            if canonicalize_name(req.name) == KIT:
                wanted |= set(req.extras)
            else:
                names.add(canonicalize_name(req.name))
    return names


def test_a_students_install_adds_no_tensorflow_over_the_hosts():
    """On Colab, does the base install ask for neither tensorflow nor tensorflow-cpu (nor
    the instructors' tools), so Colab's own TensorFlow and Keras stay?"""
    names = brought((), COLAB)
    assert {"keras", "matplotlib", "nbclient", "pytest"} <= names
    assert not names & {"tensorflow", "tensorflow-cpu", "tf-keras", *INSTRUCTOR_ONLY}, names


def test_the_tensorflow_extra_picks_the_cpu_build_only_on_linux_x86_64():
    """Does `[tensorflow]` bring tensorflow-cpu on Linux x86-64, tensorflow on a Mac, and
    what Colab's notebooks import beside it?"""
    assert {"tensorflow-cpu", "tensorboard", "tf-keras", "pandas", "scikit-learn",
            "seaborn"} <= brought(("tensorflow",), COLAB)
    assert "tensorflow" not in brought(("tensorflow",), COLAB)
    mac = brought(("tensorflow",), MAC)
    assert "tensorflow" in mac and "tensorflow-cpu" not in mac


def test_the_instructor_extra_holds_everything_make_installs():
    """Does `[instructor]` bring nbgrader, the report's Jinja2, xdist and TensorFlow?"""
    names = brought(("instructor",), COLAB)
    assert INSTRUCTOR_ONLY | {"tensorflow-cpu", "pandas"} <= names


BLOCK_INSTRUCTOR_TOOLS = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {"nbgrader", "jinja2", "xdist", "pandas", "sklearn", "seaborn"}:
            raise ImportError(f"{name} is not in a student's install")
sys.meta_path.insert(0, Block())
import autograder.live, autograder.grade, autograder.pytest_plugin
from autograder.cli import main
try:
    main(["check", "--help"])
except SystemExit as exc:
    print("exit", exc.code)
"""


def test_the_students_commands_need_no_instructor_tool():
    """Do the live checks, the grader and `tfcert check` load without nbgrader, Jinja2,
    xdist or Colab's extra libraries?"""
    done = subprocess.run([sys.executable, "-c", BLOCK_INSTRUCTOR_TOOLS],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().endswith("exit 0")
