"""The plan pages as users see them: Danish formats, totals, the initiative page, editing and the audit trail."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from sporbar.accounts.models import AuditEntry
from sporbar.plans.models import Initiative, Plan, Spending, StatusUpdate


def test_plan_list_links_to_the_plan_with_its_total(org, plan_data, client_for):
    response = client_for(org.leadership).get(reverse("plans:plan-list"))
    html = response.content.decode()
    assert reverse("plans:plan-detail", args=[plan_data.plan.pk]) in html
    assert "5,2 mio. kr." in html  # 2,5 + 1,0 + 1,7


def test_plan_page_shows_themes_tracks_initiatives_and_totals_in_danish(org, plan_data, client_for):
    response = client_for(org.worker_a).get(reverse("plans:plan-detail", args=[plan_data.plan.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tema 1: Hjemløshed" in html and "Tema 2: Beskæftigelse" in html
    assert "1.1" in html and "2.1" in html
    assert "3,5 mio. kr." in html  # theme 1: 2,5 + 1,0
    assert "1,7 mio. kr." in html  # theme 2
    assert "5,2 mio. kr." in html  # plan
    assert reverse("plans:initiative-detail", args=[plan_data.act.pk]) in html
    assert "planlagt" in html  # status badge
    for fmt in ("csv", "xlsx", "yaml"):
        assert reverse("plans:plan-export", args=[plan_data.plan.pk, fmt]) in html


def test_initiative_page_shows_facts_budget_spending_and_log(org, plan_data, client_for):
    response = client_for(org.leadership).get(reverse("plans:initiative-detail", args=[plan_data.act.pk]))
    html = response.content.decode()
    for text in [
        "ACT-team",
        "2021–2023",
        "Borgere med komplekse problemer",
        "ca. 12 borgere",
        "Center A",
        "Rusmiddelcenter Aarhus",
        "Borgernes egen oplevelse",
        "Et stabilt liv i egen bolig",
        "Færre indlæggelser",
        "Et tværfagligt team",
        "Fire medarbejdere",
        "Halvårlig status",
        "1.000.000 kr.",  # budget 2021
        "20.000 kr.",  # spent
        "01-03-2022",  # spending date
        "22-11-2026",  # status update date
        "Teamet er i gang",
        "light-groen",
    ]:
        assert text in html, text
    # Leadership reads only: no forms.
    assert "Gem statusopdatering" not in html
    assert "Registrér forbrug" not in html
    assert "Redigér initiativ" not in html


def test_lead_sees_the_forms_on_own_initiative_only(org, plan_data, client_for):
    client = client_for(org.lead_a)
    own = client.get(reverse("plans:initiative-detail", args=[plan_data.act.pk])).content.decode()
    other = client.get(reverse("plans:initiative-detail", args=[plan_data.ips.pk])).content.decode()
    assert "Gem statusopdatering" in own and "Registrér forbrug" in own
    assert "Redigér initiativ" not in own
    assert "Gem statusopdatering" not in other


def test_status_update_without_javascript_redirects_and_shows_in_the_log(org, plan_data, client_for):
    client = client_for(org.lead_a)
    url = reverse("plans:status-update-create", args=[plan_data.act.pk])
    data = {"date": "2026-11-23", "status": "afsluttet", "light": "roed", "narrative": "Projektet er slut"}
    response = client.post(url, data, follow=True)
    html = response.content.decode()
    assert "Projektet er slut" in html and "23-11-2026" in html
    assert Initiative.objects.get(pk=plan_data.act.pk).status == Initiative.Status.ENDED


def test_status_update_with_htmx_returns_the_log_fragment(org, plan_data, client_for):
    client = client_for(org.lead_a)
    url = reverse("plans:status-update-create", args=[plan_data.act.pk])
    data = {"date": "2026-11-23", "status": "i_gang", "light": "gul", "narrative": "Lidt forsinket"}
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="status-section"' in html and "Lidt forsinket" in html
    assert "<html" not in html
    assert 'hx-swap-oob="true"' in html  # the status badge at the top follows along


def test_invalid_status_update_shows_danish_errors_next_to_the_field(org, plan_data, client_for):
    client = client_for(org.lead_a)
    url = reverse("plans:status-update-create", args=[plan_data.act.pk])
    response = client.post(url, {"date": "i går", "status": "i_gang", "light": "", "narrative": ""})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Dette felt er påkrævet." in html
    assert "Indtast en gyldig dato." in html
    assert 'id="id_narrative_error"' in html
    assert StatusUpdate.objects.count() == 1


def test_spending_accepts_danish_amounts_and_updates_the_summary(org, plan_data, client_for):
    client = client_for(org.lead_a)
    url = reverse("plans:spending-create", args=[plan_data.act.pk])
    response = client.post(url, {"date": "2026-11-22", "amount": "480.000", "note": "Løn"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert Spending.objects.filter(initiative=plan_data.act).count() == 2
    assert "500.000 kr." in html  # 20.000 + 480.000 spent
    assert "20 %" in html  # of the 2,5 mio. budget
    assert "22-11-2026" in html


def test_spending_rejects_a_non_number(org, plan_data, client_for):
    client = client_for(org.lead_a)
    url = reverse("plans:spending-create", args=[plan_data.act.pk])
    response = client.post(url, {"date": "2026-11-22", "amount": "mange penge"})
    assert response.status_code == 400
    assert "Skriv beløbet som et tal i kroner" in response.content.decode()
    assert Spending.objects.count() == 1


def test_status_update_is_audited_with_who_and_after(org, plan_data, client_for):
    client = client_for(org.lead_a)
    url = reverse("plans:status-update-create", args=[plan_data.act.pk])
    client.post(url, {"date": "2026-11-23", "status": "afsluttet", "light": "groen", "narrative": "Slut"})
    created = AuditEntry.objects.get(model="plans.StatusUpdate", action="create", after__narrative="Slut")
    assert created.user == org.lead_a
    assert created.after["light"] == "groen"
    changed = AuditEntry.objects.filter(model="plans.Initiative", action="update").latest("id")
    assert changed.user == org.lead_a
    assert changed.before == {"status": "planlagt"} and changed.after == {"status": "afsluttet"}


def _edit_data(act, **changes):
    data = {
        "title": act.title,
        "track": act.track_id,
        "amount": "2.500.000",
        "status": act.status,
        "period_start": act.period_start,
        "period_end": act.period_end,
        "target_group": act.target_group,
        "target_group_size": act.target_group_size,
        "owner_unit": act.owner_unit_id,
        **{f: getattr(act, f) for f in ["partners", "evaluation", "purpose", "value", "what_who_how", "resources"]},
        "follow_up": act.follow_up,
        "budget-TOTAL_FORMS": "1",
        "budget-INITIAL_FORMS": "0",
        "budget-MIN_NUM_FORMS": "0",
        "budget-MAX_NUM_FORMS": "1000",
        "budget-0-year": "2024",
        "budget-0-amount": "250.000",
    }
    data.update(changes)
    return data


def test_analyst_edits_facts_and_budget_and_it_is_audited(org, plan_data, client_for):
    act = plan_data.act
    client = client_for(org.analyst)
    response = client.post(
        reverse("plans:initiative-edit", args=[act.pk]), _edit_data(act, target_group_size="14", title="ACT")
    )
    assert response.status_code == 302
    act.refresh_from_db()
    assert act.title == "ACT" and act.target_group_size == 14
    assert act.budget_lines.get(year=2024).amount == Decimal("250000")
    entry = AuditEntry.objects.filter(model="plans.Initiative", action="update", object_id=str(act.pk)).latest("id")
    assert entry.user == org.analyst
    assert entry.before == {"target_group_size": 12, "title": "ACT-team"}
    assert entry.after == {"target_group_size": 14, "title": "ACT"}
    assert AuditEntry.objects.filter(model="plans.BudgetLine", action="create", user=org.analyst).exists()


def test_edit_form_shows_danish_errors_and_saves_nothing(org, plan_data, client_for):
    act = plan_data.act
    client = client_for(org.analyst)
    response = client.post(
        reverse("plans:initiative-edit", args=[act.pk]),
        _edit_data(act, title="", period_start="2023", period_end="2021", amount="x"),
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Dette felt er påkrævet." in html
    assert "Perioden kan ikke slutte før den begynder." in html
    assert "Skriv beløbet som et tal i kroner" in html
    act.refresh_from_db()
    assert act.title == "ACT-team" and not act.budget_lines.filter(year=2024).exists()


def test_audit_log_shows_the_change_to_the_administrator(org, plan_data, client_for):
    client = client_for(org.lead_a)
    client.post(
        reverse("plans:status-update-create", args=[plan_data.act.pk]),
        {"date": "2026-11-23", "status": "afsluttet", "light": "groen", "narrative": "Slut"},
    )
    html = client_for(org.admin).get(reverse("accounts:audit-log") + "?model=plans.Initiative").content.decode()
    assert "leder-a" in html and "planlagt" in html and "afsluttet" in html


def test_export_downloads_the_plan_file(org, plan_data, client_for):
    response = client_for(org.leadership).get(reverse("plans:plan-export", args=[plan_data.plan.pk, "yaml"]))
    assert response.status_code == 200
    assert 'filename="testplan.yaml"' in response["Content-Disposition"]
    assert client_for(org.leadership).get(f"/planer/{plan_data.plan.pk}/eksport/pdf/").status_code == 404


def _upload(content: bytes, name: str):
    upload = io.BytesIO(content)
    upload.name = name
    return upload


def test_import_page_round_trips_an_exported_file(org, plan_data, client_for, run_jobs):
    from sporbar.plans.importing import export_plan

    content = export_plan(plan_data.plan, "csv")
    client = client_for(org.analyst)
    response = client.post(reverse("plans:plan-import"), {"file": _upload(content, "plan.csv")})
    assert response.status_code == 302
    run_jobs()
    html = client.get(response["Location"]).content.decode()
    assert "Importeret" in html and "Uændret" in html


def test_import_page_lists_every_problem_and_writes_nothing(org, plan_data, client_for, run_jobs):
    from sporbar.plans.importing import export_plan

    lines = export_plan(plan_data.plan, "csv").decode("utf-8-sig").splitlines()
    header = lines[0]
    sep = ";" if header.count(";") > header.count(",") else ","
    columns = header.split(sep)
    row = lines[1].split(sep)
    row[columns.index("plan_code")] = "nyplan"
    row[columns.index("amount")] = "mange penge"
    row[columns.index("owner_unit")] = "ukendt-enhed"
    bad = "\n".join([header, sep.join(row)]).encode()
    before = Plan.objects.count(), Initiative.objects.count(), AuditEntry.objects.count()
    client = client_for(org.analyst)
    response = client.post(reverse("plans:plan-import"), {"file": _upload(bad, "plan.csv")})
    run_jobs()
    html = client.get(response["Location"]).content.decode()
    assert "linje 2" in html and "Intet er gemt" in html
    assert "amount" in html and "owner_unit" in html
    assert (Plan.objects.count(), Initiative.objects.count(), AuditEntry.objects.count()) == before


def test_import_page_rejects_other_file_types(org, client_for):
    response = client_for(org.analyst).post(reverse("plans:plan-import"), {"file": _upload(b"x", "plan.pdf")})
    assert "Filen skal være CSV, XLSX eller YAML." in response.content.decode()


@pytest.mark.parametrize("value", ["20.000", "20000", "20000,00", "20.000 kr."])
def test_amount_field_reads_danish_numbers(value):
    from sporbar.plans.forms import SpendingForm

    form = SpendingForm({"date": datetime.date(2026, 11, 22).isoformat(), "amount": value})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == Decimal("20000")


def _structure_data(d, **extra):
    data = {
        "name": d.plan.name,
        "description": "",
        "themes-TOTAL_FORMS": "3",
        "themes-INITIAL_FORMS": "2",
        "themes-MIN_NUM_FORMS": "0",
        "themes-MAX_NUM_FORMS": "1000",
        "themes-0-id": d.theme1.pk,
        "themes-0-number": "1",
        "themes-0-name": d.theme1.name,
        "themes-1-id": d.theme2.pk,
        "themes-1-number": "2",
        "themes-1-name": d.theme2.name,
        "themes-2-number": "",
        "themes-2-name": "",
        "tracks-TOTAL_FORMS": "3",
        "tracks-INITIAL_FORMS": "2",
        "tracks-MIN_NUM_FORMS": "0",
        "tracks-MAX_NUM_FORMS": "1000",
        "tracks-0-id": d.track11.pk,
        "tracks-0-theme": d.theme1.pk,
        "tracks-0-number": "1.1",
        "tracks-0-name": d.track11.name,
        "tracks-1-id": d.track21.pk,
        "tracks-1-theme": d.theme2.pk,
        "tracks-1-number": "2.1",
        "tracks-1-name": d.track21.name,
        "tracks-2-theme": "",
        "tracks-2-number": "",
        "tracks-2-name": "",
    }
    data.update(extra)
    return data


def test_analyst_adds_a_theme_and_a_track_and_renames_the_plan(org, plan_data, client_for):
    client = client_for(org.analyst)
    url = reverse("plans:plan-structure", args=[plan_data.plan.pk])
    data = _structure_data(
        plan_data,
        name="Planen 2027",
        **{"themes-2-number": "3", "themes-2-name": "Unge"},
        **{"tracks-2-theme": plan_data.theme2.pk, "tracks-2-number": "2.2", "tracks-2-name": "Praktik"},
    )
    response = client.post(url, data)
    assert response.status_code == 302
    plan = Plan.objects.get(pk=plan_data.plan.pk)
    assert plan.name == "Planen 2027"
    assert list(plan.themes.values_list("number", flat=True)) == [1, 2, 3]
    assert plan_data.theme2.tracks.filter(number="2.2", name="Praktik").exists()
    html = client.get(reverse("plans:plan-detail", args=[plan.pk])).content.decode()
    assert "Tema 3: Unge" in html


def test_a_track_with_initiatives_cannot_be_deleted(org, plan_data, client_for):
    client = client_for(org.analyst)
    url = reverse("plans:plan-structure", args=[plan_data.plan.pk])
    response = client.post(url, _structure_data(plan_data, **{"tracks-0-DELETE": "on", "themes-1-DELETE": "on"}))
    html = response.content.decode()
    assert response.status_code == 400
    assert "har initiativer og kan ikke slettes" in html
    assert Initiative.objects.count() == 3


def test_duplicate_track_number_is_refused(org, plan_data, client_for):
    client = client_for(org.analyst)
    url = reverse("plans:plan-structure", args=[plan_data.plan.pk])
    data = _structure_data(
        plan_data, **{"tracks-2-theme": plan_data.theme1.pk, "tracks-2-number": "1.1", "tracks-2-name": "Igen"}
    )
    response = client.post(url, data)
    assert response.status_code == 400
    assert plan_data.theme1.tracks.count() == 1


def test_analyst_creates_an_initiative_with_budget(org, plan_data, client_for):
    client = client_for(org.analyst)
    url = reverse("plans:initiative-create", args=[plan_data.plan.pk])
    assert "Nyt initiativ" in client.get(url).content.decode()
    data = {
        "key": "peer",
        "title": "PEER-medarbejdere",
        "track": plan_data.track21.pk,
        "amount": "1.000.000",
        "status": "planlagt",
        "owner_unit": org.centre_b.pk,
        "budget-TOTAL_FORMS": "1",
        "budget-INITIAL_FORMS": "0",
        "budget-MIN_NUM_FORMS": "0",
        "budget-MAX_NUM_FORMS": "1000",
        "budget-0-year": "2027",
        "budget-0-amount": "1000000",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    peer = Initiative.objects.get(key="peer")
    assert peer.amount == Decimal("1000000") and peer.budget_lines.get().year == 2027
    # The same key twice in one track is refused.
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Der findes allerede et initiativ med denne nøgle i sporet." in response.content.decode()
