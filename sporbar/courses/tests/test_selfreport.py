"""The citizen's one-time link: used once, expired, forged, guessed, and a burst of requests."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from sporbar.courses import services
from sporbar.courses.models import SelfReport, SelfReportLink, SelfReportRating

pytestmark = pytest.mark.django_db


def answer(client, token, goals, comment="Min kontaktperson"):
    data = {f"rating_{g.id}": "7" for g in goals}
    data["comment"] = comment
    return client.post(reverse("courses:self-report", args=[token]), data)


def nothing_written():
    return not SelfReport.objects.exists() and not SelfReportRating.objects.exists()


def test_worker_creates_link_with_qr_and_only_the_hash_is_stored(org, cdata, client_for):
    response = client_for(org.worker_a).post(reverse("courses:link-create", args=[cdata.course.id]))
    page = response.content.decode()
    assert response.status_code == 200 and "<svg" in page
    link = SelfReportLink.objects.get()
    token = page.split("/s/")[1].split("/")[0]
    assert len(token) >= 40 and token not in link.token_hash
    assert link.expires_at - timezone.now() > datetime.timedelta(days=13)


def test_citizen_answers_once_without_login(cdata, client):
    _link, token = services.create_link(cdata.course)
    page = client.get(reverse("courses:self-report", args=[token])).content.decode()
    assert "Hvordan går det?" in page and "Jeg vil sove bedre" in page
    assert cdata.citizen.pseudonym not in page and "Tilbud A" not in page
    assert answer(client, token, cdata.goals).status_code == 200
    report = SelfReport.objects.get()
    assert report.comment == "Min kontaktperson" and report.ratings.count() == 2
    # Used: says so kindly, and a second answer writes nothing.
    second = answer(client, token, cdata.goals, "igen")
    assert second.status_code == 410 and "allerede brugt" in second.content.decode()
    assert SelfReport.objects.count() == 1


def test_expired_link_says_so_and_writes_nothing(cdata, client):
    link, token = services.create_link(cdata.course)
    SelfReportLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = answer(client, token, cdata.goals)
    assert response.status_code == 410 and "udløbet" in response.content.decode()
    assert nothing_written()


@pytest.mark.parametrize("token", ["forged-token", "A" * 43, "x" * 300])
def test_forged_or_guessed_token_gets_a_kind_404_revealing_nothing(cdata, client, token):
    services.create_link(cdata.course)
    for response in (client.get(f"/s/{token}/"), answer(client, token, cdata.goals)):
        page = response.content.decode()
        assert response.status_code == 404 and "findes ikke" in page
        assert cdata.citizen.pseudonym not in page and "Tilbud A" not in page and "sove" not in page
    assert nothing_written()


def test_incomplete_answer_writes_nothing_and_keeps_the_link(cdata, client):
    _link, token = services.create_link(cdata.course)
    response = client.post(reverse("courses:self-report", args=[token]), {f"rating_{cdata.goals[0].id}": "11"})
    assert response.status_code == 200
    assert nothing_written() and SelfReportLink.objects.get().used_at is None


def test_guessing_from_one_address_is_stopped_and_the_limit_tells_nothing(cdata, client, settings):
    _link, token = services.create_link(cdata.course)
    limit = settings.SELF_REPORT_LIMITS["failures_per_ip"]
    codes = [client.get(f"/s/guess-{i}/").status_code for i in range(limit + 1)]
    assert codes[:limit] == [404] * limit and codes[-1] == 429
    # Limited: the real link answers exactly like a guess, so the limit is no oracle; nothing is written.
    limited = answer(client, token, cdata.goals)
    assert limited.status_code == 429 and limited["Retry-After"] == "600"
    assert client.get(f"/s/{token}/").content == client.get("/s/guess-x/").content
    assert nothing_written()


def test_citizens_sharing_one_address_are_not_locked_out(org, cdata, client, settings):
    """Forty citizens behind one proxy answer their links while others mistype theirs."""
    tokens = []
    for n in range(40):
        citizen, _ = services.find_or_create_citizen(initials="", unit=org.service_a, pseudonym=f"Proxy {n}")
        course = services.create_course(
            citizen=citizen,
            initiative=cdata.act,
            unit=org.service_a,
            start_date=cdata.course.start_date,
            goals=[{"dimension": "personlig", "goal_type": "udvikle", "text": "Bo selv"}],
        )
        tokens.append((course, services.create_link(course)[1]))
    for n, (course, token) in enumerate(tokens):
        if n % 2:
            assert client.get(f"/s/mistyped-{n}/").status_code == 404
        assert client.get(f"/s/{token}/").status_code == 200
        assert answer(client, token, course.goals.all()).status_code == 200
    assert SelfReport.objects.count() == 40


def test_hammering_one_link_blocks_that_link_only(cdata, client, settings):
    _link, token = services.create_link(cdata.course)
    other_course = services.create_course(
        citizen=cdata.citizen,
        initiative=cdata.ips,
        unit=cdata.course.unit,
        start_date=cdata.course.start_date,
        goals=[{"dimension": "laering", "goal_type": "udvikle", "text": "Job"}],
    )
    _other, other_token = services.create_link(other_course)
    url = reverse("courses:self-report", args=[token])
    for _ in range(settings.SELF_REPORT_LIMITS["failures_per_link"]):
        assert client.post(url, {f"rating_{cdata.goals[0].id}": "11"}).status_code == 200
    assert client.get(url).status_code == 429
    assert client.get(reverse("courses:self-report", args=[other_token])).status_code == 200
    assert nothing_written()


def test_the_token_never_reaches_a_log_line(cdata, client, caplog):
    link, token = services.create_link(cdata.course)
    url = reverse("courses:self-report", args=[token])
    page = client.get(url)
    assert page["Referrer-Policy"] == "strict-origin"
    answer(client, token, cdata.goals)
    for _ in range(3):
        client.get(url)  # 410: used
    SelfReportLink.objects.filter(pk=link.pk).update(used_at=None, expires_at=timezone.now())
    client.get(url)  # 410: expired
    for n in range(120):
        client.get(f"/s/{token[:-3]}{n:03d}/")  # unknown, then 429
    assert "Gone: /s/[skjult]/" in caplog.text and "Too Many Requests: /s/[skjult]/" in caplog.text
    assert token not in caplog.text and token[:-3] not in caplog.text
    from sporbar.accounts.models import AccessEntry

    assert token not in repr(list(AccessEntry.objects.values()))


def test_self_report_form_keeps_csrf(cdata):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    _link, token = services.create_link(cdata.course)
    assert answer(client, token, cdata.goals).status_code == 403
    assert nothing_written()


def test_self_report_is_shown_on_the_plan(org, cdata, client, client_for):
    _link, token = services.create_link(cdata.course)
    answer(client, token, cdata.goals, "Fællesspisningen")
    page = client_for(org.worker_a).get(reverse("courses:citizen-detail", args=[cdata.citizen.id])).content.decode()
    assert "Fællesspisningen" in page and "7/10" in page
