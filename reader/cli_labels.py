"""``sift labels``: list, add, rename and remove paint labels."""

from __future__ import annotations

import dataclasses

import click

from reader.cli_common import open_library, print_json, table


@click.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of a table.")
@click.pass_context
def labels(ctx: click.Context, as_json: bool) -> None:
    """List the paint labels; add, rename or remove one."""
    if ctx.invoked_subcommand is not None:
        return
    items = open_library(ctx).labels()
    if as_json:
        print_json([dataclasses.asdict(lb) for lb in items])
        return
    click.echo(table([[lb.name, lb.color, lb.key or "–"] for lb in items], ["NAME", "COLOR", "KEY"]))


@labels.command("add")
@click.argument("name")
@click.option("--color", help="Highlight colour as #rrggbb (default: one Sift picks).")
@click.option("--key", help="A single key that paints with this label in the window.")
@click.pass_context
def labels_add(ctx: click.Context, name: str, color: str | None, key: str | None) -> None:
    """Add a label NAME."""
    lb = open_library(ctx).add_label(name, color=color, key=key)
    click.echo(f"Added label {lb.name} ({lb.color}{', key ' + lb.key if lb.key else ''}).")


@labels.command("rename")
@click.argument("name")
@click.argument("new_name")
@click.pass_context
def labels_rename(ctx: click.Context, name: str, new_name: str) -> None:
    """Rename label NAME to NEW_NAME; its highlights keep it under the new name."""
    open_library(ctx).update_label(name, new_name=new_name)
    click.echo(f"Renamed label {name} to {new_name}.")


@labels.command("remove")
@click.argument("name")
@click.option("--force", is_flag=True, help="Also delete every highlight that uses the label.")
@click.pass_context
def labels_remove(ctx: click.Context, name: str, force: bool) -> None:
    """Remove label NAME (refused while highlights use it, unless --force)."""
    open_library(ctx).remove_label(name, force=force)
    click.echo(f"Removed label {name}.")


COMMANDS = [labels]
