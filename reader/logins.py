"""Site logins (cookie, bearer token, basic auth) kept per host in the OS keyring, never in plaintext.

The secret lives in the keyring under service ``sift-reader`` with the host as user name, as JSON
``{"kind": ..., ...}``. A plain list of host names (no secrets) is kept in ``logins.json`` in the
settings folder so that fetching a page only touches the keyring for hosts that have a login.
"""

from __future__ import annotations

import base64
import json
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import keyring
import keyring.errors

from reader import paths
from reader.errors import InputError, LoginError

SERVICE = "sift-reader"
KINDS: tuple[str, ...] = ("cookie", "bearer", "basic")
INDEX_NAME = "logins.json"

NO_BACKEND = (
    "No secure keyring is available, so site logins cannot be stored or read (Sift never keeps them in "
    "plaintext); install and unlock a Secret Service keyring such as gnome-keyring or KWallet, reached over "
    "D-Bus (on Debian or Ubuntu: apt install gnome-keyring, then log in to a desktop session), and try again."
)

_index_lock = threading.Lock()
_keyring_lock = threading.Lock()  # Secret Service clients are not known to be thread-safe


@dataclass(frozen=True, repr=False)
class Login:
    """A site login: ``kind`` is cookie, bearer or basic; ``secret`` the cookie header, token or password."""

    kind: str
    secret: str
    username: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise InputError(f"Unknown login kind {self.kind!r}; use one of: {', '.join(KINDS)}.")
        if not self.secret or any(c in self.secret for c in "\r\n\x00"):
            raise InputError(f"The {self.kind} secret is empty or spans several lines; give it on one line.")
        if self.kind == "basic" and (not self.username or ":" in self.username or "\n" in self.username):
            raise InputError("A basic login needs a user name without ':' or line breaks.")
        if self.kind == "bearer" and any(c.isspace() for c in self.secret):
            raise InputError("A bearer token cannot contain spaces; paste the token alone, without 'Bearer'.")

    def __repr__(self) -> str:
        user = f", username={self.username!r}" if self.username else ""
        return f"Login(kind={self.kind!r}{user}, secret=<hidden>)"

    __str__ = __repr__

    def headers(self) -> dict[str, str]:
        """The HTTP request headers that carry this login."""
        if self.kind == "cookie":
            return {"Cookie": self.secret}
        if self.kind == "bearer":
            return {"Authorization": f"Bearer {self.secret}"}
        pair = f"{self.username}:{self.secret}".encode()
        return {"Authorization": "Basic " + base64.b64encode(pair).decode("ascii")}

    def to_json(self) -> str:
        """Serialize for the keyring."""
        d = {"kind": self.kind}
        if self.kind == "cookie":
            d["cookie"] = self.secret
        elif self.kind == "bearer":
            d["token"] = self.secret
        else:
            d["username"] = self.username or ""
            d["password"] = self.secret
        return json.dumps(d)

    @classmethod
    def from_json(cls, data: str) -> Login:
        """Parse what :meth:`to_json` stored (InputError if it is not a Sift login)."""
        try:
            d = json.loads(data)
            kind = d["kind"]
            if kind == "cookie":
                return cls("cookie", d["cookie"])
            if kind == "bearer":
                return cls("bearer", d["token"])
            if kind == "basic":
                return cls("basic", d["password"], d["username"])
        except (ValueError, KeyError, TypeError):
            pass
        raise InputError(
            "A keyring entry for Sift is not a login Sift understands; remove it with sift logout."
        )


def normalize_host(host: str) -> str:
    """Lower-case a host name (a full URL or ``host:port`` is reduced to its host); InputError if invalid."""
    raw = host.strip()
    if "://" in raw:
        raw = urlsplit(raw).hostname or ""
    elif raw.startswith("["):
        raw = raw[1 : raw.find("]")] if "]" in raw else ""
    elif raw.count(":") == 1:
        raw = raw.split(":", 1)[0]
    raw = raw.rstrip(".").lower()
    if raw and not raw.isascii():
        try:
            raw = raw.encode("idna").decode("ascii")
        except UnicodeError:
            raw = ""
    if not raw or any(c.isspace() or c in "/?#@\\" for c in raw):
        raise InputError(f"{host!r} is not a host name; give one like example.com.")
    return raw


def check_backend() -> keyring.backend.KeyringBackend:
    """Return the keyring backend, or raise LoginError when it is not a secure one (priority < 1)."""
    try:
        kr = keyring.get_keyring()
        priority = kr.priority
    except Exception:
        raise LoginError(NO_BACKEND) from None
    if priority < 1:
        raise LoginError(NO_BACKEND)
    return kr


def _index_path() -> Path:
    return paths.config_dir() / INDEX_NAME


def _read_index() -> list[str]:
    try:
        data = json.loads(_index_path().read_text(encoding="utf-8"))
        hosts = data.get("hosts", []) if isinstance(data, dict) else []
        return sorted({h for h in hosts if isinstance(h, str) and h})
    except (OSError, ValueError):
        return []


def _write_index(hosts: list[str]) -> None:
    path = _index_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".logins-", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump({"hosts": sorted(set(hosts))}, f, indent=1)
        os.replace(tmp, path)
    except OSError as e:
        raise LoginError(
            f"The list of login hosts in {path.parent} could not be written ({e.strerror or e}); "
            "check that the folder is writable."
        ) from None


def _keyring_failed(action: str, host: str, err: Exception) -> LoginError:
    """A LoginError for a keyring failure; only the error's type and message, never the secret."""
    return LoginError(
        f"The keyring could not {action} the login for {host} ({type(err).__name__}: {err}); "
        "unlock your keyring (gnome-keyring or KWallet) and try again."
    )


def set_login(host: str, login: Login) -> None:
    """Store ``login`` for ``host`` in the keyring (replacing any earlier one)."""
    host = normalize_host(host)
    kr = check_backend()
    try:
        with _keyring_lock:
            kr.set_password(SERVICE, host, login.to_json())
    except Exception as e:
        raise _keyring_failed("store", host, e) from None
    with _index_lock:
        hosts = _read_index()
        if host not in hosts:
            _write_index([*hosts, host])


def get_login(host: str) -> Login | None:
    """Return the login saved for ``host``, or ``None``."""
    host = normalize_host(host)
    kr = check_backend()
    try:
        with _keyring_lock:
            data = kr.get_password(SERVICE, host)
    except Exception as e:
        raise _keyring_failed("read", host, e) from None
    return Login.from_json(data) if data else None


def delete_login(host: str) -> bool:
    """Remove the login for ``host``; return True if one was stored."""
    host = normalize_host(host)
    kr = check_backend()
    existed = True
    try:
        with _keyring_lock:
            kr.delete_password(SERVICE, host)
    except keyring.errors.PasswordDeleteError:
        existed = False
    except Exception as e:
        raise _keyring_failed("remove", host, e) from None
    with _index_lock:
        hosts = _read_index()
        if host in hosts:
            _write_index([h for h in hosts if h != host])
            existed = True
    return existed


def list_hosts() -> list[str]:
    """The hosts that have a saved login (names only; no keyring access)."""
    with _index_lock:
        return _read_index()


def login_for_url_host(host: str | None) -> Login | None:
    """The login to send to ``host`` while fetching: looked up only if the host index lists it."""
    if not host:
        return None
    try:
        host = normalize_host(host)
    except InputError:
        return None
    if host not in list_hosts():
        return None
    return get_login(host)
