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


def test_background_commands_run_at_a_lower_cpu_priority():
    """The import worker and the disclosure refresh yield the CPU to page requests."""
    import os

    from sporbar.commandline import BACKGROUND_NICENESS, sporbar_command

    code = "import os; print(os.nice(0))"
    background = subprocess.run(
        sporbar_command("shell", "-c", code, background=True), capture_output=True, text=True, timeout=120
    )
    assert background.returncode == 0, background.stderr
    assert int(background.stdout.strip().splitlines()[-1]) == min(os.nice(0) + BACKGROUND_NICENESS, 19)
    foreground = subprocess.run(sporbar_command("shell", "-c", code), capture_output=True, text=True, timeout=120)
    assert int(foreground.stdout.strip().splitlines()[-1]) == os.nice(0)
