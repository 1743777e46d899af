"""Desktop integration: the .desktop entry, AppStream metadata, icons, install-desktop.sh, `sift FILE|URL`."""

from __future__ import annotations

import configparser
import os
import re
import shutil
import struct
import subprocess
import sys
import time
import tomllib
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from httpserver import TestServer

from reader import __version__

ROOT = Path(__file__).resolve().parent.parent
LINUX = ROOT / "packaging" / "linux"
ICONS = ROOT / "resources" / "icons"
APP_ID = "io.github.siftreader.Sift"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
INSTALL = LINUX / "install-desktop.sh"
HICOLOR_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
VENV_SIFT = Path(sys.executable).parent / "sift"

PAGE_TITLE = "Ferry timetable changes in Lowmere"
PAGE = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{PAGE_TITLE}</title></head>
<body><article><h1>{PAGE_TITLE}</h1>
<p>The Lowmere ferry will run every forty minutes from the first of March, the harbour office said.</p>
<p>Officials called the change a bold new chapter for the island and everyone who visits it.</p>
<p>The last crossing of the day moves from 22:10 to 21:30 on weekdays.</p>
</article></body></html>
"""


def tool(name: str, package: str) -> str:
    """The path of a system tool the test needs; a missing one fails (CI installs it), never skips."""
    path = shutil.which(name)
    if path is None:
        pytest.fail(
            f"`{name}` is missing: install the Debian package {package} (packaging/system-deps.sh does)"
        )
    return path


def desktop_entry(path: Path) -> dict[str, str]:
    """The [Desktop Entry] group of a .desktop file, keys as written."""
    parser = configparser.RawConfigParser(delimiters=("=",), interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(path.read_text(encoding="utf-8"))
    return dict(parser["Desktop Entry"])


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR", f"{path} is not a PNG"
    return struct.unpack(">II", head[16:24])


# --- the files themselves ------------------------------------------------------------------------------


def test_desktop_file_validates() -> None:
    proc = subprocess.run(
        [tool("desktop-file-validate", "desktop-file-utils"), str(DESKTOP)], capture_output=True, text=True
    )
    assert proc.returncode == 0 and not proc.stdout.strip(), proc.stdout + proc.stderr


def test_metainfo_validates() -> None:
    proc = subprocess.run(
        [tool("appstreamcli", "appstream"), "validate", "--no-net", str(METAINFO)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_desktop_entry_and_metainfo_agree_with_the_app() -> None:
    entry = desktop_entry(DESKTOP)
    meta = ET.parse(METAINFO).getroot()
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert meta.findtext("id") == APP_ID == entry["Icon"]
    assert meta.findtext("launchable[@type='desktop-id']") == DESKTOP.name
    binary = meta.findtext("provides/binary")
    assert binary in scripts and entry["Exec"].split()[0] == binary == entry["TryExec"]
    assert entry["Exec"].endswith(" %U"), "the entry must pass the files/URLs it is opened with"
    mime = set(filter(None, entry["MimeType"].split(";")))
    assert {"text/html", "x-scheme-handler/http", "x-scheme-handler/https"} <= mime
    releases = [r.get("version") for r in meta.iter("release")]
    assert __version__ in releases, f"metainfo has no <release> for version {__version__}: {releases}"


def test_metainfo_screenshots_name_files_the_screenshot_tool_writes() -> None:
    # The images are published from docs/, where `make screenshots` (reader/ui/screenshots.py) writes them.
    written = set(
        re.findall(r"screenshot-[\w-]+\.png", (ROOT / "reader/ui/screenshots.py").read_text("utf-8"))
    )
    images = [img.text or "" for img in ET.parse(METAINFO).getroot().iter("image")]
    assert images, "the metainfo has no screenshot"
    for url in images:
        assert url.startswith("https://") and "/docs/" in url, url
        name = url.rsplit("/", 1)[1]
        assert name in written, f"{url}: no such screenshot is generated"
        assert png_size(ROOT / "docs" / name)[0] >= 620, f"docs/{name} is missing or too small for AppStream"


def test_icons_exist_at_every_hicolor_size() -> None:
    for size in HICOLOR_SIZES:
        png = ICONS / f"sift-{size}.png"
        assert png.is_file(), f"missing {png.relative_to(ROOT)}"
        assert png_size(png) == (size, size), png
    svg = ET.parse(ICONS / "sift.svg").getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    _x, _y, w, h = (float(v) for v in svg.get("viewBox", "").split())
    assert w == h > 0, "the scalable icon must be square"
    # install-desktop.sh installs exactly the sizes present, each into its matching hicolor folder
    assert sorted(int(p.stem.split("-")[1]) for p in ICONS.glob("sift-*.png")) == sorted(HICOLOR_SIZES)


# --- install-desktop.sh -------------------------------------------------------------------------------


def installed_files(data: Path) -> dict[Path, Path]:
    """Where each installed file lands under an XDG data folder → the file it is copied from."""
    files = {
        data / "metainfo" / METAINFO.name: METAINFO,
        data / "icons/hicolor/scalable/apps" / f"{APP_ID}.svg": ICONS / "sift.svg",
    }
    for size in HICOLOR_SIZES:
        files[data / f"icons/hicolor/{size}x{size}/apps/{APP_ID}.png"] = ICONS / f"sift-{size}.png"
    return files


def run_install(args: list[str], data: Path, path: str, *, make: bool = False) -> subprocess.CompletedProcess:
    """Run install-desktop.sh (or `make install-desktop`) with XDG_DATA_HOME=data and the given PATH."""
    env = {"HOME": str(data.parent), "XDG_DATA_HOME": str(data), "PATH": path, "LANG": "C.UTF-8"}
    cmd = ["make", "-s", "-C", str(ROOT), "install-desktop", *args] if make else [str(INSTALL), *args]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)


def test_make_install_desktop_installs_into_xdg_and_uninstall_removes(tmp_path: Path) -> None:
    data = tmp_path / "share"
    path = f"{VENV_SIFT.parent}:/usr/bin:/bin"  # `sift` on PATH, as after pipx install
    proc = run_install([], data, path, make=True)
    assert proc.returncode == 0, proc.stderr
    for dest, source in installed_files(data).items():
        assert dest.read_bytes() == source.read_bytes(), dest
    desktop = data / "applications" / DESKTOP.name
    entry = desktop_entry(desktop)
    assert entry["Exec"] == f"{VENV_SIFT} %U" and entry["TryExec"] == str(VENV_SIFT)
    assert {k: v for k, v in entry.items() if k not in ("Exec", "TryExec")} == {
        k: v for k, v in desktop_entry(DESKTOP).items() if k not in ("Exec", "TryExec")
    }
    assert subprocess.run([tool("desktop-file-validate", "desktop-file-utils"), str(desktop)]).returncode == 0

    proc = run_install(["UNINSTALL=1"], data, path, make=True)
    assert proc.returncode == 0, proc.stderr
    left = [p for p in data.rglob("*") if p.is_file() and APP_ID in p.name]
    assert left == [] and not desktop.exists()


def test_without_sift_on_path_the_entry_looks_it_up_and_says_so(tmp_path: Path) -> None:
    data = tmp_path / "share"
    proc = run_install([], data, "/usr/bin:/bin")
    assert proc.returncode == 0, proc.stderr
    entry = desktop_entry(data / "applications" / DESKTOP.name)
    assert entry["Exec"] == "sift %U" and "not on PATH" in proc.stderr


@pytest.mark.parametrize("folder", ["plain", "My Apps", 'odd $HOME "q" `x` \\b'])
def test_exec_path_is_quoted_so_the_desktop_launcher_starts_exactly_it(tmp_path: Path, folder: str) -> None:
    # GLib's launcher (`gio launch`) reads the entry as a desktop would and starts the program.
    program = tmp_path / folder / "sift"
    program.parent.mkdir()
    record = tmp_path / "argv.txt"
    program.write_text(f'#!/bin/sh\nprintf "%s\\n" "$0" "$@" > "{record}"\n', encoding="utf-8")
    program.chmod(0o755)
    data = tmp_path / "share"
    proc = run_install(["--exec", str(program)], data, "/usr/bin:/bin")
    assert proc.returncode == 0, proc.stderr
    desktop = data / "applications" / DESKTOP.name
    assert subprocess.run([tool("desktop-file-validate", "desktop-file-utils"), str(desktop)]).returncode == 0
    page = tmp_path / "a page.html"
    page.write_text(PAGE, encoding="utf-8")
    launched = subprocess.run(
        [tool("gio", "libglib2.0-bin"), "launch", str(desktop), str(page)], capture_output=True, text=True
    )
    assert launched.returncode == 0, launched.stderr
    deadline = time.monotonic() + 10
    while not record.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert record.read_text(encoding="utf-8").splitlines() == [str(program), str(page)]


def test_install_refuses_what_cannot_work(tmp_path: Path) -> None:
    data = tmp_path / "share"
    not_a_program = tmp_path / "sift"
    not_a_program.write_text("", encoding="utf-8")
    proc = run_install(["--exec", str(not_a_program)], data, "/usr/bin:/bin")
    assert proc.returncode == 1 and "not an executable program" in proc.stderr
    percent = tmp_path / "50%" / "sift"
    percent.parent.mkdir()
    percent.write_text("#!/bin/sh\n", encoding="utf-8")
    percent.chmod(0o755)
    proc = run_install(["--exec", str(percent)], data, "/usr/bin:/bin")
    assert proc.returncode == 2 and "'%'" in proc.stderr
    assert run_install(["--bogus"], data, "/usr/bin:/bin").returncode == 2
    assert not data.exists(), "a refused install must not write anything"


# --- `sift FILE` / `sift URL`: what the menu entry runs -----------------------------------------------


class Display:
    """A private X server (Xvfb) on a free display number, for one test."""

    def __init__(self) -> None:
        xvfb = tool("Xvfb", "xvfb")
        read, write = os.pipe()
        self.proc = subprocess.Popen(
            [xvfb, "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
            pass_fds=(write,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(write)
        with os.fdopen(read) as fh:
            number = fh.readline().strip()
        if not number:
            self.proc.kill()
            pytest.fail("Xvfb did not start")
        self.name = f":{number}"

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


@pytest.fixture
def display() -> Iterator[Display]:
    d = Display()
    yield d
    d.close()


def app_env(tmp_path: Path, display: str | None = None, **extra: str) -> dict[str, str]:
    """A minimal environment: no venv on PATH, no PYTHONPATH, settings and data inside tmp_path."""
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700, exist_ok=True)
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path / "home"),
        "LANG": "C.UTF-8",
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_RUNTIME_DIR": str(runtime),
    }
    if display:
        env |= {"DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    return env | extra


def open_in_window(sift: Path, db: Path, source: str, tmp_path: Path, display: Display, title: str) -> dict:
    """Run `sift --db DB SOURCE` on an X display, wait for the window to show the article, quit with
    Ctrl+Q like a user; return the exit code, output and the shared libraries the process had mapped."""
    xdotool = tool("xdotool", "xdotool")
    env = app_env(tmp_path, display.name)
    proc = subprocess.Popen(
        [str(sift), "--db", str(db), source],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        found = subprocess.run(
            [xdotool, "search", "--sync", "--name", f"^{re.escape(title)} — Sift$"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        window = found.stdout.split()[0] if found.returncode == 0 and found.stdout.split() else None
        maps = Path(f"/proc/{proc.pid}/maps").read_text(encoding="utf-8", errors="replace")
        libs = sorted({line.split()[-1] for line in maps.splitlines() if ".so" in line.split()[-1]})
        assert window, f"no window titled “{title} — Sift” appeared"
        subprocess.run(
            [xdotool, "windowfocus", "--sync", window, "key", "--clearmodifiers", "ctrl+q"],
            env=env,
            check=True,
            timeout=30,
        )
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    return {"code": proc.returncode, "stdout": out, "stderr": err, "libs": libs}


def listed_titles(sift: Path, db: Path, tmp_path: Path) -> list[str]:
    """Titles in the library, read back through the CLI."""
    import json

    proc = subprocess.run(
        [str(sift), "--db", str(db), "list", "--json"], env=app_env(tmp_path), capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    return [a["title"] for a in json.loads(proc.stdout)]


@pytest.fixture
def page_server() -> Iterator[TestServer]:
    srv = TestServer()
    srv.page("/ferry", PAGE)
    srv.start()
    yield srv
    srv.stop()


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["file", "url"])
def test_sift_file_or_url_adds_the_article_and_shows_it(
    kind: str, tmp_path: Path, display: Display, page_server: TestServer
) -> None:
    if not VENV_SIFT.exists():
        pytest.fail(f"the sift console script is not installed at {VENV_SIFT} (pip install -e .)")
    page = tmp_path / "ferry.html"
    page.write_text(PAGE, encoding="utf-8")
    source = str(page) if kind == "file" else page_server.url("/ferry")
    db = tmp_path / "library.db"
    result = open_in_window(VENV_SIFT, db, source, tmp_path, display, PAGE_TITLE)
    assert result["code"] == 0, result["stderr"]
    assert "Traceback" not in result["stderr"]
    assert PAGE_TITLE in listed_titles(VENV_SIFT, db, tmp_path)


@pytest.mark.slow
def test_the_wheel_ships_resources_and_finds_them_when_installed(tmp_path: Path) -> None:
    """A pip/pipx install has the icons, sample article and suggestion model (as reader.resources)."""
    import zipfile

    wheel_dir = tmp_path / "wheel"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheel_dir), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheel_dir.glob("sift_reader-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for rel in (
        "sample-article.html",
        "icons/sift.svg",
        "icons/sift-256.png",
        "suggest/default_model.json",
    ):
        assert f"reader/resources/{rel}" in names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = "from reader.paths import sample_article_path as p; print(p())"
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(site)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(out) == site / "reader" / "resources" / "sample-article.html"
    assert Path(out).read_text(encoding="utf-8").startswith(("<!", "<html"))
