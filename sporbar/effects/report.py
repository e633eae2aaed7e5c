"""The committee status report as PDF (WeasyPrint from HTML), XLSX or CSV: the same figures, the same suppression."""

import csv
import datetime
import io

from django.db.models import Sum
from django.template.loader import render_to_string

from sporbar import formats
from sporbar.plans.models import BudgetLine, Initiative, Plan, StatusUpdate
from sporbar.plans.services import spent_by_initiative
from sporbar.tables import safe_cell, safe_xlsx_row

from . import services
from .disclosure.rule import reason_label

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
HEADER = [
    "Niveau",
    "Navn",
    "Nøgletal",
    "Dimension",
    "Periode",
    "Antal",
    "Forløb",
    "Andel",
    "Interval fra",
    "Interval til",
    "Mål",
    "Vurdering",
    "Skjult fordi",
]


def report_data(plan: Plan, user) -> dict:
    figures = services.keyfigures(plan, user)
    period = services.default_period(figures)
    initiatives = list(
        Initiative.objects.filter(track__theme__plan=plan)
        .select_related("track__theme")
        .order_by("track__theme__number", "track__number", "key")
    )
    ids = [i.id for i in initiatives]
    spent = spent_by_initiative(ids)
    budget = dict(
        BudgetLine.objects.filter(initiative_id__in=ids)
        .values("initiative_id")
        .annotate(s=Sum("amount"))
        .values_list("initiative_id", "s")
    )
    latest = {}
    for update in StatusUpdate.objects.filter(initiative_id__in=ids).order_by("initiative_id", "-date", "-id"):
        latest.setdefault(update.initiative_id, update)
    by_initiative = (
        {e["scope"]["id"]: e for e in services.figure_table(figures, "initiative", period)} if period else {}
    )
    rows = []
    for ini in initiatives:
        rows.append(
            {
                "initiative": ini,
                "status": ini.get_status_display(),
                "update": latest.get(ini.id),
                "budget": budget.get(ini.id) or ini.amount,
                "spent": spent.get(ini.id) or 0,
                "figures": by_initiative.get(ini.id, {}).get("rows", []),
            }
        )
    reach_year = services.period_year(period) if period else datetime.date.today().year
    return {
        "plan": plan,
        "period": period,
        "reach_year": reach_year,
        "reach": services.reach_and_cost(plan, user, reach_year),
        "today": datetime.date.today(),
        "initiatives": rows,
        "overall": services.figure_table(figures, "plan", period) if period else [],
        "trends": services.trends(figures, "plan", plan.id),
        "explanations": [(services.FIGURE_LABELS[k], v) for k, v in services.EXPLANATIONS.items()],
        "period_rule": services.PERIOD_RULE,
        "figures": [f for f in figures if f["period"] == period and f["scope"]["kind"] in ("plan", "initiative")],
    }


def _cells(f: dict) -> list:
    suppressed = f["suppressed"]
    why = reason_label(f["suppressed_reason"])
    return [
        str(dict(services.ScopeKind.choices).get(f["scope"]["kind"], f["scope"]["kind"])),
        f["scope"]["name"],
        services.FIGURE_LABELS[f["figure"]],
        services.DIMENSION_LABELS[f["dimension"]],
        f["period"],
        why if suppressed else f["count"],
        why if suppressed else f["denominator"],
        None if suppressed else round(f["share"], 3),
        None if suppressed else round(f["ci_low"], 3),
        None if suppressed else round(f["ci_high"], 3),
        None if f["target"] is None else round(f["target"], 3),
        services.VERDICT_LABELS.get(f["verdict"], "") if f["verdict"] else "",
        why,
    ]


def build(plan: Plan, user, fmt: str) -> bytes:
    data = report_data(plan, user)
    if fmt == "pdf":
        from weasyprint import HTML

        html = render_to_string("effects/report.html", data)
        return HTML(string=html, base_url=None).write_pdf()
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";")
        writer.writerow(HEADER)
        for f in data["figures"]:
            row = _cells(f)
            writer.writerow(
                [
                    formats.percent(v, 1) if i in (7, 8, 9, 10) and v is not None else safe_cell(v)
                    for i, v in enumerate(row)
                ]
            )
        return ("\ufeff" + out.getvalue()).encode("utf-8")
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Nøgletal"
    sheet.append(HEADER)
    for f in data["figures"]:
        safe_xlsx_row(sheet, _cells(f))
        for col in "HIJK":
            sheet[f"{col}{sheet.max_row}"].number_format = "0.0 %"
    status = book.create_sheet("Initiativer")
    status.append(["Initiativ", "Status", "Budget (kr.)", "Forbrug (kr.)", "Seneste fortælling"])
    for row in data["initiatives"]:
        safe_xlsx_row(
            status,
            [
                row["initiative"].title,
                row["status"],
                float(row["budget"]),
                float(row["spent"]),
                row["update"].narrative if row["update"] else "",
            ],
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
