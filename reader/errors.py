"""User-facing errors: each message is the sentence the user reads (what failed, what to do).

Anything that is not a :class:`SiftError` is a bug and should surface as one.
"""

from __future__ import annotations


class SiftError(Exception):
    """An error the user can act on; ``str(err)`` is a complete, clear sentence."""


class StoreError(SiftError):
    """The library database cannot be used (locked, full, corrupt, newer, not a Sift database)."""


class NotFoundError(SiftError):
    """An article, highlight or label the user named does not exist."""


class InputError(SiftError):
    """The user's input (a file, a range, a label, a query) cannot be used as given."""


class ExtractError(SiftError):
    """A page or file could not be turned into an article."""


class FetchError(SiftError):
    """A URL could not be fetched."""


class LoginError(SiftError):
    """A site login could not be stored or read (usually: no secure keyring)."""
