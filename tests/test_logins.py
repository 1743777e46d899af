"""Site logins: the Login record, the keyring rules, the CLI, and that secrets never leak anywhere."""

from __future__ import annotations

import io
import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backends.fail
import keyring.backends.null
import pytest
from click.testing import CliRunner
from httpserver import TestServer

from reader import logins
from reader.cli_logins import COMMANDS, login_command, logins_command, logout_command
from reader.errors import InputError, LoginError, SiftError
from reader.export import export_csv, export_json, export_markdown
from reader.ingest import add_loaded, load_source
from reader.logins import Login
from reader.store import Library

pytest_plugins = ["conftest_http"]

SECRET = "tOk3n-" + uuid.uuid4().hex  # unique per run, so a grep can only find this run's secret


@pytest.fixture(autouse=True)
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh settings folder (where the non-secret host list lives) for every test."""
    home = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    return home


@pytest.fixture(params=[keyring.backends.fail.Keyring, keyring.backends.null.Keyring], ids=["fail", "null"])
def no_secure_keyring(request: pytest.FixtureRequest) -> Iterator[None]:
    """keyring's own insecure backends, as on a fresh machine without a Secret Service."""
    saved = keyring.get_keyring()
    keyring.set_keyring(request.param())
    yield
    keyring.set_keyring(saved)


def unique_host() -> str:
    return f"t{uuid.uuid4().hex[:12]}.example.org"


# -- the record --------------------------------------------------------------------------------------


def test_login_headers_and_json_round_trip() -> None:
    cookie, bearer, basic = (
        Login("cookie", "sid=abc; theme=dark"),
        Login("bearer", "xyz"),
        Login("basic", "pw", "al"),
    )
    assert cookie.headers() == {"Cookie": "sid=abc; theme=dark"}
    assert bearer.headers() == {"Authorization": "Bearer xyz"}
    assert basic.headers() == {"Authorization": "Basic YWw6cHc="}
    for login in (cookie, bearer, basic):
        assert Login.from_json(login.to_json()) == login
        assert json.loads(login.to_json())["kind"] == login.kind


def test_login_repr_hides_the_secret() -> None:
    login = Login("basic", SECRET, "alice")
    assert SECRET not in repr(login) and SECRET not in str(login) and SECRET not in f"{login}"
    assert "alice" in repr(login)


@pytest.mark.parametrize(
    ("args", "phrase"),
    [
        (("password", "x"), "Unknown login kind"),
        (("cookie", ""), "empty"),
        (("cookie", "a=1\nb=2"), "several lines"),
        (("bearer", "Bearer abc"), "cannot contain spaces"),
        (("basic", "pw"), "needs a user name"),
        (("basic", "pw", "a:b"), "needs a user name"),
    ],
)
def test_invalid_logins_are_refused(args: tuple, phrase: str) -> None:
    with pytest.raises(InputError, match=phrase):
        Login(*args)


@pytest.mark.parametrize(
    ("given", "host"),
    [
        ("Example.COM", "example.com"),
        ("https://news.example.com/a?b=c", "news.example.com"),
        ("example.com:8443", "example.com"),
        ("example.com.", "example.com"),
        ("bücher.example", "xn--bcher-kva.example"),
        ("127.0.0.1", "127.0.0.1"),
    ],
)
def test_host_names_are_normalized(given: str, host: str) -> None:
    assert logins.normalize_host(given) == host


@pytest.mark.parametrize("bad", ["", "  ", "a b.com", "user@example.com", "example.com/path"])
def test_bad_host_names_are_refused(bad: str) -> None:
    with pytest.raises(InputError, match="not a host name"):
        logins.normalize_host(bad)


# -- no secure keyring ---------------------------------------------------------------------------------


@pytest.mark.usefixtures("no_secure_keyring")
def test_without_a_secure_keyring_nothing_is_stored(config_home: Path) -> None:
    for call in (
        lambda: logins.set_login("example.com", Login("bearer", SECRET)),
        lambda: logins.get_login("example.com"),
        lambda: logins.delete_login("example.com"),
    ):
        with pytest.raises(LoginError) as info:
            call()
        message = str(info.value)
        assert "No secure keyring" in message and "gnome-keyring" in message and "KWallet" in message
        assert "D-Bus" in message and SECRET not in message
    assert logins.list_hosts() == []
    assert not config_home.exists() or SECRET.encode() not in b"".join(
        p.read_bytes() for p in config_home.rglob("*") if p.is_file()
    )


@pytest.mark.usefixtures("no_secure_keyring")
def test_fetching_never_touches_the_keyring_for_hosts_without_a_login(config_home: Path) -> None:
    assert logins.login_for_url_host("news.example.com") is None  # no LoginError: keyring not asked
    (config_home / "sift-reader").mkdir(parents=True)
    (config_home / "sift-reader" / "logins.json").write_text('{"hosts": ["news.example.com"]}')
    assert logins.list_hosts() == ["news.example.com"]
    with pytest.raises(LoginError):  # listed: the keyring is asked, and its absence is reported
        logins.login_for_url_host("news.example.com")


def test_a_damaged_host_list_reads_as_empty(config_home: Path) -> None:
    (config_home / "sift-reader").mkdir(parents=True)
    (config_home / "sift-reader" / "logins.json").write_text("{not json")
    assert logins.list_hosts() == []


@pytest.mark.usefixtures("no_secure_keyring")
def test_cli_login_without_keyring_explains_and_hides_the_secret() -> None:
    result = CliRunner().invoke(login_command, ["example.com", "--kind", "bearer"], input=SECRET + "\n")
    assert result.exit_code == 1
    assert "No secure keyring" in result.output and SECRET not in result.output


def test_cli_never_takes_the_secret_from_the_command_line() -> None:
    params = {p.name for c in COMMANDS for p in c.params}
    assert params == {"host", "kind", "username"}
    for command in COMMANDS:
        result = CliRunner().invoke(command, ["--help"])
        assert result.exit_code == 0 and len(result.output) > 80


def test_cli_logins_lists_hosts_only(config_home: Path) -> None:
    (config_home / "sift-reader").mkdir(parents=True)
    (config_home / "sift-reader" / "logins.json").write_text('{"hosts": ["b.example", "a.example"]}')
    result = CliRunner().invoke(logins_command, [])
    assert result.exit_code == 0 and result.output == "a.example\nb.example\n"


# -- a real Secret Service (run by `make test` via tests/with-keyring.sh) ---------------------------------


@pytest.mark.keyring
def test_real_keyring_round_trip(config_home: Path) -> None:
    host = unique_host()
    login = Login("basic", SECRET, "alice")
    logins.set_login(host, login)
    try:
        assert logins.get_login(host) == login
        assert host in logins.list_hosts()
        stored = keyring.get_password(logins.SERVICE, host)
        assert json.loads(stored) == {"kind": "basic", "username": "alice", "password": SECRET}
        index = (config_home / "sift-reader" / "logins.json").read_text()
        assert host in index and SECRET not in index
    finally:
        assert logins.delete_login(host) is True
    assert logins.get_login(host) is None and host not in logins.list_hosts()
    assert logins.delete_login(host) is False


@pytest.mark.keyring
def test_real_keyring_cli_login_logout() -> None:
    host = unique_host()
    runner = CliRunner()
    result = runner.invoke(login_command, [host, "--kind", "bearer"], input=SECRET + "\n")
    assert result.exit_code == 0, result.output
    assert SECRET not in result.output
    assert logins.get_login(host) == Login("bearer", SECRET)
    result = runner.invoke(login_command, [host, "--kind", "basic"], input=f"bob\n{SECRET}\n")
    assert result.exit_code == 0 and logins.get_login(host) == Login("basic", SECRET, "bob")
    listed = runner.invoke(logins_command, [])
    assert host in listed.output and SECRET not in listed.output
    assert runner.invoke(logout_command, [host]).exit_code == 0
    assert logins.get_login(host) is None
    gone = runner.invoke(logout_command, [host])
    assert gone.exit_code == 1 and "No login is saved" in gone.output


@pytest.mark.keyring
def test_real_keyring_secret_reaches_its_host_only_and_leaks_nowhere(
    http_server: TestServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    logins.set_login("127.0.0.1", Login("bearer", SECRET))
    db = tmp_path / "library.db"
    messages: list[str] = []
    try:
        with Library(db) as library:
            article = add_loaded(library, load_source(http_server.url("/cross")))  # 127.0.0.1 -> localhost
            library.paint(article.id, 0, 10, "fact", note="checked")
            for path in ("/status/401", "/status/403", "/loop-a"):
                try:
                    add_loaded(library, load_source(http_server.url(path)))
                except SiftError as e:
                    messages.append(str(e))
            exports = []
            for export in (export_csv, export_json, export_markdown):
                out = io.StringIO()
                export(library, out)
                exports.append(out.getvalue())
    finally:
        logins.delete_login("127.0.0.1")
    first, second = http_server.requests[:2]
    assert first.host.startswith("127.0.0.1") and first.headers.get("Authorization") == f"Bearer {SECRET}"
    assert second.host.startswith("localhost") and "Authorization" not in second.headers
    assert len(messages) == 3 and all(SECRET not in m for m in messages)
    assert all(SECRET not in e for e in exports) and "Harbour Cranes" in exports[2]
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("library.db*"))
    assert stored and SECRET.encode() not in stored
    assert SECRET not in caplog.text
