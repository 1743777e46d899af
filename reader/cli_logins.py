"""``sift login HOST``, ``sift logout HOST`` and ``sift logins``: site logins kept in the OS keyring.

Secrets are read from a hidden prompt, or from standard input when it is not a terminal, and
never from the command line (where they would land in the shell history and the process list).
"""

from __future__ import annotations

import sys
from typing import TextIO

import click

from reader import logins
from reader.cli_common import SiftFailure
from reader.errors import SiftError

_PROMPTS = {"cookie": "Cookie header value", "bearer": "Bearer token", "basic": "Password"}


def _stdin() -> TextIO:
    return sys.stdin


def _read_lines(count: int) -> list[str]:
    """Read ``count`` lines from a non-interactive standard input (trailing newlines removed)."""
    stream = _stdin()
    lines = [stream.readline().rstrip("\r\n") for _ in range(count)]
    return lines


def _read_secret(kind: str, username: str | None) -> tuple[str, str | None]:
    """Ask for (or read from stdin) the secret, and the user name for basic logins."""
    interactive = _stdin().isatty()
    if kind == "basic" and not username:
        if interactive:
            username = click.prompt("User name", err=True).strip()
        else:
            username, secret = _read_lines(2)
            return secret, username.strip() or None
    if interactive:
        secret = click.prompt(_PROMPTS[kind], hide_input=True, err=True)
    else:
        (secret,) = _read_lines(1)
    return secret.strip() if kind != "basic" else secret, username


@click.command("login")
@click.argument("host")
@click.option(
    "--kind",
    type=click.Choice(logins.KINDS),
    default="cookie",
    show_default=True,
    help="cookie: a Cookie header copied from your browser; bearer: an API token; basic: user + password.",
)
@click.option("--username", help="User name for --kind basic (the password is still prompted for).")
def login_command(host: str, kind: str, username: str | None) -> None:
    """Save a login for HOST in the OS keyring; Sift sends it only to that host.

    The secret is read from a hidden prompt, or from standard input when it is piped (one line; for
    --kind basic without --username: the user name, then the password on the next line). It is
    never taken from the command line and never written anywhere but the keyring.
    """
    try:
        host = logins.normalize_host(host)
        logins.check_backend()  # say so before asking for a secret that could not be kept
        secret, user = _read_secret(kind, username)
        if not secret:
            raise SiftFailure("No secret was given, so nothing was saved; type or pipe it in.")
        logins.set_login(host, logins.Login(kind, secret, user if kind == "basic" else None))
    except SiftError as e:
        raise SiftFailure(str(e)) from None
    except (EOFError, click.Abort):
        raise SiftFailure("No secret was given, so nothing was saved; type or pipe it in.") from None
    click.echo(f"Saved a {kind} login for {host} in the keyring.", err=True)


@click.command("logout")
@click.argument("host")
def logout_command(host: str) -> None:
    """Remove the saved login for HOST from the keyring."""
    try:
        host = logins.normalize_host(host)
        existed = logins.delete_login(host)
    except SiftError as e:
        raise SiftFailure(str(e)) from None
    if not existed:
        raise SiftFailure(f"No login is saved for {host}; `sift logins` lists the hosts that have one.")
    click.echo(f"Removed the login for {host}.", err=True)


@click.command("logins")
def logins_command() -> None:
    """List the hosts that have a saved login (host names only, never the secrets)."""
    for host in logins.list_hosts():
        click.echo(host)


COMMANDS = (login_command, logout_command, logins_command)
