"""The `sporbar` command: every sub-command is a Django management command.

`sporbar import-plan FILE` runs the management command `import_plan`; each app
keeps its own commands in `<app>/management/commands/`.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    # The demo runs like production (no DEBUG); everything else defaults to the development settings.
    is_demo = len(argv) > 1 and argv[1] == "demo"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sporbar.settings.demo" if is_demo else "sporbar.settings.base")
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["sporbar", *argv[1:]])


if __name__ == "__main__":
    main()
