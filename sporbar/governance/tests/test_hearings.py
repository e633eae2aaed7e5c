import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from sporbar.governance import services
from sporbar.governance.models import Hearing, HearingInvitation, HearingResponse, ResponsePassage

D = datetime.date


def test_hearing_states_follow_the_dates_through_tick(gov, org):
    h = Hearing.objects.create(title="H", start_date=D(2026, 12, 1), deadline=D(2026, 12, 20))
    assert services.tick(D(2026, 12, 5)) == []  # a draft not marked ready stays a draft
    h.ready = True
    h.save()
    services.tick(D(2026, 11, 30))
    h.refresh_from_db()
    assert h.state == Hearing.State.DRAFT
    services.tick(D(2026, 12, 1))
    h.refresh_from_db()
    assert h.state == Hearing.State.OPEN
    assert services.tick(D(2026, 12, 1)) == []  # idempotent
    services.tick(D(2026, 12, 20))
    h.refresh_from_db()
    assert h.state == Hearing.State.OPEN
    call_command("tick", dato="2026-12-21")
    h.refresh_from_db()
    assert h.state == Hearing.State.AWAITING
    call_command("tick", dato="2026-12-21")
    assert h.log.count() == 2
    services.conclude(h, "Planen justeres på tema 3.", today=D(2027, 1, 5))
    services.tick(D(2027, 2, 1))
    h.refresh_from_db()
    assert h.state == Hearing.State.CONCLUDED and h.conclusion


def test_an_invited_unit_answers_but_not_after_the_deadline(hearing, org):
    response = services.submit_response(hearing, org.centre_a, "Center A", text="Vi støtter.", today=D(2026, 11, 30))
    assert response.date == D(2026, 11, 30)
    with pytest.raises(ValidationError, match="ikke åben"):
        services.submit_response(hearing, org.centre_a, "Center A", text="For sent", today=D(2026, 12, 1))
    with pytest.raises(ValidationError, match="ikke inviteret"):
        services.submit_response(hearing, org.centre_b, "Center B", text="Uinviteret", today=D(2026, 11, 20))


def test_a_unit_sees_only_hearings_it_was_invited_to(hearing, client_for, org):
    other = Hearing.objects.create(
        title="Anden høring", start_date=D(2026, 11, 1), deadline=D(2026, 12, 31), state=Hearing.State.OPEN
    )
    HearingInvitation.objects.create(hearing=other, unit=org.centre_b)
    client = client_for(org.worker_a)
    page = client.get("/hoeringer/").content.decode()
    assert "Høring om planen" in page and "Anden høring" not in page
    assert client.get(f"/hoeringer/{other.pk}/").status_code == 404
    assert client.post(f"/hoeringer/{other.pk}/svar/", {"sender": "x", "text": "y"}).status_code == 404
    client = client_for(org.worker_b)
    assert client.get(f"/hoeringer/{hearing.pk}/").status_code == 404


def test_answering_through_the_web_form_is_closed_after_the_deadline(hearing, client_for, org):
    hearing.deadline = D(2020, 1, 1)
    hearing.start_date = D(2019, 12, 1)
    hearing.save()
    client = client_for(org.worker_a)
    page = client.get(f"/hoeringer/{hearing.pk}/").content.decode()
    assert "Send høringssvar" not in page and "ikke åben for svar" in page
    client.post(f"/hoeringer/{hearing.pk}/svar/", {"unit": org.centre_a.pk, "sender": "A", "text": "For sent"})
    assert not HearingResponse.objects.exists()


def test_responses_tagged_per_theme_are_summarised_and_the_conclusion_shown(hearing, gov, client_for, org):
    response = HearingResponse.objects.create(
        hearing=hearing, unit=org.centre_a, sender="Center A", date=D(2026, 11, 20)
    )
    owner = client_for(org.analyst)
    owner.post(
        f"/hoeringssvar/{response.pk}/passage/",
        {"theme": gov.theme3.pk, "initiative": gov.act.pk, "stance": "bekymring", "passage": "Pres på medarbejderne"},
    )
    passage = ResponsePassage.objects.get()
    assert (passage.theme, passage.stance) == (gov.theme3, "bekymring")
    page = owner.get(f"/hoeringer/{hearing.pk}/").content.decode()
    assert "Opsummering pr. tema" in page and "Pres på medarbejderne" in page and "Bekymring: 1" in page
    hearing.state = Hearing.State.AWAITING
    hearing.save()
    owner.post(f"/hoeringer/{hearing.pk}/konklusion/", {"conclusion": "Tema 3 styrkes."})
    page = client_for(org.worker_a).get(f"/hoeringer/{hearing.pk}/").content.decode()
    assert "Tema 3 styrkes." in page
    # The initiative's page shows the hearing response on it.
    page = client_for(org.leadership).get(f"/initiativer/{gov.act.pk}/beslutninger/").content.decode()
    assert "Pres på medarbejderne" in page


def test_a_worker_cannot_tag_or_conclude(hearing, client_for, org):
    response = HearingResponse.objects.create(hearing=hearing, unit=org.centre_a, sender="A", date=D(2026, 11, 20))
    client = client_for(org.worker_a)
    assert (
        client.post(f"/hoeringssvar/{response.pk}/passage/", {"stance": "forslag", "passage": "x"}).status_code == 404
    )
    assert client.post(f"/hoeringer/{hearing.pk}/konklusion/", {"conclusion": "x"}).status_code == 403
    assert not ResponsePassage.objects.exists()


def test_api_hearing_with_responses_only_for_invited_units(hearing, api_for, org):
    HearingResponse.objects.create(hearing=hearing, unit=org.centre_a, sender="Center A", date=D(2026, 11, 20))
    data = api_for(org.analyst).get(f"/api/v1/hearings/{hearing.pk}/").json()
    assert [r["sender"] for r in data["responses"]] == ["Center A"]
    assert api_for(org.worker_b).get(f"/api/v1/hearings/{hearing.pk}/").status_code == 404
    assert api_for(org.worker_b).get("/api/v1/hearings/").json()["results"] == []
    assert api_for(org.worker_a).get(f"/api/v1/hearings/{hearing.pk}/").status_code == 200


def test_a_unit_uploads_a_document_as_its_answer(hearing, client_for, org, settings, tmp_path, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: D(2026, 11, 20))
    upload = SimpleUploadedFile("svar.pdf", b"%PDF-1.4 svar", content_type="application/pdf")
    client_for(org.worker_a).post(
        f"/hoeringer/{hearing.pk}/svar/", {"unit": org.centre_a.pk, "sender": "Center A", "document": upload}
    )
    response = HearingResponse.objects.get()
    assert response.document.endswith("svar.pdf") and (tmp_path / response.document).read_bytes().startswith(b"%PDF")
    assert response.unit == org.centre_a and response.submitted_by == org.worker_a
