"""Sift's desktop window (PySide6): the only package allowed to import Qt.

Importing this package first guards against a PySide6 6.12.0 defect on Python 3.11: every call of a
Qt method that returns nothing (``setPosition``, ``resize``, ``setObjectName``…) drops one reference to
``None`` without having taken it, so after a few thousand calls CPython aborts with "none_dealloc:
deallocating None". Python 3.12+ makes ``None`` immortal, which hides the defect; on 3.11 we give
``None`` (and, to be safe, ``True`` and ``False``) a reference count so large that it cannot reach zero
(the same effect as 3.12's immortality).
"""

from __future__ import annotations

import sys

NONE_REFS = 1 << 40  # at a million leaked references a second this lasts about 12 days


def keep_none_alive() -> bool:
    """Make ``None``, ``True`` and ``False`` effectively immortal on CPython < 3.12; True when guarded."""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False
    import ctypes

    for singleton in (None, True, False):
        if sys.getrefcount(singleton) < NONE_REFS // 2:
            ctypes.c_ssize_t.from_address(id(singleton)).value += NONE_REFS
    return True


keep_none_alive()
