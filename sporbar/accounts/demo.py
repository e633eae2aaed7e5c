"""Demo organisation and logins. The units come from data/demo/units.yaml."""

from pathlib import Path

import yaml
from django.conf import settings

from .models import Unit, User

UNITS_FILE = Path(settings.BASE_DIR) / "data" / "demo" / "units.yaml"

# username, full name, role, unit codes
DEMO_USERS = [
    ("admin", "Administrator", User.Role.ADMIN, ["msb"]),
    ("analytiker", "Anna Analytiker", User.Role.ANALYST, ["ledelsessekretariatet"]),
    ("ledelse", "Lars Ledelse", User.Role.LEADERSHIP, ["msb"]),
    ("leder-act", "Lene Leder (ACT)", User.Role.LEAD, ["center-for-forsorg"]),
    ("medarbejder-act", "Mads Medarbejder (ACT)", User.Role.WORKER, ["center-for-forsorg"]),
    ("medarbejder-ips", "Mette Medarbejder (IPS)", User.Role.WORKER, ["job-og-integration"]),
]


def load_units(path: Path = UNITS_FILE) -> None:
    for row in yaml.safe_load(path.read_text(encoding="utf-8")):
        parent = Unit.objects.get(code=row["parent"]) if row.get("parent") else None
        unit, _ = Unit.objects.get_or_create(
            code=row["code"], defaults={"name": row["name"], "kind": row["kind"], "parent": parent}
        )


def load_users() -> None:
    for username, full_name, role, unit_codes in DEMO_USERS:
        first, _, last = full_name.partition(" ")
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last, "role": role}
        )
        if created:
            user.set_password(settings.DEMO_PASSWORD)
            user.is_staff = role == User.Role.ADMIN
            user.is_superuser = role == User.Role.ADMIN
            user.save()
            user.units.set(Unit.objects.filter(code__in=unit_codes))


def load(options, stdout) -> None:
    load_units()
    load_users()
    stdout.write(f"Enheder: {Unit.objects.count()}, brugere: {User.objects.count()}")
