""""Download PDF" and "Download CSV" on the records pages: the words in the page's language go to the builders as
plain data; the PDF is made in a worker process. The report is fetched again through the service, so the
permission check and the audit happen for the file too."""

from __future__ import annotations

from datetime import date

from nicegui import ui

from app.components.state import language, t
from app.pages.common import cpu_bound
from app.pages.records_view import kind_label, place_label, subtitle
from app.services.records import Report
from app.services.records_export import ExportLabels, records_csv, records_pdf
from app.services.records_export import totals_keys as export_totals_keys

COLUMNS = {"expenses": ("date", "type", "place", "items", "total", "fund", "family"),
           "contributions": ("month", "type", "place", "paid_on", "paid", "subsidy")}
TOTAL_WORDS = {"total": None, "fund": "records.fund_paid", "family": "records.family_paid",
               "paid": "records.person_paid", "subsidy": "records.subsidy"}


def export_labels(report: Report, today_iso: str) -> ExportLabels:
    """The words of a file of `report` in the page's language."""
    title = t(f"records.{report.what}_title")
    total_word = t("records.expense_total") if report.what == "expenses" else t("records.contribution_total")
    totals = tuple(t(TOTAL_WORDS[key]) if TOTAL_WORDS[key] else total_word for key in export_totals_keys(report))
    places = {key: place_label(report, key) for key, _ in report.places}
    return ExportLabels(
        title=title, subtitle=subtitle(report) if report.year else report.person.name,
        columns=tuple(t(f"records.col.{c}") for c in COLUMNS[report.what]),
        kinds={kind: kind_label(report, kind) for kind in report.kinds}, places=places,
        total_row=t("records.total"), totals=totals,
        empty=t("records.empty", name=report.person.name, year=report.year) if report.year
        else t("records.none_yet", name=report.person.name),
        made_on=t("records.made_on", date=today_iso), language=language())


def file_name(report: Report, extension: str) -> str:
    return f"{report.what}-{report.year or 'all'}.{extension}"


async def send_file(report: Report, extension: str, made_on: date) -> str:
    """Build the file and hand it to the browser; returns its name."""
    labels = export_labels(report, made_on.isoformat())
    if extension == "csv":
        data, media = records_csv(report, labels), "text/csv; charset=utf-8"
    else:
        data, media = await cpu_bound(records_pdf, report, labels, made_on), "application/pdf"
    name = file_name(report, extension)
    ui.download.content(data, name, media)
    return name

