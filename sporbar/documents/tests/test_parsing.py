"""The minutes parsers against seed 002 (facts counted by hand) and other municipalities' formats."""

from pathlib import Path

import pytest

from sporbar.documents.parsing.minutes import parse_minutes
from sporbar.documents.parsing.personal import find_personal_data

SEED_002 = Path(__file__).resolve().parents[3] / "data" / "seeds" / "002_2d9e09fce0574635.txt"
DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def seed002():
    return parse_minutes(SEED_002.read_text(encoding="utf-8"))


def test_seed002_has_four_meetings_two_dated(seed002):
    meetings = seed002["meetings"]
    assert seed002["format"] == "aarhus-raadmand"
    assert len(meetings) == 4
    # Counted by hand: only the first two meetings have a header with a date.
    assert [m["date"] for m in meetings] == ["2023-01-16", "2023-01-09", None, None]
    assert meetings[0]["place"] == "Rådmandens kontor, vær. 436"
    assert meetings[1]["minute_taker"] == "Jacob"
    assert {m["body"] for m in meetings} == {"Rådmandsmøde"}


def test_seed002_meeting_of_9_january_items_and_decisions(seed002):
    meeting = seed002["meetings"][1]
    # The table of contents lists Punkt 4 twice (one item) and two items numbered 7, and no 8.
    assert [(i["number"], i["title"]) for i in meeting["items"]] == [
        (1, "Dagsorden"),
        (2, "Referat"),
        (3, "Rådmandsmøder 2023"),
        (4, "Udkast til Byrådsindstilling om Godkendelse af Rammeaftale 2023-24"),
        (5, "Evaluering af Psykiatriens Hus"),
        (6, "Initiativ – Private donationer til kommunale tilbud og afdelinger"),
        (7, "Orientering fra Magistraten"),
        (7, "Orientering om udvalgsmødet"),
        (9, "Bordrunde"),
    ]
    by_title = {i["title"]: i for i in meeting["items"]}
    assert by_title["Dagsorden"]["decision"] == "Godkendt."
    assert by_title["Rådmandsmøder 2023"]["decision"] == "1) Godkendt.\n2) Godkendt."
    assert by_title["Evaluering af Psykiatriens Hus"]["decision"].startswith("1) Godkendt.")
    assert "Rådmanden var nysgerrig" in by_title["Evaluering af Psykiatriens Hus"]["decision"]
    assert by_title["Orientering om udvalgsmødet"]["decision"] == "Intet til punktet."
    assert by_title["Initiativ – Private donationer til kommunale tilbud og afdelinger"]["category"] == "droeftelse"
    assert by_title["Bordrunde"]["category"] == "orientering"
    assert by_title["Dagsorden"]["category"] == "godkendelse"


def test_seed002_decisions_from_closing_referat_section(seed002):
    meeting = seed002["meetings"][0]
    decisions = {i["number"]: i["decision"] for i in meeting["items"]}
    assert len(meeting["items"]) == 9
    assert decisions[1] == "Dagsordenen blev godkendt uden bemærkninger."
    assert decisions[4].startswith("Indstillingen blev tiltrådt.")
    assert decisions[7] == 'Punktet blev drøftet - særligt med fokus på "de vilde problemer".'
    # Misspelled in the body ("Interesstillkendegivelse"), matched to the table of contents.
    assert meeting["items"][2]["proposal"]["title"] == "Interessetilkendegivelse vedr. Fairhuset Aarhus"


def test_seed002_headerless_meetings(seed002):
    third, fourth = seed002["meetings"][2], seed002["meetings"][3]
    assert [i["title"] for i in third["items"]][3:5] == [
        "Analyse af fuld tid i Voksen, Job og Handicap",
        "Status på Ukrainesituationen",
    ]
    assert third["items"][4]["decision"].startswith("Orienteringen tages til efterretning.")
    assert [i["title"] for i in fourth["items"]] == [
        "Dagsorden", "Referat", "Ny benchmarkingopgørelse fra BM", "Orientering fra Magistraten",
        "Orientering om udvalgmødet", "Bordrunde",
    ]  # fmt: skip


def test_seed002_proposal_template_sections(seed002):
    item = seed002["meetings"][2]["items"][3]  # Analyse af fuld tid
    proposal = item["proposal"]
    assert proposal["to"] == "Rådmanden for Sociale Forhold og Beskæftigelse"
    assert proposal["from"] == "Voksne, Job og Handicap"
    assert proposal["date"] == "2022-12-15"
    assert proposal["title"] == "Rådmandsindstilling om Analyse af fuld tid i VJH"
    assert proposal["resume"].startswith("Voksne, Job og Handicap indledte i januar 2022")
    # "At 1) Rådmanden tager analyserapporten til efterretning." in the decision answers point 1.
    assert proposal["decision_points"] == [
        {"number": 1, "text": "rådmanden tager analyserapporten til efterretning.", "outcome": "taget_til_efterretning"}
    ]
    assert proposal["why"].startswith("Med budget 2022")
    assert proposal["value"].startswith("Flere faste medarbejdere")
    assert "Processen sættes i gang i centrets LMU." in proposal["what_who_how"]
    assert proposal["resources"].startswith("Opgaven med det videre arbejde")
    assert (
        proposal["follow_up"]
        == "Der følges op på modelforsøg i de to centre i det etablerede samarbejde med SL og FOA."
    )
    assert proposal["case_number"] == "EMN-2022-025674"
    assert proposal["case_officer"] == "Viggo Munk"
    assert item["attachments"][0]["title"] == "Analyse om fuldtid 20221215"


def test_seed002_no_false_punkt_items(seed002):
    titles = [i["title"] for m in seed002["meetings"] for i in m["items"]]
    assert len(titles) == 9 + 9 + 8 + 6
    assert not any("Borger" in t for t in titles)
    numbers = {(m_index, i["number"], i["title"]) for m_index, m in enumerate(seed002["meetings"]) for i in m["items"]}
    assert len(numbers) == len(titles)  # no item twice


def test_seed002_case_stories_reported_as_personal_data(seed002):
    kinds = {p["kind"] for p in seed002["personal_data"]}
    assert "case" in kinds
    assert any(p["text"].startswith("Punkt 5, B Borger er en kvinde") for p in seed002["personal_data"])


def test_cpr_and_names_are_found():
    found = find_personal_data("Sagen vedrører borger Hans Jensen, cpr 010203-1234.\nDatoen 2023-2024 er ikke et cpr.")
    assert {(p["kind"], p["text"]) for p in found} == {("cpr", "010203-****"), ("name", "Hans Jensen")}


def test_faxe_numbered_items_with_beslutning():
    result = parse_minutes((DATA / "faxe_socialudvalget_2021.txt").read_text(encoding="utf-8"))
    assert result["format"] == "dk-sagsliste"
    (meeting,) = result["meetings"]
    assert meeting["date"] == "2021-01-11"
    assert meeting["body"] == "Socialudvalget"
    assert [(i["number"], i["title"], i["decision"]) for i in meeting["items"]] == [
        (1, "Godkendelse af dagsorden", "Godkendt."),
        (2, "Orientering om Fælles om Forebyggelse", "Taget til efterretning."),
    ]
    assert meeting["items"][1]["category"] == "orientering"
    assert meeting["items"][1]["attachments"] == [{"title": "Indsatsplan Fælles om Forebyggelse", "text": ""}]


def test_roedovre_sag_nr_items():
    (meeting,) = parse_minutes((DATA / "roedovre_sosu_2022.txt").read_text(encoding="utf-8"))["meetings"]
    assert meeting["date"] == "2022-04-05"
    assert [(i["number"], i["title"]) for i in meeting["items"]] == [
        (24, "Meddelelser"),
        (25, "Fremlæggelse af oversigt over visitation af borgere til plejehjem"),
    ]
    assert all(i["decision"] == "Taget til efterretning." for i in meeting["items"])


def test_viborg_beslutning_i_udvalget_den():
    (meeting,) = parse_minutes((DATA / "viborg_sosu_2019.txt").read_text(encoding="utf-8"))["meetings"]
    assert meeting["date"] == "2019-01-17"
    assert meeting["body"] == "Social- og Sundhedsudvalget"
    assert [i["decision"] for i in meeting["items"]] == [
        "Udvalget tog orienteringen om veteranindsatsen til efterretning.",
        "Godkendt.",
    ]
    assert meeting["items"][1]["category"] == "godkendelse"


def test_text_without_agenda_items_is_refused():
    with pytest.raises(ValueError, match="kendt format"):
        parse_minutes("Dette er bare et brev.\nMed venlig hilsen")
