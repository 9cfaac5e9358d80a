"""CI runs every test: .ci/run installs every package a test may need and the README lists, and sets CI."""

from __future__ import annotations

import re
from pathlib import Path

from system_parts import PACKAGES

REPO = Path(__file__).resolve().parents[1]
CI_RUN = (REPO / ".ci" / "run").read_text(encoding="utf-8")
README = (REPO / "README.md").read_text(encoding="utf-8")


def installed_by_ci() -> set[str]:
    listed = re.search(r"^packages=\((.*?)\)", CI_RUN, re.MULTILINE | re.DOTALL)
    assert listed, "no packages=(...) list in .ci/run"
    return set(listed.group(1).split())


def test_ci_installs_every_package_a_test_may_need() -> None:
    assert set(PACKAGES.values()) - installed_by_ci() == set()


def test_ci_installs_every_package_the_readme_tells_users_to_install() -> None:
    commands = re.findall(r"`sudo apt-get install ([^`]+)`", README)
    assert commands, "the README no longer says which packages to install"
    named = {package for command in commands for package in command.split()}
    assert named - installed_by_ci() == set()


def test_ci_fails_a_test_that_would_skip_for_a_missing_package() -> None:
    assert re.search(r"^export CI=true$", CI_RUN, re.MULTILINE)
