"""One local web server and one headless Chromium, for the build's PDFs, the tests and the benchmarks.

- `SiteServer` serves a folder on 127.0.0.1. It binds its port when it is made and serves once
  started, so a site can be built for the address it will be served at (`SITE_URL`).
- `chromium()` launches Debian's `chromium` through Playwright, headless, with `CHROMIUM_ARGS`.
- `missing()` says, in one sentence, what a machine lacks for `chromium()`, or None.

Used by hooks/downloads.py (the PDFs), tests/conftest.py (the browser tests) and
benchmarks/page_weight.py.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Browser

HOST = "127.0.0.1"
CHROMIUM_NAMES = ("chromium", "chromium-browser")  # Debian's package, and its older name elsewhere
CHROMIUM_ARGS = [
    "--no-sandbox",  # needed as root (containers, CI)
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
INSTALL = "apt-get install chromium fonts-ipafont-gothic"  # Debian: the browser and a Japanese font


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class SiteServer(http.server.ThreadingHTTPServer):
    """A static web server for `folder` on 127.0.0.1 (a free port unless `port` is given).

    The port is bound at once, so `url` is known before the folder is filled; requests are
    answered from `start()` (or entering `with`) until `stop()`.
    """

    daemon_threads = True

    def __init__(self, folder: Path, port: int = 0) -> None:
        handler = functools.partial(_QuietHandler, directory=str(folder))
        super().__init__((HOST, port), handler)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """`http://127.0.0.1:PORT`, without a trailing slash."""
        return f"http://{HOST}:{self.server_address[1]}"

    def start(self) -> SiteServer:
        if self._thread is None:
            self._thread = threading.Thread(target=self.serve_forever, name="site-server", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self.server_close()

    def __enter__(self) -> SiteServer:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A browser that navigates away mid-download closes the connection: not an error.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def find_chromium() -> str | None:
    """The path of Debian's Chromium, or None."""
    return next((path for name in CHROMIUM_NAMES if (path := shutil.which(name))), None)


def missing() -> str | None:
    """What this machine lacks to run `chromium()`, as one sentence, or None if nothing."""
    lacks = []
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        lacks.append("the Python package playwright (`uv sync`)")
    if find_chromium() is None:
        lacks.append(f"chromium and a Japanese font (`{INSTALL}`)")
    return "needs " + " and ".join(lacks) if lacks else None


@contextmanager
def chromium() -> Iterator[Browser]:
    """Headless Chromium (Debian's, through Playwright), closed on leaving. See `missing()`."""
    from playwright.sync_api import sync_playwright

    executable = find_chromium()
    if executable is None:
        raise RuntimeError(f"Chromium not found: {INSTALL}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
