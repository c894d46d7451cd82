"""Print HTML to PDF and take PNG screenshots with headless Chromium.

LaTeX-based PDF drops Chinese text; Chromium renders the HTML exactly as a
browser shows it, with the system's CJK fonts. Each call uses a throw-away
profile directory (in ``$TMPDIR/perfkit-chromium/``, named with perfkit's pid so the next
call removes one a killed run left), so several can run at once. Chromium dies with
perfkit: on a timeout, Ctrl-C or SIGTERM its process group is killed, and if perfkit is
killed outright, Linux kills it (perfkit.core.children).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from perfkit.core import children
from perfkit.core.errors import RenderError
from perfkit.files import staging

#: Browser executables tried in order (``PERFKIT_CHROMIUM`` overrides).
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
)


class ChromiumNotFoundError(RenderError):
    """No Chromium/Chrome binary: PDF and PNG output are unavailable.

    When raised by a render, ``result`` holds what was written (the HTML).
    """

    result = None


def find_chromium() -> str | None:
    """Path of a Chromium or Chrome executable, or ``None``."""
    override = os.environ.get("PERFKIT_CHROMIUM")
    if override:
        return shutil.which(override)
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


def require_chromium() -> str:
    """Like :func:`find_chromium` but raise a clear :class:`ChromiumNotFoundError`."""
    browser = find_chromium()
    if browser is None:
        raise ChromiumNotFoundError(
            "PDF and PNG output need a headless browser: install Debian `chromium` "
            f"(`make setup` does), or set PERFKIT_CHROMIUM; tried {', '.join(BROWSERS)}"
        )
    return browser


def print_pdf(html: Path, pdf: Path, *, timeout: float = 120) -> Path:
    """Print the HTML file *html* to *pdf* (A4 from the report CSS, no header/footer)."""
    html, pdf = Path(html).resolve(), Path(pdf).resolve()
    _run_chromium(
        [f"--print-to-pdf={pdf}", "--no-pdf-header-footer", html.as_uri()],
        output=pdf,
        timeout=timeout,
    )
    with pdf.open("rb") as fh:
        if fh.read(5) != b"%PDF-":
            raise RenderError(f"{pdf}: Chromium did not write a PDF")
    return pdf


def screenshot_png(
    html: Path, png: Path, *, width: int = 1200, height: int = 1600, timeout: float = 120
) -> Path:
    """Screenshot the top *width* × *height* pixels of the HTML file *html* to *png*."""
    html, png = Path(html).resolve(), Path(png).resolve()
    _run_chromium(
        [f"--screenshot={png}", f"--window-size={width},{height}", html.as_uri()],
        output=png,
        timeout=timeout,
    )
    return png


def _run_chromium(args: list[str], *, output: Path, timeout: float) -> None:
    browser = require_chromium()
    output.parent.mkdir(parents=True, exist_ok=True)
    output.unlink(missing_ok=True)
    profiles = Path(tempfile.gettempdir()) / "perfkit-chromium"
    profiles.mkdir(exist_ok=True)
    staging.clean_stale(profiles)  # the profiles of runs killed with -9
    with tempfile.TemporaryDirectory(prefix=staging.prefix("p"), dir=profiles) as profile:
        cmd = [browser, *_FLAGS, f"--user-data-dir={profile}", *args]
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # its own process group: a timeout or Ctrl-C kills all
            # of it, and the terminal's Ctrl-C reaches perfkit only
            preexec_fn=children.popen_guard(),  # and it dies if perfkit is killed (-9)
        )
        try:
            with children.tracked(proc.pid):  # killed with its group on any exception
                _, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.communicate()
            raise RenderError(f"{output.name}: Chromium took longer than {timeout:g} s") from None
        except BaseException:  # Ctrl-C, SIGTERM: reap it before the profile folder goes
            proc.communicate()
            raise
    if proc.returncode != 0 or not output.is_file() or output.stat().st_size == 0:
        tail = stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
        raise RenderError(
            f"{output.name}: Chromium failed (exit {proc.returncode})"
            + (f": {' | '.join(tail)}" if tail else "")
        )
