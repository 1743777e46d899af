"""User preferences for the window, stored with QSettings (an ini file in tests)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QObject, QSettings, Signal

from reader.migrations import default_annotator

THEMES = ("system", "light", "dark", "sepia")

# key -> (type, default); the default of "annotator" is filled in at runtime.
_SPEC: dict[str, tuple[type, Any]] = {
    "theme": (str, "system"),
    "font_family": (str, ""),  # "" = the best reading serif installed (see themes.reading_font)
    "font_size": (int, 13),
    "line_width": (int, 72),  # characters per line; 0 = full width
    "annotator": (str, ""),
    "last_export_dir": (str, ""),
    "last_add_dir": (str, ""),
    "facts_only": (bool, False),
    "dim_filler": (bool, False),
    "sentence_mode": (bool, False),
    "current_label": (str, "fact"),
    "show_hint": (bool, True),
    "library_sort": (str, "added"),
    "library_filter": (str, "inbox"),
}


def _coerce(kind: type, value: Any, default: Any) -> Any:
    """Turn a QSettings value (often a string in ini files) back into ``kind``."""
    if value is None:
        return default
    try:
        if kind is bool:
            if isinstance(value, str):
                return value.strip().lower() in ("1", "true", "yes", "on")
            return bool(value)
        if kind is int:
            return int(value)
        return str(value)
    except (TypeError, ValueError):
        return default


class Settings(QObject):
    """Typed preferences over QSettings("sift-reader", "Sift").

    Signals: ``changed(str key)`` after a value actually changed.
    """

    changed = Signal(str)

    def __init__(self, path: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        if path is None:
            self._qs = QSettings("sift-reader", "Sift")
        else:
            self._qs = QSettings(str(path), QSettings.Format.IniFormat)

    def get(self, key: str) -> Any:
        """Return the typed value of ``key`` (its default when unset or unreadable)."""
        kind, default = _SPEC[key]
        if key == "annotator" and not default:
            default = default_annotator()
        return _coerce(kind, self._qs.value(key), default)

    def set(self, key: str, value: Any) -> None:
        """Store ``value`` under ``key`` and emit ``changed`` when it differs."""
        kind, _default = _SPEC[key]
        if key == "theme" and value not in THEMES:
            raise ValueError(f"unknown theme {value!r}")
        value = kind(value)
        if self.get(key) == value and self._qs.contains(key):
            return
        self._qs.setValue(key, value)
        self._qs.sync()
        self.changed.emit(key)

    def sync(self) -> None:
        """Flush to disk."""
        self._qs.sync()

    # Window state: raw bytes, no change signal.
    def state(self, key: str) -> QByteArray | None:
        """Return saved window/splitter state bytes, or None."""
        v = self._qs.value(f"state/{key}")
        return v if isinstance(v, QByteArray) and not v.isEmpty() else None

    def set_state(self, key: str, data: QByteArray) -> None:
        """Remember window/splitter state bytes."""
        self._qs.setValue(f"state/{key}", data)

    theme = property(lambda s: s.get("theme"), lambda s, v: s.set("theme", v))
    font_family = property(lambda s: s.get("font_family"), lambda s, v: s.set("font_family", v))
    font_size = property(lambda s: s.get("font_size"), lambda s, v: s.set("font_size", v))
    line_width = property(lambda s: s.get("line_width"), lambda s, v: s.set("line_width", v))
    annotator = property(lambda s: s.get("annotator"), lambda s, v: s.set("annotator", v))
    last_export_dir = property(lambda s: s.get("last_export_dir"), lambda s, v: s.set("last_export_dir", v))
    last_add_dir = property(lambda s: s.get("last_add_dir"), lambda s, v: s.set("last_add_dir", v))
    facts_only = property(lambda s: s.get("facts_only"), lambda s, v: s.set("facts_only", v))
    dim_filler = property(lambda s: s.get("dim_filler"), lambda s, v: s.set("dim_filler", v))
    sentence_mode = property(lambda s: s.get("sentence_mode"), lambda s, v: s.set("sentence_mode", v))
    current_label = property(lambda s: s.get("current_label"), lambda s, v: s.set("current_label", v))
    show_hint = property(lambda s: s.get("show_hint"), lambda s, v: s.set("show_hint", v))
