"""The one-folder bundle (packaging/sift.spec), used from the bundle alone: no venv on PATH, no PYTHONPATH.

The bundle is built into a temporary folder, unless dist/sift carries the fingerprint of exactly the
current sources and build environment (packaging/bundle_inputs.py), which proves it up to date.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from httpserver import TestServer, self_signed_context
from test_packaging import (
    APP_ID,
    PAGE,
    PAGE_TITLE,
    Display,
    app_env,
    desktop_entry,
    listed_titles,
    open_in_window,
    tool,
)

from reader import __version__

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("bundle_inputs", ROOT / "packaging" / "bundle_inputs.py")
assert _spec and _spec.loader
bundle_inputs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bundle_inputs)

# Shared libraries the bundle takes from the system (README: "System libraries the bundle needs").
# A new one showing up here means the bundle grew a dependency nobody documented.
SYSTEM_LIBS = {
    # glibc
    "libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1", "ld-linux-x86-64.so.2",
    # OpenGL dispatch (libglvnd): Qt links it; Sift draws with the CPU
    "libGL.so.1", "libEGL.so.1", "libGLX.so.0", "libGLdispatch.so.0",
    # X11
    "libxcb.so.1", "libX11.so.6", "libX11-xcb.so.1", "libXau.so.6", "libXdmcp.so.6", "libbsd.so.0",
    "libmd.so.0",
    # Wayland
    "libwayland-client.so.0", "libwayland-cursor.so.0",
    # fonts
    "libfontconfig.so.1", "libfreetype.so.6", "libexpat.so.1", "libpng16.so.16", "libbrotlidec.so.1",
    "libbrotlicommon.so.1",
    # D-Bus (input methods, accessibility, portals, the keyring)
    "libdbus-1.so.3", "libsystemd.so.0", "libcap.so.2", "libgcrypt.so.20", "libgpg-error.so.0", "liblz4.so.1",
}  # fmt: skip


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The bundle folder (containing ./sift): dist/sift when proven up to date, else a fresh build."""
    existing = ROOT / "dist" / "sift"
    if bundle_inputs.is_up_to_date(existing):
        yield existing
        return
    out = tmp_path_factory.mktemp("bundle")
    proc = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN", "--distpath",
         str(out / "dist"), "--workpath", str(out / "work"), str(ROOT / "packaging" / "sift.spec")],
        capture_output=True, text=True, timeout=900, cwd=out,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-4000:]
    yield out / "dist" / "sift"
    shutil.rmtree(out, ignore_errors=True)  # ~130 MB: not worth keeping among pytest's last temp folders


@pytest.fixture(scope="module")
def sift(bundle: Path) -> Path:
    return bundle / "sift"


def run(sift: Path, args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the bundled sift with a minimal environment (see test_packaging.app_env)."""
    return subprocess.run(
        [str(sift), *args],
        env=app_env(tmp_path, **env),
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "local.html"
    path.write_text(PAGE, encoding="utf-8")
    return path


def test_version_from_the_bundle_alone(sift: Path, bundle: Path, tmp_path: Path) -> None:
    proc = run(sift, ["--version"], tmp_path)
    assert proc.returncode == 0 and proc.stdout.strip() == f"sift {__version__}", proc.stderr
    # its own interpreter: libpython and the standard library's extension modules are inside
    assert list((bundle / "_internal").glob("libpython3*.so*"))
    assert (bundle / "_internal" / "base_library.zip").is_file()


def test_bundle_holds_the_resources_and_leaves_out_unused_qt(bundle: Path) -> None:
    inside = bundle / "_internal"
    for rel in (
        "resources/icons/sift.svg",
        "resources/icons/sift-256.png",
        "resources/sample-article.html",
        "resources/suggest/default_model.json",
        f"desktop/{APP_ID}.desktop",
        f"desktop/{APP_ID}.metainfo.xml",
        bundle_inputs.STAMP_NAME,
    ):
        assert (inside / rel).is_file(), rel
    assert (bundle / "install-desktop.sh").stat().st_mode & 0o111
    plugins = inside / "PySide6" / "Qt" / "plugins"
    for needed in (
        "platforms/libqxcb.so",
        "platforms/libqoffscreen.so",
        "platforms/libqwayland.so",
        "iconengines/libqsvgicon.so",
        "imageformats/libqsvg.so",
    ):
        assert (plugins / needed).is_file(), needed
    names = {p.name for p in inside.rglob("*")}
    for unused in (
        "libQt6Network.so.6",
        "libQt6Qml.so.6",
        "libQt6Quick.so.6",
        "libqgtk3.so",
        "libqeglfs.so",
        "libgtk-3.so.0",
        "libfontconfig.so.1",
        "libdbus-1.so.3",
        "QtNetwork.abi3.so",
    ):
        assert unused not in names, f"{unused} should not be bundled"


def test_add_highlight_export_from_the_bundle(sift: Path, tmp_path: Path, page: Path) -> None:
    db = tmp_path / "lib" / "library.db"
    added = run(sift, ["--db", str(db), "add", str(page)], tmp_path)
    assert added.returncode == 0, added.stderr
    article_id, title = added.stdout.strip().split("\t")
    assert title == PAGE_TITLE
    fact = "last crossing of the day moves from 22:10 to 21:30"
    hl = run(
        sift,
        ["--db", str(db), "highlight", article_id, "fact", "--quote", fact, "--note", "checked"],
        tmp_path,
    )
    assert hl.returncode == 0, hl.stderr
    filler = run(
        sift, ["--db", str(db), "highlight", article_id, "filler", "--quote", "a bold new chapter"], tmp_path
    )
    assert filler.returncode == 0, filler.stderr
    exported = run(sift, ["--db", str(db), "export"], tmp_path)
    assert exported.returncode == 0, exported.stderr
    rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    assert sorted((r["label"], r["exact"], r["note"], r["article_title"]) for r in rows) == [
        ("fact", fact, "checked", PAGE_TITLE),
        ("filler", "a bold new chapter", "", PAGE_TITLE),
    ]
    as_json = run(sift, ["--db", str(db), "export", "--format", "json"], tmp_path)
    assert as_json.returncode == 0 and len(json.loads(as_json.stdout)["first"]["items"]) == 2


def test_window_opens_offscreen_and_closes_cleanly(sift: Path, tmp_path: Path) -> None:
    proc = run(
        sift,
        ["--db", str(tmp_path / "library.db")],
        tmp_path,
        QT_QPA_PLATFORM="offscreen",
        SIFT_EXIT_AFTER_PAINT="1",
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("first-paint-ms "), proc.stdout
    assert "Traceback" not in proc.stderr and "qt.qpa.plugin" not in proc.stderr, proc.stderr
    # first run: the sample article was added in the library the window opened
    assert len(listed_titles(sift, tmp_path / "library.db", tmp_path)) == 1


def test_quitting_at_first_paint_while_a_file_is_being_added_is_clean(sift: Path, tmp_path: Path, page: Path):
    # SIFT_EXIT_AFTER_PAINT quits at the first paint, which may come before the background add finished:
    # the process must still exit 0 and leave a library that holds the article completely or not at all.
    db = tmp_path / "library.db"
    proc = run(
        sift, ["--db", str(db), str(page)], tmp_path, QT_QPA_PLATFORM="offscreen", SIFT_EXIT_AFTER_PAINT="1"
    )
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    titles = listed_titles(sift, db, tmp_path)
    assert titles.count(PAGE_TITLE) <= 1 and len(titles) in (1, 2)
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)


@pytest.fixture
def display() -> Iterator[Display]:
    d = Display()
    yield d
    d.close()


@pytest.mark.parametrize("kind", ["file", "url"])
def test_bundle_under_x11_opens_a_file_or_url_and_uses_only_its_own_python(
    kind: str, sift: Path, bundle: Path, tmp_path: Path, page: Path, display: Display
) -> None:
    srv = TestServer()
    srv.page("/ferry", PAGE)
    srv.start()
    try:
        source = str(page) if kind == "file" else srv.url("/ferry")
        db = tmp_path / "library.db"
        result = open_in_window(sift, db, source, tmp_path, display, PAGE_TITLE)
    finally:
        srv.stop()
    assert result["code"] == 0, result["stderr"]
    assert "Traceback" not in result["stderr"]
    assert PAGE_TITLE in listed_titles(sift, db, tmp_path)
    # every shared object the running app mapped is the bundle's or the system's: no venv, no other Python
    inside = str(bundle.resolve())
    foreign = [
        lib
        for lib in result["libs"]
        if not lib.startswith(inside) and not lib.startswith(("/usr/lib/", "/lib/", "/usr/lib64/", "/lib64/"))
    ]
    assert foreign == [], foreign
    mapped = {lib for lib in result["libs"] if lib.startswith(inside)}
    assert any(lib.endswith("platforms/libqxcb.so") for lib in mapped), "the bundled xcb plugin was not used"
    from_system = {
        Path(lib).name.split(".so")[0] + ".so"
        for lib in result["libs"]
        if not lib.startswith(inside) and "/gconv/" not in lib  # glibc's own charset converters
    }
    documented = {name.split(".so")[0] + ".so" for name in SYSTEM_LIBS}
    assert from_system <= documented, sorted(from_system - documented)


def ldd(path: Path, bundle: Path) -> dict[str, str]:
    """ldd of one file as the bundle runs it (the bootloader puts _internal on LD_LIBRARY_PATH)."""
    env = {"PATH": "/usr/bin:/bin", "LD_LIBRARY_PATH": str(bundle / "_internal"), "LANG": "C"}
    proc = subprocess.run([tool("ldd", "libc-bin"), str(path)], env=env, capture_output=True, text=True)
    found = {}
    for line in proc.stdout.splitlines():
        parts = line.split()
        if "=>" in parts:  # "libX.so.1 => /path/libX.so.1 (0x…)" or "libX.so.1 => not found"
            found[parts[0]] = "not found" if parts[2:4] == ["not", "found"] else parts[2]
        elif parts and parts[0].startswith("/"):  # the dynamic loader itself
            found[Path(parts[0]).name] = parts[0]
    return found


def test_ldd_finds_every_library_of_the_bundled_binaries(bundle: Path) -> None:
    inside = str(bundle.resolve())
    elfs = [bundle / "sift"] + [
        p for p in (bundle / "_internal").rglob("*.so*") if p.is_file() and not p.is_symlink()
    ]
    plugins = [p for p in elfs if "/plugins/" in str(p)]
    assert len(plugins) >= 8, plugins
    missing, from_system = [], set()
    for elf in elfs:
        for name, where in ldd(elf, bundle).items():
            if where == "not found":
                missing.append(f"{elf.relative_to(bundle)}: {name}")
            elif not str(Path(where).resolve()).startswith(inside):
                from_system.add(name)
    assert missing == [], "ldd reports libraries not found:\n" + "\n".join(missing)
    assert from_system <= SYSTEM_LIBS, f"undocumented system libraries: {sorted(from_system - SYSTEM_LIBS)}"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## System libraries the bundle needs", 1)[-1].split("\n## ", 1)[0]
    undocumented = sorted(n for n in from_system if n.split(".so")[0] not in section)
    assert undocumented == [], f"README 'System libraries the bundle needs' does not name: {undocumented}"


@pytest.fixture
def tls_page(tmp_path: Path) -> Iterator[tuple[TestServer, Path]]:
    certs = tmp_path / "certs"
    certs.mkdir()
    ctx = self_signed_context(certs)
    assert ctx is not None
    srv = TestServer(tls=ctx)
    srv.page("/ferry", PAGE)
    srv.start()
    yield srv, certs / "cert.pem"
    srv.stop()


def test_https_from_the_bundle_verifies_certificates(sift: Path, tmp_path: Path, tls_page) -> None:
    srv, cert = tls_page
    db = tmp_path / "library.db"
    refused = run(sift, ["--db", str(db), "add", srv.url("/ferry")], tmp_path)
    assert refused.returncode == 1 and "certificate" in refused.stderr, refused.stderr
    trusted = run(sift, ["--db", str(db), "add", srv.url("/ferry")], tmp_path, SSL_CERT_FILE=str(cert))
    assert trusted.returncode == 0, trusted.stderr
    assert trusted.stdout.strip().endswith(PAGE_TITLE)


@pytest.mark.keyring
def test_logins_use_the_real_secret_service_from_the_bundle(sift: Path, tmp_path: Path) -> None:
    session = {k: os.environ[k] for k in ("DBUS_SESSION_BUS_ADDRESS",) if k in os.environ}
    host = "bundle-test.example"
    saved = subprocess.run(
        [str(sift), "login", host],
        input="sid=bundle\n",
        env=app_env(tmp_path, **session),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert saved.returncode == 0, saved.stderr
    try:
        listed = run(sift, ["logins"], tmp_path, **session)
        assert host in listed.stdout.split(), listed.stderr
    finally:
        removed = run(sift, ["logout", host], tmp_path, **session)
    assert removed.returncode == 0, removed.stderr


def test_install_desktop_from_the_bundle_points_the_entry_at_it(bundle: Path, tmp_path: Path) -> None:
    data = tmp_path / "share"
    env = {"HOME": str(tmp_path), "XDG_DATA_HOME": str(data), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([str(bundle / "install-desktop.sh")], env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    entry = desktop_entry(data / "applications" / f"{APP_ID}.desktop")
    exe = str((bundle / "sift").resolve())
    assert entry["TryExec"] == exe and entry["Exec"] in (f"{exe} %U", f'"{exe}" %U')
    assert (data / f"icons/hicolor/scalable/apps/{APP_ID}.svg").is_file()
    assert (data / f"icons/hicolor/256x256/apps/{APP_ID}.png").is_file()
    gone = subprocess.run([str(bundle / "install-desktop.sh"), "--uninstall"], env=env, capture_output=True)
    assert gone.returncode == 0 and not any(APP_ID in p.name for p in data.rglob("*") if p.is_file())
