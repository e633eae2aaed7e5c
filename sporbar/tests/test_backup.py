"""`sporbar backup FILE` and `sporbar restore FILE`: the demo, backed up and restored into an
empty database, gives the same figures and the same search results; a non-empty database, a
damaged or hostile file and a backup of another version are refused and change nothing."""

import json
import zipfile
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from sporbar.accounts.models import User
from sporbar.courses.models import Assessment, Citizen
from sporbar.documents import search
from sporbar.plans.models import Plan

pytestmark = pytest.mark.django_db(transaction=True)
QUERIES = ["hjemløse", "beskæftigelse", "ACT", "bolig*"]


def figures_and_results():
    plan = Plan.objects.order_by("id").first()
    figures = {}
    for username in ("leder-act", "ledelse", "medarbejder-ips"):
        out = StringIO()
        call_command("keyfigures", "--plan", str(plan.id), "--as", username, stdout=out)
        figures[username] = json.loads(out.getvalue())
    reader = User.objects.get(username="ledelse")
    # Ranked results; hits with the same score may come in any order (the index's own row ids break ties).
    results = {
        q: sorted(
            (-r["score"], r["kind"], r["plain_title"], r["url"], str(r["snippet"])) for r in search.search(reader, q)
        )
        for q in QUERIES
    }
    return figures, results


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("demo", "--no-serve", stdout=StringIO())
    attachment = settings.MEDIA_ROOT / "bilag" / "referat.txt"
    attachment.parent.mkdir(parents=True)
    attachment.write_text("Bilag til referatet", encoding="utf-8")
    return attachment


def test_backup_and_restore_into_an_empty_database_give_the_same_figures_and_search(demo, tmp_path):
    # The baseline from a fully built index: the demo's, grown record by record, ranks with
    # slightly different statistics on SQLite (FTS5), though it holds the same entries.
    call_command("reindex", stdout=StringIO())
    before = figures_and_results()
    assert before[0]["leder-act"] and all(before[1].values())
    counts = (Citizen.objects.count(), Assessment.objects.count())
    path = tmp_path / "sporbar.zip"
    out = StringIO()
    call_command("backup", str(path), stdout=out)
    assert "Sikkerhedskopi gemt" in out.getvalue()
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        assert (manifest["format"], manifest["version"]) == ("sporbar-backup", 1)
        assert "media/bilag/referat.txt" in archive.namelist()
        assert not any("Session" in n or "AuthToken" in n or "SearchEntry" in n for n in archive.namelist())

    # Into a database that holds data: refused unless forced.
    with pytest.raises(CommandError, match="Databasen er ikke tom"):
        call_command("restore", str(path), stdout=StringIO())

    # Into an empty database: the same rows, files, figures and search results.
    call_command("flush", "--no-input", verbosity=0)
    demo.unlink()
    call_command("restore", str(path), stdout=StringIO())
    assert (Citizen.objects.count(), Assessment.objects.count()) == counts
    assert demo.read_text(encoding="utf-8") == "Bilag til referatet"
    assert figures_and_results() == before

    # Forced over the restored data: still the same.
    call_command("restore", str(path), "--force", stdout=StringIO())
    assert figures_and_results() == before
    refuses_bad_files(path, demo, tmp_path)


def _rewrite(path, target, change):
    """A copy of the backup with one entry changed (or added)."""
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w") as copy:
        names = source.namelist()
        for name in names:
            copy.writestr(name, change(name, source.read(name)))
        extra = change("(new)", b"")
        if extra:
            copy.writestr(*extra)
    return target


def refuses_bad_files(path, demo, tmp_path):
    """Damaged, hostile and foreign backups are refused and change nothing (one demo load for both)."""
    call_command("flush", "--no-input", verbosity=0)
    demo.unlink()

    def damaged(name, data):
        if name.endswith("courses.Assessment.jsonl"):
            return data[: len(data) // 2]  # cut off mid-line
        return None if name == "(new)" else data

    def escaping(name, data):
        return ("media/../../ud-af-mappen.txt", b"x") if name == "(new)" else data

    def other_version(name, data):
        if name == "manifest.json":
            manifest = json.loads(data)
            manifest["migrations"]["courses"].append("9999_from_the_future")
            return json.dumps(manifest).encode()
        return None if name == "(new)" else data

    not_a_zip = tmp_path / "noget.zip"
    not_a_zip.write_text("PK? nej")
    cases = [
        (not_a_zip, "kan ikke læses som en zip-fil"),
        (_rewrite(path, tmp_path / "a.zip", damaged), "beskadiget"),
        (_rewrite(path, tmp_path / "b.zip", escaping), "ugyldigt filnavn"),
        (_rewrite(path, tmp_path / "c.zip", other_version), "anden version af Sporbar"),
    ]
    for file, message in cases:
        with pytest.raises(CommandError, match=message):
            call_command("restore", str(file), stdout=StringIO())
        assert not Citizen.objects.exists() and not User.objects.exists(), file
        assert not demo.exists()
    assert not (tmp_path.parent / "ud-af-mappen.txt").exists()
