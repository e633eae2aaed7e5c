"""Retention: personal data of long-ended courses is erased; the figures still count."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from sporbar.accounts.models import AccessEntry, AuditEntry
from sporbar.courses import services
from sporbar.courses.models import Assessment, Citizen, SelfReport

pytestmark = pytest.mark.django_db


def end(course, years_ago):
    today = datetime.date.today()
    services.end_course(course, end_date=today.replace(year=today.year - years_ago), end_reason="maal_naaet")


def test_erase_expired_erases_only_long_ended_citizens(org, cdata):
    _link, token = services.create_link(cdata.course)
    services.submit_self_report(token, ratings={g.id: 6 for g in cdata.goals}, comment="Kaffen")
    end(cdata.course, 6)
    recent, _ = services.find_or_create_citizen(initials="RR", birth_year=1970)
    recent_course = services.create_course(
        citizen=recent,
        initiative=cdata.act,
        unit=org.centre_a,
        start_date=datetime.date(2018, 1, 1),
        goals=[{"dimension": "personlig", "goal_type": "udvikle", "text": "Bo selv"}],
    )
    end(recent_course, 4)
    open_one, _ = services.find_or_create_citizen(initials="OO")
    services.create_course(
        citizen=open_one, initiative=cdata.act, unit=org.centre_a, start_date=datetime.date(2015, 1, 1)
    )
    out = StringIO()
    call_command("erase_expired", stdout=out)
    assert "Personoplysninger slettet for 1 borger" in out.getvalue()
    citizen = Citizen.objects.get(pk=cdata.citizen.pk)
    assert citizen.erased_at and not citizen.initials and citizen.birth_year is None and citizen.person is None
    assert citizen.pseudonym.startswith("Anonym ")
    assert all(g.text == "" for g in citizen.courses.get().goals.all())
    assert SelfReport.objects.get().comment == ""
    # Figures keep counting: dates, levels, statuses and ratings remain.
    assert Assessment.objects.filter(course=cdata.course).count() == 1
    assert SelfReport.objects.get().ratings.count() == 2
    assert Citizen.objects.get(pk=recent.pk).initials == "RR"
    assert Citizen.objects.get(pk=open_one.pk).initials == "OO"
    assert AccessEntry.objects.filter(citizen_id=citizen.id, what="sletning").count() == 1
    assert AuditEntry.objects.filter(actor_label="erase-expired").exists()
    # The change log no longer holds the erased goal texts or initials.
    log = repr(list(AuditEntry.objects.values("before", "after", "object_repr")))
    assert "Jeg vil sove bedre" not in log and "'AB'" not in log and cdata.citizen.pseudonym not in log
    # With --years 3 the recent one goes too; running again changes nothing more.
    call_command("erase_expired", "--years", "3", stdout=StringIO())
    assert Citizen.objects.get(pk=recent.pk).erased_at is not None
    out = StringIO()
    call_command("erase_expired", "--years", "3", stdout=out)
    assert "Ingen borgere" in out.getvalue()


def test_erase_one_citizen_by_command_and_by_admin_button(org, cdata, client_for):
    out = StringIO()
    call_command("erase_citizen", str(cdata.citizen.id), stdout=out)
    assert "er slettet" in out.getvalue()
    assert Citizen.objects.get(pk=cdata.citizen.pk).erased_at is not None
    other, _ = services.find_or_create_citizen(initials="ZZ")
    url = reverse("courses:citizen-erase", args=[other.id])
    assert client_for(org.worker_a).post(url).status_code == 404
    assert Citizen.objects.get(pk=other.pk).initials == "ZZ"
    admin = client_for(org.admin)
    assert "Gå til sletning" in admin.get("/").content.decode()
    assert admin.get(reverse("courses:citizen-erase-lookup") + f"?borger={other.id}")["Location"] == url
    page = admin.get(url).content.decode()
    assert "ZZ" not in page
    assert admin.post(url).status_code == 302
    assert Citizen.objects.get(pk=other.pk).erased_at is not None
    entry = AccessEntry.objects.get(citizen_id=other.id)
    assert entry.what == "sletning" and entry.user == org.admin


@pytest.mark.parametrize("years", ["-1", "0"])
def test_erase_expired_refuses_less_than_a_year_and_erases_nothing(cdata, years):
    end(cdata.course, 0)
    with pytest.raises(CommandError, match="mindst 1 år"):
        call_command("erase_expired", "--years", years, stdout=StringIO())
    assert Citizen.objects.get(pk=cdata.citizen.pk).erased_at is None


def test_a_retention_setting_below_a_year_is_refused_too(cdata, settings):
    settings.RETENTION_YEARS = 0
    with pytest.raises(CommandError, match="mindst 1 år"):
        call_command("erase_expired", stdout=StringIO())


def test_dry_run_says_what_would_be_erased_and_erases_nothing(cdata):
    end(cdata.course, 6)
    out = StringIO()
    call_command("erase_expired", "--dry-run", stdout=out)
    text = out.getvalue()
    assert f"borger-id {cdata.citizen.id}: 1 forløb, sidste slutdato" in text
    assert "initialer, fødselsår, CPR-nøgle" in text and "intet er slettet" in text
    citizen = Citizen.objects.get(pk=cdata.citizen.pk)
    assert citizen.erased_at is None and citizen.initials == "AB"
    assert not AccessEntry.objects.filter(what="sletning").exists()


def test_erasure_on_request_reaches_every_units_record_of_the_person(org, cdata, client_for):
    from sporbar.courses.models import Person

    from .conftest import CPR

    other_unit, _ = services.register_citizen(unit=org.centre_b, cpr=CPR, initials="CB")
    assert client_for(org.admin).post(reverse("courses:citizen-erase", args=[cdata.citizen.id])).status_code == 302
    for pk in (cdata.citizen.pk, other_unit.pk):
        citizen = Citizen.objects.get(pk=pk)
        assert citizen.erased_at and not citizen.initials and citizen.person is None
    assert not Person.objects.exists()  # the CPR hash is gone with the last record
