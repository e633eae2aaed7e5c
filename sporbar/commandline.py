"""What the commands share: the plan and the user that an option names, or a Danish message saying
that it does not exist; and the command line that runs a `sporbar` command in a child process."""

import shutil
import sys

from django.core.management.base import CommandError

BACKGROUND_NICENESS = 10


def sporbar_command(*args: str, background: bool = False) -> list[str]:
    """`sporbar ARGS` with this interpreter (and the settings and database of this process, through its
    environment). Background work runs at a lower CPU priority, so that it yields to page requests."""
    command = [sys.executable, "-m", "sporbar.cli", *args]
    nice = shutil.which("nice") if background else None
    return [nice, "-n", str(BACKGROUND_NICENESS), *command] if nice else command


def plan_named(pk):
    from sporbar.plans.models import Plan

    plan = Plan.objects.filter(pk=pk).first()
    if plan is None:
        raise CommandError(f"Planen {pk} findes ikke.")
    return plan


def user_named(username):
    """The active user with this username; None when no username was given (the command's own view)."""
    from sporbar.accounts.models import User

    if not username:
        return None
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"Brugeren {username} findes ikke.")
    if not user.is_active:
        raise CommandError(f"Brugeren {username} er ikke aktiv.")
    return user
