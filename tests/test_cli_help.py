"""Every command documents itself with an example, and the README's CLI summary matches the code."""

import click
from click.testing import CliRunner

from conftest import REPO
from parallax.cli import cli

PUBLIC = {"demo", "run", "sources", "export", "search", "companies", "translate", "models", "digest", "feed", "doctor"}


def _walk(group, path=()):
    for name, cmd in group.commands.items():
        yield path + (name,), cmd
        if isinstance(cmd, click.Group):
            yield from _walk(cmd, path + (name,))


def test_every_public_command_exists():
    assert PUBLIC <= set(cli.commands)


def test_every_command_help_shows_an_example():
    runner = CliRunner()
    for path, _ in _walk(cli):
        result = runner.invoke(cli, [*path, "--help"])
        assert result.exit_code == 0, (path, result.output)
        assert "Example" in result.output, f"`parallax {' '.join(path)} --help` shows no example"


def test_readme_lists_every_public_command():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in PUBLIC:
        assert f"  {name}" in readme, name


def test_unknown_command_is_usage_error():
    result = CliRunner().invoke(cli, ["frobnicate"])
    assert result.exit_code == 2
