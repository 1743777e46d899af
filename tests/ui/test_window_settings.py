"""Settings: typed values over an ini file, change signals, window state bytes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray

from reader.ui.settings import Settings

pytestmark = pytest.mark.gui


def test_defaults_types_and_persistence(tmp_path, qapp) -> None:
    s = Settings(tmp_path / "s.ini")
    assert (s.theme, s.font_family, s.font_size, s.line_width) == ("system", "", 13, 72)
    assert s.annotator  # the OS user name (or "reader")
    s.font_size = 16
    s.line_width = 0
    s.theme = "sepia"
    s.dim_filler = True
    s.last_export_dir = "/tmp/out"
    again = Settings(tmp_path / "s.ini")
    assert (again.font_size, again.line_width, again.theme, again.dim_filler) == (16, 0, "sepia", True)
    assert isinstance(again.font_size, int) and isinstance(again.dim_filler, bool)
    assert again.last_export_dir == "/tmp/out"


def test_changed_is_emitted_once_per_real_change(tmp_path, qapp) -> None:
    s = Settings(tmp_path / "s.ini")
    seen: list[str] = []
    s.changed.connect(seen.append)
    s.theme = "dark"
    s.theme = "dark"
    s.font_size = 13  # the default, but now stored explicitly
    s.font_size = 13
    assert seen == ["theme", "font_size"]


def test_bad_values_are_refused_or_fall_back(tmp_path, qapp) -> None:
    s = Settings(tmp_path / "s.ini")
    with pytest.raises(ValueError):
        s.theme = "neon"
    (tmp_path / "s.ini").write_text("[General]\nfont_size=huge\ndim_filler=yes\n", encoding="utf-8")
    s2 = Settings(tmp_path / "s.ini")
    assert s2.font_size == 13
    assert s2.dim_filler is True


def test_window_state_bytes_round_trip(tmp_path, qapp) -> None:
    s = Settings(tmp_path / "s.ini")
    assert s.state("geometry") is None
    s.set_state("geometry", QByteArray(b"\x00\x01binary\xff"))
    s.sync()
    assert bytes(Settings(tmp_path / "s.ini").state("geometry").data()) == b"\x00\x01binary\xff"
