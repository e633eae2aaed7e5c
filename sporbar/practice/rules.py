"""The rules behind each suggestion: plain data in, a level with its explanation and evidence out.

No database here. Every rule says in plain Danish what it found and why that gives the level, and
lists the numbers behind it as evidence ({label, value}); a number the viewer may not see arrives
hidden and stays hidden, and a missing number gives "ikke vurderet" with the reason.

The texts are in Django's message catalogue (the msgid is the Danish text). Texts built per call use
gettext, so a Suggestion holds plain strings that can be stored with a level (JSON) as they are; the
rule texts are lazy constants that rule_text() turns into plain strings.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from sporbar import formats

from .elements import Level

# Thresholds (docs/promising-practice.md).
DESCRIPTION_PARTLY = 3  # of the six facts
MONITORING_MET, MONITORING_PARTLY = 0.90, 0.60
INDIVIDUAL_MET, INDIVIDUAL_NOT_MET = 0.75, 0.25
FOLLOW_UP_MET, FOLLOW_UP_NOT_MET = 0.80, 0.50


@dataclass
class Suggestion:
    level: str
    explanation: str
    evidence: list[dict] = field(default_factory=list)


def item(label: str, value: str, hidden: bool = False, reason: str = "") -> dict:
    entry = {"label": label, "value": value}
    if hidden:
        entry.update(hidden=True, reason=reason)
    return entry


def hidden_item(label: str, reason: str) -> dict:
    return item(label, _("skjult – %(reason)s") % {"reason": reason}, hidden=True, reason=reason)


def pct(share) -> str:
    return formats.percent(share)


def share_text(share: dict, of: str) -> str:
    """ "82 % (95 %-interval 70–90 %), 33 af 40 forløb"."""
    return _("%(share)s (95 %%-interval %(low)s–%(high)s), %(count)s af %(n)s %(of)s") % {
        "share": pct(share["share"]),
        "low": pct(share["ci_low"]),
        "high": pct(share["ci_high"]),
        "count": formats.number(share["count"]),
        "n": formats.number(share["n"]),
        "of": of,
    }


# --- rule texts ------------------------------------------------------------------------------------------

# %-format strings (a literal per cent sign is doubled) taking the monitoring interval as %(months)s.
RULES = {
    2: gettext_lazy(
        "Initiativets effekttal for det seneste år med tal (andel med 95 %%-interval) holdes op mod målet og, "
        "hvor der er en, mod sammenligningsgruppen. Opfyldt: mindst ét tal ligger med hele intervallet over "
        "sit mål (eller klart over sammenligningsgruppen), og intet ligger klart under. Delvist opfyldt: tal "
        "både klart over og klart under, eller ingen sikre tal, men mindst ét på eller over sit mål. Ikke "
        "opfyldt: intet tal på eller over sit mål. Ikke vurderet: ingen synlige tal med mål eller "
        "sammenligningsgruppe."
    ),
    3: gettext_lazy(
        "Hvor mange af initiativets seks fakta er udfyldt: målgruppe, målgruppens størrelse, aktiviteter "
        "(hvad, hvem og hvordan), mål (formål), ejer og evaluering. Opfyldt: alle seks. Delvist opfyldt: "
        "mindst tre. Ikke opfyldt: færre end tre."
    ),
    4: gettext_lazy(
        "Om der er sat effektmål for initiativets nøgletal i året (initiativets egne eller målgruppens): mål "
        "nået eller forbedret, borgerens egen vurdering og, for beskæftigelsesrettede initiativer, tættere på "
        "beskæftigelse. Opfyldt: mål for alle nøgletal. Delvist opfyldt: mål for nogle. Ikke opfyldt: ingen."
    ),
    6: gettext_lazy(
        "Initiativets investeringscase: nutidsværdien og året, hvor casen tjener sig hjem med diskontering, "
        "med den observerede effekt og dens 95 %%-interval, hvor den findes. Opfyldt: nutidsværdien er positiv "
        "også i den lave ende af intervallet for den observerede effekt. Delvist opfyldt: positiv med den "
        "observerede effekt, men ikke i hele intervallet, eller positiv med den antagne effekt, når der endnu "
        "ikke er en observeret. Ikke opfyldt: nutidsværdien er nul eller negativ. Ikke vurderet: ingen case, "
        "casen kan ikke beregnes, eller året med diskontering kendes ikke."
    ),
    9: gettext_lazy(
        "Blandt initiativets forløb med mål: andelen, hvor alle mål er skrevet med borgerens egne ord, og "
        "andelen, hvor borgeren selv har givet en vurdering. Opfyldt: begge mindst 75 %%. Ikke opfyldt: begge "
        "under 25 %%. Delvist opfyldt: ellers. Ikke vurderet: ingen forløb med mål, eller en andel er skjult "
        "(små tal)."
    ),
    10: gettext_lazy(
        "Blandt initiativets aktive forløb, der har løbet mindst %(months)s måneder: andelen med mindst én "
        "vurdering fra medarbejderen inden for de seneste %(months)s måneder. Opfyldt: mindst 90 %%. Delvist "
        "opfyldt: mindst 60 %%. Ikke opfyldt: under 60 %%. Ikke vurderet: ingen sådanne forløb, eller andelen er "
        "skjult (små tal)."
    ),
    11: gettext_lazy(
        "Initiativets forfaldne opfølgninger i opfølgningsregistret (færdige eller over fristen): andelen, der "
        "blev færdige senest på fristen; og beslutninger, der kan have ændret initiativet (dagsordenspunkter "
        "med en beslutning, som ikke kun var til orientering, og godkendte indstillinger). Opfyldt: mindst 80 %% "
        "til tiden og mindst én beslutning. Ikke opfyldt: under 50 %% til tiden og ingen beslutninger. Delvist "
        "opfyldt: ellers. Ikke vurderet: hverken forfaldne opfølgninger eller beslutninger."
    ),
}
ASSESSMENT_RULE = gettext_lazy(
    "Initiativets egen vurdering (selvevaluering) med tekst og dokumenter. Forslaget er selvevalueringens "
    "niveau; »opfyldt« kræver mindst ét vedhæftet dokument (fx en forandringsteori eller en "
    "metodebeskrivelse), ellers foreslås »delvist opfyldt«. Ikke vurderet: ingen selvevaluering endnu."
)


def rule_text(number: int, monitoring_months: int) -> str:
    """The rule as a plain string (stored with a level, joined into exports, serialised to JSON)."""
    return str(RULES.get(number, ASSESSMENT_RULE) % {"months": monitoring_months})


# --- 2 Virkning ------------------------------------------------------------------------------------------


def effect(figures: list[dict], year: str | None, comparisons: dict, labels) -> Suggestion:
    """figures: the initiative's disclosed figures of `year`; comparisons: {(figure, dimension): share dict}.
    labels(figure) -> "Mål nået eller forbedret – personlig udvikling"."""
    if not figures:
        return Suggestion(Level.NOT_ASSESSED, _("Initiativet har endnu ingen effekttal."))
    evidence, positive, negative, leaning, judged = [], 0, 0, 0, 0
    for f in figures:
        label = f"{labels(f)} ({year})"
        if f["suppressed"]:
            evidence.append(hidden_item(label, f["suppressed_reason"]))
            continue
        parts = [share_text({**f, "n": f["denominator"]}, _("forløb"))]
        target, comparison = f.get("target"), comparisons.get((f["figure"], f["dimension"]))
        if target is not None:
            judged += 1
            parts.append(_("mål %(target)s: %(verdict)s") % {"target": pct(target), "verdict": f["verdict_label"]})
            positive += f["verdict"] == "met"
            negative += f["verdict"] == "not_met"
            leaning += f["verdict"] == "undecidable" and f["share"] >= target
        if comparison is not None:
            judged += 1
            low = comparison.get("ci_low", comparison["share"])
            high = comparison.get("ci_high", comparison["share"])
            parts.append(_("sammenligningsgruppe %(share)s") % {"share": pct(comparison["share"])})
            positive += f["ci_low"] > high
            negative += f["ci_high"] < low
        evidence.append(item(label, "; ".join(parts)))
    if not judged:
        return Suggestion(
            Level.NOT_ASSESSED,
            _("Ingen af initiativets synlige effekttal har et mål eller en sammenligningsgruppe at holdes op mod."),
            evidence,
        )
    if positive and not negative:
        return Suggestion(
            Level.MET,
            _("%(positive)s tal ligger klart over mål eller sammenligning, og intet klart under.")
            % {"positive": positive},
            evidence,
        )
    if positive:
        return Suggestion(
            Level.PARTLY,
            _("%(positive)s tal ligger klart over og %(negative)s klart under mål eller sammenligning.")
            % {"positive": positive, "negative": negative},
            evidence,
        )
    if leaning:
        return Suggestion(
            Level.PARTLY,
            _("Intet tal ligger sikkert over målet, men %(leaning)s ligger på eller over (intervallet rummer målet).")
            % {"leaning": leaning},
            evidence,
        )
    return Suggestion(Level.NOT_MET, _("Intet af initiativets effekttal ligger på eller over sit mål."), evidence)


# --- 3 Beskrivelse ---------------------------------------------------------------------------------------


def description(facts: list[tuple[str, str]]) -> Suggestion:
    """facts: (label, value or "") for the six facts."""
    evidence = [item(label, value if value else _("mangler")) for label, value in facts]
    filled = sum(1 for _label, value in facts if value)
    missing = [label.lower() for label, value in facts if not value]
    counts = {"filled": filled, "total": len(facts)}
    if missing:
        text = _("%(filled)s af %(total)s fakta er udfyldt; mangler: %(missing)s.") % {
            **counts,
            "missing": ", ".join(missing),
        }
    else:
        text = _("%(filled)s af %(total)s fakta er udfyldt.") % counts
    if filled == len(facts):
        return Suggestion(Level.MET, text, evidence)
    if filled >= DESCRIPTION_PARTLY:
        return Suggestion(Level.PARTLY, text, evidence)
    return Suggestion(Level.NOT_MET, text, evidence)


# --- 4 Mål -----------------------------------------------------------------------------------------------


def goals(year: int, applicable: list[tuple[str, str]], targets: dict, dimension_label, order=()) -> Suggestion:
    """applicable: (figure, label) of the initiative's figures; targets: {(figure, dimension): {share, via}};
    order: the dimensions in the order to list them."""
    rank = {d: i for i, d in enumerate(order)}
    evidence, with_target = [], 0
    for figure, label in applicable:
        found = sorted(
            ((dim, t) for (fig, dim), t in targets.items() if fig == figure), key=lambda dt: rank.get(dt[0], 99)
        )
        if found:
            with_target += 1
            value = "; ".join(f"{dimension_label(dim)}: {pct(t['share'])} ({t['via']})" for dim, t in found)
        else:
            value = _("intet mål")
        evidence.append(item(f"{label} ({year})", value))
    text = _("Der er sat mål for %(with_target)s af initiativets %(total)s nøgletal i %(year)s.") % {
        "with_target": with_target,
        "total": len(applicable),
        "year": year,
    }
    if with_target == len(applicable):
        return Suggestion(Level.MET, text, evidence)
    if with_target:
        return Suggestion(Level.PARTLY, text, evidence)
    return Suggestion(Level.NOT_MET, text, evidence)


# --- 6 Økonomi -------------------------------------------------------------------------------------------


def economy(case: dict | None, may_see: bool = True) -> Suggestion:
    """case: the adapter's summary of the initiative's investment case, or None."""
    if not may_see:
        reason = _("investeringscasen vises kun for analytikere, administratorer, ledelse og initiativledere")
        return Suggestion(
            Level.NOT_ASSESSED,
            _("Ikke vurderet for dig: %(reason)s.") % {"reason": reason},
            [hidden_item(_("Investeringscase"), reason)],
        )
    if case is None:
        return Suggestion(Level.NOT_ASSESSED, _("Initiativet har ingen investeringscase."))
    evidence = [item(_("Investeringscase"), case["name"])]
    if case["error"]:
        evidence.append(item(_("Fejl i casen"), case["error"]))
        return Suggestion(Level.NOT_ASSESSED, _("Investeringscasen kan ikke beregnes."), evidence)
    discounted = case["break_even_discounted"]
    horizon = f"{case['first_year']}–{case['last_year']}"
    evidence.append(item(_("Nutidsværdi med antaget effekt"), formats.mio_kr(case["present_value"])))
    if discounted["known"]:
        year = discounted["year"]
        beyond = _("ikke inden for horisonten (%(horizon)s)") % {"horizon": horizon}
        evidence.append(item(_("Tjener sig hjem med diskontering"), str(year) if year else beyond))
    observed = case["observed"]
    if observed:
        low, high = formats.mio_kr(observed["present_value_low"]), formats.mio_kr(observed["present_value_high"])
        interval = _("%(value)s (95 %%-interval %(low)s til %(high)s)") % {
            "value": formats.mio_kr(observed["present_value"]),
            "low": low,
            "high": high,
        }
        evidence.append(item(_("Nutidsværdi med observeret effekt"), interval))
    elif case["observed_hidden"]:
        evidence.append(
            hidden_item(_("Nutidsværdi med observeret effekt"), _("den observerede effekt bygger på færre end 5"))
        )
    if not discounted["known"]:
        return Suggestion(
            Level.NOT_ASSESSED, _("Året, hvor casen tjener sig hjem med diskontering, kendes ikke endnu."), evidence
        )
    if observed and observed["present_value"] is not None:
        low = observed["present_value_low"]
        if low is not None and low > 0:
            return Suggestion(
                Level.MET,
                _("Nutidsværdien er positiv også i den lave ende af den observerede effekts interval."),
                evidence,
            )
        if observed["present_value"] > 0:
            return Suggestion(
                Level.PARTLY,
                _("Nutidsværdien er positiv med den observerede effekt, men ikke i hele intervallet."),
                evidence,
            )
        return Suggestion(Level.NOT_MET, _("Nutidsværdien er ikke positiv med den observerede effekt."), evidence)
    if case["present_value"] > 0:
        return Suggestion(
            Level.PARTLY,
            _("Nutidsværdien er positiv, men bygger på den antagne effekt; der er endnu ingen observeret effekt."),
            evidence,
        )
    return Suggestion(Level.NOT_MET, _("Casen tjener sig ikke hjem inden for horisonten."), evidence)


# --- 9 Individuel tilrettelæggelse -----------------------------------------------------------------------


def individual(own_words: dict, rated: dict) -> Suggestion:
    """Two shares from sources.citizen_share: goals in the citizen's own words, citizen's own rating."""
    labels = (_("Forløb med alle mål i borgerens egne ord"), _("Forløb hvor borgeren selv har vurderet"))
    evidence = [_share_item(label, share) for label, share in zip(labels, (own_words, rated), strict=True)]
    if not own_words["n"] and not own_words["hidden"]:
        return Suggestion(Level.NOT_ASSESSED, _("Initiativet har ingen forløb med mål."), evidence)
    if own_words["hidden"] or rated["hidden"]:
        return Suggestion(Level.NOT_ASSESSED, _("En af andelene er skjult for at beskytte få borgere."), evidence)
    low, high = sorted((own_words["share"], rated["share"]))
    text = _("Egne ord: %(own_words)s; egen vurdering: %(rated)s.") % {
        "own_words": pct(own_words["share"]),
        "rated": pct(rated["share"]),
    }
    if low >= INDIVIDUAL_MET:
        return Suggestion(Level.MET, text + " " + _("Begge er mindst 75 %."), evidence)
    if high < INDIVIDUAL_NOT_MET:
        return Suggestion(Level.NOT_MET, text + " " + _("Begge er under 25 %."), evidence)
    return Suggestion(Level.PARTLY, text, evidence)


def _share_item(label: str, share: dict) -> dict:
    if share["hidden"]:
        return hidden_item(label, share["reason"])
    if not share["n"]:
        return item(label, _("ingen forløb"))
    return item(label, share_text(share, _("forløb")))


# --- 10 Monitorering -------------------------------------------------------------------------------------


def monitoring(share: dict, months: int) -> Suggestion:
    label = _("Aktive forløb vurderet inden for %(months)s måneder") % {"months": months}
    evidence = [_share_item(label, share)]
    if share["hidden"]:
        return Suggestion(Level.NOT_ASSESSED, _("Andelen er skjult for at beskytte få borgere."), evidence)
    if not share["n"]:
        return Suggestion(
            Level.NOT_ASSESSED,
            _("Initiativet har ingen aktive forløb, der har løbet mindst %(months)s måneder.") % {"months": months},
            evidence,
        )
    text = _("%(share)s af de aktive forløb er vurderet inden for de seneste %(months)s måneder.") % {
        "share": pct(share["share"]),
        "months": months,
    }
    if share["share"] >= MONITORING_MET:
        return Suggestion(Level.MET, text, evidence)
    if share["share"] >= MONITORING_PARTLY:
        return Suggestion(Level.PARTLY, text, evidence)
    return Suggestion(Level.NOT_MET, text, evidence)


# --- 11 Opfølgning ---------------------------------------------------------------------------------------


def follow_up(counts: dict, decisions: dict) -> Suggestion:
    """counts: on_time, late, overdue, unknown, pending follow-ups; decisions: count and latest date."""
    due = counts["on_time"] + counts["late"] + counts["overdue"]
    evidence = [
        item(
            _("Opfølgninger færdige til tiden"),
            _("%(on_time)s af %(due)s forfaldne") % {"on_time": counts["on_time"], "due": due},
        ),
        item(_("Færdige efter fristen"), str(counts["late"])),
        item(_("Over fristen og ikke færdige"), str(counts["overdue"])),
    ]
    if counts["unknown"]:
        evidence.append(item(_("Færdige, tidspunkt ukendt (ikke talt med)"), str(counts["unknown"])))
    if counts["pending"]:
        evidence.append(item(_("Ikke forfaldne endnu"), str(counts["pending"])))
    if decisions["latest"]:
        made = _("%(count)s (seneste %(date)s)") % {
            "count": decisions["count"],
            "date": formats.date(decisions["latest"]),
        }
    else:
        made = str(decisions["count"])
    evidence.append(item(_("Beslutninger om initiativet"), made))
    if not due and not decisions["count"]:
        return Suggestion(
            Level.NOT_ASSESSED, _("Initiativet har hverken forfaldne opfølgninger eller beslutninger."), evidence
        )
    share = counts["on_time"] / due if due else None
    made_text = ngettext("%(n)s beslutning om initiativet", "%(n)s beslutninger om initiativet", decisions["count"]) % {
        "n": decisions["count"]
    }
    if due:
        on_time = ngettext(
            "%(share)s af %(due)s forfalden opfølgning blev færdig til tiden",
            "%(share)s af %(due)s forfaldne opfølgninger blev færdige til tiden",
            due,
        ) % {"share": pct(share), "due": due}
    else:
        on_time = _("Ingen forfaldne opfølgninger")
    text = _("%(follow_ups)s; %(decisions)s.") % {"follow_ups": on_time, "decisions": made_text}
    if due and share >= FOLLOW_UP_MET and decisions["count"]:
        return Suggestion(Level.MET, text, evidence)
    if due and share < FOLLOW_UP_NOT_MET and not decisions["count"]:
        return Suggestion(Level.NOT_MET, text, evidence)
    return Suggestion(Level.PARTLY, text, evidence)


# --- 1, 5, 7, 8: self-assessment -------------------------------------------------------------------------


def self_assessment(current: dict | None, documents: list[str]) -> Suggestion:
    """current: {"text", "proposed_level", "written_by", "written_at"} of the latest self-assessment."""
    doc_list = ", ".join(documents) if documents else _("ingen")
    if current is None:
        return Suggestion(
            Level.NOT_ASSESSED,
            _("Initiativet har ingen selvevaluering for elementet endnu."),
            [item(_("Dokumenter"), doc_list)],
        )
    text = current["text"].strip()
    evidence = [
        item(_("Selvevaluering"), text if len(text) <= 300 else text[:297] + "…"),
        item(_("Skrevet af"), f"{current['written_by']}, {formats.date(current['written_at'])}"),
        item(_("Dokumenter"), doc_list),
    ]
    proposed = current["proposed_level"]
    if proposed == Level.MET and not documents:
        return Suggestion(
            Level.PARTLY,
            _("Selvevalueringen siger opfyldt, men der er ikke vedhæftet dokumentation; derfor delvist opfyldt."),
            evidence,
        )
    return Suggestion(proposed, _("Selvevalueringens niveau: %(level)s.") % {"level": proposed}, evidence)
