"""The `sporbar` command: every sub-command is a Django management command.

`sporbar import-plan FILE` runs the management command `import_plan`; each app
keeps its own commands in `<app>/management/commands/`.
"""

import os
import sys


def default_settings(argv: list[str]) -> str:
    """The demo runs like production (no DEBUG); every other command defaults to the development settings."""
    return "sporbar.settings.demo" if argv[1:2] == ["demo"] else "sporbar.settings.base"


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", default_settings(argv))
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["sporbar", *argv[1:]])


if __name__ == "__main__":
    main()
