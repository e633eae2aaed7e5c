"""The `sporbar` entry point maps `sporbar some-command` to the management command `some_command`."""

import subprocess
import sys


def run(*args):
    return subprocess.run([sys.executable, "-m", "sporbar.cli", *args], capture_output=True, text=True, timeout=120)


def test_hyphenated_subcommands_reach_the_management_commands():
    result = run("plan-summary", "--help")
    assert result.returncode == 0, result.stderr
    assert "--json" in result.stdout


def test_unknown_subcommand_fails_with_a_message():
    result = run("no-such-command")
    assert result.returncode != 0
    assert "no_such_command" in (result.stderr + result.stdout)
