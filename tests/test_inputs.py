"""Input lines for `companies find` and `translate`: FILE, stdin or --text; bad input is one line, exit 2."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from parallax.cli import cli

HINT = " (hint: convert it first, e.g. iconv -f GB18030 -t UTF-8)"


@pytest.mark.parametrize("command", [["companies", "find"], ["translate", "--engine", "gloss"]])
def test_undecodable_stdin(command):
    r = CliRunner().invoke(cli, [*command, "-"], input=b"\xff\n")
    assert (r.exit_code, r.output) == (2, f"Error: stdin: not UTF-8: undecodable byte 0xff at byte offset 0 (line 1){HINT}\n")


@pytest.mark.parametrize("command", [["companies", "find"], ["translate", "--engine", "gloss"]])
def test_undecodable_file_names_file_offset_and_line(command, tmp_path):
    f = tmp_path / "gbk.txt"
    f.write_bytes("SpaceX\n".encode() + "蓝箭航天\n".encode("gbk"))
    r = CliRunner().invoke(cli, [*command, str(f)])
    assert (r.exit_code, r.output) == (
        2, f"Error: {f}: not UTF-8: undecodable byte 0xc0 at byte offset 7 (line 2){HINT}\n")


def test_utf8_stdin_and_bom_file(tmp_path):
    r = CliRunner().invoke(cli, ["translate", "--engine", "gloss", "-"], input="运载火箭成功入轨\nSpaceX\n".encode())
    assert (r.exit_code, r.output.splitlines()) == (0, ["[gloss] launch vehicle successfully reached orbit", "SpaceX"])
    f = tmp_path / "bom.txt"
    f.write_bytes("\ufeffGalaxySpace\n".encode())
    r = CliRunner().invoke(cli, ["companies", "find", str(f)])
    assert (r.exit_code, r.output.splitlines()) == (0, ["GalaxySpace", "  -> galaxy_space[0:11] GalaxySpace"])


def test_missing_file_and_both_inputs(tmp_path):
    missing = tmp_path / "missing.txt"
    r = CliRunner().invoke(cli, ["translate", str(missing)])
    assert (r.exit_code, r.output) == (2, f"Error: {missing}: cannot read: No such file or directory\n")
    r = CliRunner().invoke(cli, ["companies", "find", str(missing), "--text", "x"])
    assert (r.exit_code, r.output) == (2, "Error: give FILE or --text, not both\n")
