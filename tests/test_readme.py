"""The README stays true: every subcommand documented, exactly two set-up commands."""

import re
from pathlib import Path

from coach.cli import SUBCOMMANDS

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_subcommand_is_in_the_command_reference() -> None:
    missing = [name for name in SUBCOMMANDS if f"`coach {name}" not in README]
    assert missing == []


def test_there_are_exactly_two_marked_set_up_commands_and_one_runs_pytest() -> None:
    blocks = re.findall(r"<!-- (run|test)-command -->\n```sh\n(.+?)\n```", README)
    assert [kind for kind, _ in blocks] == ["run", "test"]
    run, test = (command for _, command in blocks)
    assert "\n" not in run and "\n" not in test  # one line each
    assert run.endswith("coach") and "pytest" in test
