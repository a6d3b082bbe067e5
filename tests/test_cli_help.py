"""Every command documents itself with an example, and the README's CLI summary matches the code."""

import shlex

import click
from click.testing import CliRunner

from conftest import REPO
from parallax.cli import cli
from parallax.config import load_config

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


def _examples():
    """(command path, argv after `parallax`) of every example line in every --help."""
    for path, cmd in [((), cli), *_walk(cli)]:
        doc = cmd.help or ""
        for line in doc.partition("Example:")[2].splitlines():
            # the parallax part of a shell line: `echo ... | parallax ... > file  # comment`
            part = next((p for p in line.split(" | ") if "parallax " in p), None)
            if part is None:
                continue
            words = shlex.split(part.split(" #")[0].split(" > ")[0])
            yield path, words[words.index("parallax") + 1:]


def test_every_help_example_parses():
    # a reader copies these: an option the command lacks would fail on first use
    seen = 0
    for path, argv in _examples():
        args, cmd = list(argv), cli
        while args[:1] in (["--config"], ["--db"]):
            args = args[2:]
        while isinstance(cmd, click.Group) and args and args[0] in cmd.commands:
            cmd, args = cmd.commands[args[0]], args[1:]
        cmd.make_context(cmd.name, args)  # raises click.UsageError on an unknown option or choice
        seen += 1
    assert seen >= 40


def test_help_examples_name_sources_of_the_shipped_config():
    # `run --source 36kr-space` once named a source config.yaml does not have (it is 36kr)
    names = {s.name for s in load_config(REPO / "config.yaml").sources}
    named = []
    for path, argv in _examples():
        named += [argv[i + 1] for i, a in enumerate(argv[:-1]) if a == "--source"]
        if argv[:2] == ["sources", "test"] and not argv[2].startswith(("http://", "https://")):
            named.append(argv[2])
    assert named and set(named) <= names, sorted(set(named) - names)


def test_readme_lists_every_public_command():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in PUBLIC:
        assert f"  {name}" in readme, name


def test_unknown_command_is_usage_error():
    result = CliRunner().invoke(cli, ["frobnicate"])
    assert result.exit_code == 2
