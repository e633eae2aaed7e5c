"""The report's first page in plain words, written from the report's data.

Each topic the committee asked for (what was decided, what was spent, whom it reached, which targets
were met, how the investment cases stand) becomes one or two Danish sentences. They are built only
from numbers the report itself shows the committee: a hidden count is never summed into a total
("mindst" and how many were left out), and a hidden figure is counted as hidden, never by its verdict.
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sporbar import formats
from sporbar.effects import services as effects
from sporbar.governance.decisions import first_sentence

from .since import CHOSEN, LAST_REPORT

FIRST_PAGE_DECISIONS = 6  # the newest decisions listed on the first page; every one is in its initiative's section


def summary(data: dict) -> list[dict]:
    """[{"topic", "text", "items"}]: the first page, topic by topic."""
    return [
        {"topic": _("Beslutninger"), "text": decided(data), "items": decision_lines(data["decisions"])},
        {"topic": _("Økonomi"), "text": spent(data), "items": []},
        {"topic": _("Rækkevidde"), "text": reached(data), "items": []},
        {"topic": _("Mål"), "text": targets(data), "items": []},
        {"topic": _("Investeringscases"), "text": cases(data), "items": case_lines(data)},
    ]


def since_text(since) -> str:
    """ "Siden sidste rapport til udvalget den 29-08-2026" or "Siden 01-01-2026"; empty without a date."""
    if since.source == LAST_REPORT:
        return _("Siden sidste rapport til udvalget den %(date)s") % {"date": formats.date(since.date)}
    if since.source == CHOSEN:
        return _("Siden %(date)s") % {"date": formats.date(since.date)}
    return ""


def decided(data: dict) -> str:
    items = data["decisions"]
    n, meetings = len(items), len({(d["meeting"], d["date"]) for d in items})
    counted = ngettext("%(n)s beslutning om planens initiativer", "%(n)s beslutninger om planens initiativer", n) % {
        "n": n
    } + ngettext(" på %(m)s møde", " på %(m)s møder", meetings) % {"m": meetings}
    since = since_text(data["since"])
    if not since:
        text = _("Der er ikke registreret en tidligere rapport til udvalget, så rapporten tager alle beslutninger med")
        text += (": " + counted + ".") if n else _(", men der er ingen om planens initiativer.")
    elif n:
        text = _("%(since)s er der truffet %(counted)s.") % {"since": since, "counted": counted}
    else:
        text = _("%(since)s er der ikke truffet beslutninger om planens initiativer.") % {"since": since}
    open_ones = [f for f in data["follow_ups"] if not f["done"]]
    overdue = sum(1 for f in open_ones if f["overdue"])
    if open_ones:
        text += " " + ngettext(
            "%(n)s opfølgning er åben, heraf %(o)s med overskredet frist.",
            "%(n)s opfølgninger er åbne, heraf %(o)s med overskredet frist.",
            len(open_ones),
        ) % {"n": len(open_ones), "o": overdue}
    else:
        text += " " + _("Ingen opfølgninger er åbne.")
    return text


def decision_lines(items: list[dict]) -> list[str]:
    lines = []
    for d in items[:FIRST_PAGE_DECISIONS]:
        decision = first_sentence(d["decision"]) or "; ".join(f"{p['number']}) {p['outcome']}" for p in d["outcomes"])
        lines.append(f"{formats.date(d['date'])}, {d['meeting']}: {d['title']}. {decision}".strip())
    if len(items) > FIRST_PAGE_DECISIONS:
        lines.append(_("… og %(n)s flere under initiativerne nedenfor.") % {"n": len(items) - FIRST_PAGE_DECISIONS})
    return lines


def spent(data: dict) -> str:
    text = _("Planens initiativer har brugt %(spent)s af deres budget på %(budget)s") % {
        "spent": formats.mio_kr(data["spent"]),
        "budget": formats.mio_kr(data["budget"]),
    }
    if data["plan_amount"] != data["budget"]:
        text += _(" (planens samlede beløb er %(amount)s)") % {"amount": formats.mio_kr(data["plan_amount"])}
    totals = data["reach_totals"]
    text = (
        full_stop(text)
        + " "
        + _("I %(year)s er der brugt %(spent)s af årets budget på %(budget)s")
        % {
            "year": data["reach_year"],
            "spent": formats.mio_kr(totals["spent"]),
            "budget": formats.mio_kr(totals["budget"]),
        }
    )
    return full_stop(text)


def full_stop(text: str) -> str:
    """End a sentence with one period, also after an amount ("… 4,1 mio. kr.")."""
    return text if text.endswith(".") else text + "."


def reached(data: dict) -> str:
    totals = data["reach_totals"]
    text = _(
        "I %(year)s var %(active)s forløb aktive i planens initiativer; %(started)s startede, "
        "og %(ended)s blev afsluttet."
    ) % {
        "year": data["reach_year"],
        "active": formats.number(totals["active"]),
        "started": formats.number(totals["started"]),
        "ended": formats.number(totals["ended"]),
    }
    hidden = [totals[f"{key}_hidden"] for key in ("active", "started", "ended")]
    if any(hidden):
        text += " " + _(
            "Initiativer med færre end 5 forløb er ikke talt med (aktive: %(a)s, startede: %(s)s, afsluttede: %(e)s "
            "initiativer), så ingen kan regne et lille tal ud."
        ) % {"a": hidden[0], "s": hidden[1], "e": hidden[2]}
    return text


def targets(data: dict) -> str:
    period = data["period"]
    if not period:
        return _("Der er endnu ingen vurderinger at regne nøgletal på.")
    texts = []
    for kind, label in (("initiative", _("initiativernes")), ("plan", _("hele planens"))):
        counts = data["target_counts"][kind]
        if not counts["total"]:
            if kind == "initiative":
                texts.append(
                    _("Ingen af %(whose)s nøgletal har et mål for %(period)s.") % {"whose": label, "period": period}
                )
            continue
        text = _(
            "%(n)s af %(whose)s nøgletal har et mål for %(period)s: %(met)s er nået, %(not_met)s er ikke nået, "
            "og %(undecided)s kan endnu ikke afgøres"
        ) % {
            "n": counts["total"],
            "whose": label,
            "period": period,
            "met": counts[effects.MET],
            "not_met": counts[effects.NOT_MET],
            "undecided": counts[effects.UNDECIDED],
        }
        if counts["hidden"]:
            text += ngettext(
                "; %(h)s er skjult for at beskytte borgerne.",
                "; %(h)s er skjult for at beskytte borgerne.",
                counts["hidden"],
            ) % {"h": counts["hidden"]}
        else:
            text += "."
        texts.append(text)
    return " ".join(texts)


def cases(data: dict) -> str:
    found = data["cases"]
    if not found:
        return _("Planen har endnu ingen investeringscases.")
    return ngettext(
        "Planen har %(n)s investeringscase, regnet som SØM regner, med målte rater hvor udvalget må se dem:",
        "Planen har %(n)s investeringscases, regnet som SØM regner, med målte rater hvor udvalget må se dem:",
        len(found),
    ) % {"n": len(found)}


def break_even(year, discounted_year) -> str:
    if year is None and discounted_year is None:
        return _("tjener sig ikke hjem inden for horisonten")
    if discounted_year is None:
        return _("tjener sig hjem i %(y)s (diskonteret: ikke inden for horisonten)") % {"y": year}
    if year is None:
        return _("tjener sig hjem i %(d)s diskonteret") % {"d": discounted_year}
    return _("tjener sig hjem i %(y)s (diskonteret: %(d)s)") % {"y": year, "d": discounted_year}


def case_line(case: dict) -> str:
    if case["error"]:
        return _("%(name)s kan ikke beregnes: %(error)s") % {"name": case["name"], "error": case["error"]}
    text = _("%(name)s – nutidsværdi %(pv)s over %(first)s–%(last)s; %(break_even)s.") % {
        "name": case["name"],
        "pv": formats.mio_kr(case["present_value"]),
        "first": case["first_year"],
        "last": case["last_year"],
        "break_even": break_even(case["break_even_year"], case["break_even_year_discounted"]),
    }
    total = case["measured"] + case["assumed"]
    if not total:
        return text + " " + _("Casen har ingen konsekvenser endnu.")
    text += " " + ngettext(
        "%(m)s af %(n)s konsekvens regnes med en målt rate, resten er antaget.",
        "%(m)s af %(n)s konsekvenser regnes med en målt rate, resten er antaget.",
        total,
    ) % {"m": case["measured"], "n": total}
    return text


def case_lines(data: dict) -> list[str]:
    return [case_line(case) for case in data["cases"]]
