"""The site's downloads, made by `mkdocs build` only when asked: `LOSSDOCS_DOWNLOADS=true`.

A plain `mkdocs build` (and `mkdocs serve`) makes none of them, and needs neither Chromium nor a
network: it takes seconds, where the downloads take a minute. The publish workflow and
`.ci/run` ask for them. Made when asked:

- `downloads/lossdocs-offline.zip`: the site in both languages, readable from the file system
  without a network, search included. It is a second build of the site with Material's offline
  plugin turned on (LOSSDOCS_OFFLINE=1): links to `x.html` files instead of folders, and the
  search index as a script. From `file://` a browser will not start the search's Web Worker;
  Material's answer is the `iframe-worker` shim, which its offline plugin links from a CDN. Here
  the shim comes from its npm package, pinned and checked against its published hash, and is
  put into the archive, so the archive needs no network at all.
- `downloads/lossdocs-ja.pdf` and `downloads/lossdocs-en.pdf`: the print pages (hooks/print_site.py)
  printed by headless Chromium (Playwright; Debian's `chromium` package) on A4, with a bookmark
  outline and page numbers.
- `downloads/lossdocs-<version>-py3-none-any.whl` and `downloads/lossdocs-<version>.tar.gz`: the
  package, built by `uv build` (site_tools/package.py), which a reader installs with one
  `pip install <address of the wheel>`. The offline archive holds the wheel too.

Each link on a page with `class="lossdocs-download"` gets the size of its file after it. In a
build without the downloads the link would lead nowhere: it becomes the file's name, followed by
a note in the page's language that this build did not make it and how to make it.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import urllib.request
import zipfile
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from site_tools import browser, package

ROOT = Path(__file__).resolve().parent.parent

WANTED = "LOSSDOCS_DOWNLOADS"  # `true`: this build makes the downloads
OFFLINE = "LOSSDOCS_OFFLINE"  # set for the second, offline build
PUBLISHED = "LOSSDOCS_PUBLISHED_URL"  # ... with the address of the online site
DOWNLOADS = "downloads"
ARCHIVE = "lossdocs-offline.zip"
PDF_LANGUAGES = {"ja": "print/", "en": "en/print/"}  # language -> address of its print page
CACHE = ROOT / ".cache" / "npm"

SHIM_TARBALL = "https://registry.npmjs.org/iframe-worker/-/iframe-worker-1.0.4.tgz"
SHIM_SHA512 = "roeaaI+Lg1LJNfgpCjoRe/+WzEjy9+Z08LoEvu85MCPbBjwm+qXz8Ag5U05lHa6V1CysZyGzE0SOkAtSUA5q7Q=="
SHIM_FOLDER = "assets/javascripts/iframe-worker"  # in the offline site: index.js and LICENSE

_DOWNLOAD_LINK = re.compile(r'(<a [^>]*class="lossdocs-download"[^>]*href="([^"]+)"[^>]*>.*?</a>)', re.DOTALL)
_DOWNLOAD_HREF = re.compile(r'(class="lossdocs-download"[^>]*href=")(?:\.\./)+')
# What a build without the downloads shows after each file's name, in the page's language.
NOT_MADE = {
    "ja": "（このビルドにはありません。<code>LOSSDOCS_DOWNLOADS=true</code> を付けてビルドすると作られます）",
    "en": " (not made by this build; a build with <code>LOSSDOCS_DOWNLOADS=true</code> makes it)",
}
_ANY_DOWNLOAD_LINK = re.compile(r'<a [^>]*class="lossdocs-download"[^>]*>(.*?)</a>', re.DOTALL)

_command = "build"


def asked_for() -> bool:
    """Whether the environment asks for the downloads (LOSSDOCS_DOWNLOADS=true, 1 or yes)."""
    return os.environ.get(WANTED, "").strip().lower() in ("1", "true", "yes", "on")


def _making_downloads() -> bool:
    return asked_for() and _command != "serve" and not os.environ.get(OFFLINE)


def on_startup(command: str, **kwargs: Any) -> None:
    global _command
    _command = command


def on_config(config: Any, **kwargs: Any) -> Any:
    if os.environ.get(OFFLINE):  # the offline plugin asks for the shim from a CDN: use our copy
        polyfills = config.extra.get("polyfills", [])
        config.extra["polyfills"] = [
            f"{SHIM_FOLDER}/index.js" if "iframe-worker" in p else p for p in polyfills
        ]
    return config


def on_post_page(output: str, config: Any, **kwargs: Any) -> str:
    """Offline, the downloads are on the online site (the archive does not hold them); in a
    build without the downloads, each link becomes its file's name and a note."""
    if os.environ.get(OFFLINE):
        published = os.environ.get(PUBLISHED)
        if published:
            return _DOWNLOAD_HREF.sub(lambda m: m[1] + published.rstrip("/") + "/", output)
        return output
    if not _making_downloads() and "lossdocs-download" in output:
        return without_download_links(output, _language(config))
    return output


def _language(config: Any) -> str:
    i18n = config["plugins"].get("i18n")
    return str(getattr(i18n, "current_language", None) or config["theme"]["language"])


def without_download_links(html: str, language: str) -> str:
    """Each download link as its file's name (no link, no size), followed by NOT_MADE."""
    note = NOT_MADE.get(language, NOT_MADE["en"])
    return _ANY_DOWNLOAD_LINK.sub(lambda m: f'<span class="lossdocs-download">{m[1]}</span>{note}', html)


@event_priority(-200)  # after mkdocs-static-i18n (-100), which builds the other languages
def on_post_build(config: Any, **kwargs: Any) -> None:
    i18n = config["plugins"].get("i18n")
    if getattr(i18n, "building", False):  # another language's build, inside the first one's
        return
    site = Path(config["site_dir"])
    if os.environ.get(OFFLINE):
        finish_offline_site(site)
        return
    if not _making_downloads():
        return
    downloads = site / DOWNLOADS
    downloads.mkdir(exist_ok=True)
    try:
        wheel, _ = package.build_distributions(downloads)
    except RuntimeError as error:
        raise PluginError(f"Building the package for the downloads: {error}") from error
    build_offline_archive(config, downloads / ARCHIVE, [wheel])
    print_pdfs(site, downloads)
    label_download_sizes(site)


# --- the offline archive ---------------------------------------------------------------------


def build_offline_archive(config: Any, archive: Path, files: list[Path]) -> None:
    """The offline site in a ZIP file, with `files` (the wheel) in its `downloads/` folder."""
    with tempfile.TemporaryDirectory() as folder:
        offline_site = Path(folder) / "lossdocs"
        command = [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", config.config_file_path]
        command += ["--site-dir", str(offline_site)] + (["--strict"] if config.strict else [])
        # No site address: the links in the head stay relative, and Material fetches nothing.
        env = {**os.environ, OFFLINE: "true", "SITE_URL": "", PUBLISHED: config["site_url"] or ""}
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise PluginError(f"The offline build of the site failed:\n{done.stderr.strip()}")
        (offline_site / DOWNLOADS).mkdir(exist_ok=True)
        for file in files:
            shutil.copy2(file, offline_site / DOWNLOADS / file.name)
        with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zip_file:
            for path in sorted(offline_site.rglob("*")):
                if path.is_file() and not _left_out(path):
                    zip_file.write(path, path.relative_to(folder).as_posix())


def _left_out(path: Path) -> bool:
    """Files of no use in the archive: source maps, sitemaps, 404 pages (they are for web servers)."""
    return path.suffix == ".map" or path.name.startswith("sitemap.xml") or path.name == "404.html"


def finish_offline_site(site: Path) -> None:
    """Put the iframe-worker shim into the offline site, and a search script for every language.

    Material's offline plugin turns `search/search_index.json` into `search/search_index.js`
    (which a page can load from `file://`) once, for the last language built; every language
    folder has its own index.
    """
    shim = site / SHIM_FOLDER
    shim.mkdir(parents=True, exist_ok=True)
    for name, data in iframe_worker_shim().items():
        (shim / name).write_bytes(data)
    for index in site.glob("**/search/search_index.json"):
        script = index.with_suffix(".js")
        script.write_text("var __index = " + index.read_text(encoding="utf-8"), encoding="utf-8")


def iframe_worker_shim() -> dict[str, bytes]:
    """`index.js` and `LICENSE` of the iframe-worker npm package's shim (downloaded once, cached)."""
    tarball = CACHE / SHIM_TARBALL.rsplit("/", 1)[1]
    if not tarball.is_file():
        try:
            with urllib.request.urlopen(SHIM_TARBALL, timeout=60) as response:
                data = response.read()
        except OSError as error:
            raise PluginError(
                f"Could not download {SHIM_TARBALL} for the offline archive: {error}"
            ) from error
        CACHE.mkdir(parents=True, exist_ok=True)
        tarball.write_bytes(data)
    data = tarball.read_bytes()
    if base64.b64encode(hashlib.sha512(data).digest()).decode() != SHIM_SHA512:
        tarball.unlink()
        raise PluginError(f"{SHIM_TARBALL} does not match its published sha512 hash; try again.")
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        return {
            name: tar.extractfile(member).read()  # type: ignore[union-attr]
            for name, member in (("index.js", "package/shim/index.js"), ("LICENSE", "package/LICENSE"))
        }


# --- the PDFs ----------------------------------------------------------------------------


def print_pdfs(site: Path, downloads: Path) -> None:
    if lacks := browser.missing():
        raise PluginError(
            f"Making the PDFs (LOSSDOCS_DOWNLOADS=true) {lacks}; a build without "
            f"{WANTED} makes no downloads and needs neither."
        )
    from playwright.sync_api import Error

    with browser.SiteServer(site) as server, browser.chromium() as chromium:
        address = server.url + "/"
        try:
            page = chromium.new_page()
            # Only the site itself: the head's absolute links point at the published address.
            page.route(
                "**/*",
                lambda route: route.continue_() if route.request.url.startswith(address) else route.abort(),
            )
            for language, path in PDF_LANGUAGES.items():
                page.goto(address + path, wait_until="load")
                page.emulate_media(media="print")
                page.evaluate("document.fonts.ready")
                page.pdf(
                    path=downloads / f"lossdocs-{language}.pdf",
                    format="A4",
                    margin={"top": "15mm", "bottom": "18mm", "left": "14mm", "right": "14mm"},
                    display_header_footer=True,
                    header_template="<span></span>",
                    footer_template=(
                        '<div style="width: 100%; font-size: 8px; text-align: center; color: #555;">'
                        '<span class="pageNumber"></span> / <span class="totalPages"></span></div>'
                    ),
                    # Tagged for screen readers, with a bookmark per heading (made from the tags).
                    tagged=True,
                    outline=True,
                )
        except Error as error:
            raise PluginError(f"Chromium could not print the PDFs: {error}") from error


# --- sizes next to the links ---------------------------------------------------------------


def label_download_sizes(site: Path) -> None:
    for page in site.glob("**/*.html"):
        text = page.read_text(encoding="utf-8")
        if "lossdocs-download" in text:
            page.write_text(
                _DOWNLOAD_LINK.sub(functools.partial(_with_size, page, site), text), encoding="utf-8"
            )


def _with_size(page: Path, site: Path, link: re.Match[str]) -> str:
    file = (page.parent / link[2]).resolve()
    if not file.is_file():
        raise PluginError(f"{page.relative_to(site)} links to {link[2]}, which the build did not make.")
    return f"{link[1]} ({file.stat().st_size / 1e6:.1f} MB)"
