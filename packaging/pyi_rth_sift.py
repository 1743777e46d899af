"""Sift's PyInstaller runtime hook, in place of PyInstaller's PySide6 hook (see packaging/sift.spec).

PyInstaller's hook imports QtCore at start-up (loading Qt and ICU even for `sift --version`) only to
register a qt.conf that PySide6 wheels already register themselves when QtCore is first imported. This
hook instead keeps the start of CLI commands Qt-free and gives the programs Sift starts (xdg-open and the
browser behind it) the user's own environment rather than the bundle's library path.
"""


def _sift_rthook() -> None:
    import os

    # The dynamic loader read LD_LIBRARY_PATH (the bundle's folder) when this process started; children
    # must not inherit it, or a browser opened from Sift would load the bundle's libraries.
    original = os.environ.pop("LD_LIBRARY_PATH_ORIG", None)
    if original is not None:
        os.environ["LD_LIBRARY_PATH"] = original
    else:
        os.environ.pop("LD_LIBRARY_PATH", None)
    # Only the bundle's own Qt plugins: a system Qt's plugins (another Qt version) would crash this one.
    os.environ.pop("QT_PLUGIN_PATH", None)


_sift_rthook()
del _sift_rthook
