"""Headless Chromium for the tests of the pages the kit writes (feedback, class report)."""

import html.parser
import shutil
import subprocess

CHROMIUM = shutil.which("chromium")
INSTALL_CHROMIUM = "tools/system-packages.sh chromium   (as root: apt-get install -y chromium)"


class Dom(html.parser.HTMLParser):
    """The elements a page's DOM holds, and the text a browser would show."""

    def __init__(self):
        super().__init__()
        self.chunks, self.tags = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.chunks.append(data)

    def text(self):
        return " ".join("".join(self.chunks).split())


def chromium(tmp_path, *args) -> str:
    """Run headless Chromium with `args` (a profile in `tmp_path`); its standard output."""
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
               "--no-first-run", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}",
               "--virtual-time-budget=5000", *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout
