"""`pip install` of the package brings its dependencies: pyproject.toml declares every direct
requirement of requirements/base.in as a range, and the pinned lock that `make` installs lies
inside each range."""

import tomllib
from pathlib import Path

from django.conf import settings
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(settings.BASE_DIR)


def _direct_requirements() -> list[Requirement]:
    lines = (ROOT / "requirements" / "base.in").read_text(encoding="utf-8").splitlines()
    return [Requirement(line.split("#")[0].strip()) for line in lines if line.strip() and line[0] not in "#-"]


def _declared() -> dict[str, Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {canonicalize_name(r.name): r for r in map(Requirement, project["dependencies"])}


def _pinned() -> dict[str, str]:
    lines = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    pins = [line.split("==") for line in lines if "==" in line and not line.startswith("#")]
    return {canonicalize_name(name): version.strip() for name, version in pins}


def test_pyproject_declares_every_direct_requirement_with_a_range_the_lock_satisfies():
    declared, pinned = _declared(), _pinned()
    missing = [str(r) for r in _direct_requirements() if canonicalize_name(r.name) not in declared]
    assert not missing, f"in requirements/base.in but not in pyproject.toml: {missing}"
    for name, requirement in declared.items():
        assert requirement.specifier, f"{name} has no version range in pyproject.toml"
        assert name in pinned, f"{name} is not pinned in requirements.txt"
        assert requirement.specifier.contains(pinned[name]), f"{name}=={pinned[name]} is outside {requirement}"
        for extra in requirement.extras:
            assert canonicalize_name(f"{name}-{extra}") in pinned, f"{name}[{extra}] is not pinned"
