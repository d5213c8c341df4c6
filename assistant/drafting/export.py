"""Export of drafted questions and the A checklist as Markdown or DOCX for meeting notes.

Questions are grouped by topic; each keeps its markers and lists its sources as
"[S1] datei.pdf, S. 10: „quote“", so a Beirat member can find the passage in the draft.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from assistant.drafting.checklist import STATUS_DE, ChecklistItem
from assistant.sanitize import clean_fields, clean_text
from assistant.types import Citation, DraftQuestion

TOPIC_ORDER = ("Instrumente und Eintrittsplanung", "Finanzen", "Ziele", "Zielgruppen", "Chancengleichheit",
               "Aussagen ohne Zahlen", "Fragen im Vorfeld")
NOTE = ("Entwürfe des AMIP-Assistenten: Zahlen und Fundstellen vor der Sitzung bitte im Dokument prüfen. "
        "Die Fragen sind Vorschläge, keine Bewertung.")


def group_by_topic(questions: Iterable[DraftQuestion]) -> list[tuple[str, list[DraftQuestion]]]:
    """Topics in a fixed, meeting-friendly order; unknown topics follow in order of appearance."""
    groups: dict[str, list[DraftQuestion]] = {}
    for q in questions:
        groups.setdefault(q.topic, []).append(q)
    order = [t for t in TOPIC_ORDER if t in groups] + [t for t in groups if t not in TOPIC_ORDER]
    return [(t, groups[t]) for t in order]


def source_line(c: Citation) -> str:
    pages = str(c.page_start) if c.page_start == c.page_end else f"{c.page_start}–{c.page_end}"
    quote = f": „{c.quote}“" if c.quote else ""
    return f"[{c.marker}] {c.filename}, S. {pages}{quote}"


def pages_summary(citations: list[Citation]) -> str:
    """ "datei.pdf, S. 2, 3" per file, for the checklist's short source column."""
    pages: dict[str, list[int]] = {}
    for c in citations:
        if c.page_start not in pages.setdefault(c.filename, []):
            pages[c.filename].append(c.page_start)
    return "; ".join(f"{name}, S. {', '.join(map(str, sorted(p)))}" for name, p in pages.items()) or "–"


def to_markdown(questions: list[DraftQuestion], checklist: list[ChecklistItem] | None = None,
                title: str = "Fragen zum AMIP-Entwurf", today: date | None = None) -> str:
    """The export as Markdown text."""
    lines = [f"# {title}", "", f"Stand: {(today or date.today()).strftime('%d.%m.%Y')}", "", f"_{NOTE}_", ""]
    number = 0
    for topic, items in group_by_topic(questions):
        lines += [f"## {topic}", ""]
        for q in items:
            number += 1
            lines.append(f"{number}. {q.text}")
            lines += [f"   - {source_line(c)}" for c in q.citations]
            if q.rationale:
                lines.append(f"   - _Hintergrund: {q.rationale}_")
            lines.append("")
    if checklist:
        lines += ["## Checkliste: Fragen im Vorfeld (DGB)", "", "| Nr. | Frage | Status | Fundstellen |",
                  "|---|---|---|---|"]
        for item in checklist:
            sources = pages_summary(item.citations)
            lines.append(f"| {item.id} | {_cell(item.question)} | {STATUS_DE[item.status]} | {_cell(sources)} |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "/").replace("\n", " ")


def write_docx(questions: list[DraftQuestion], path: Path | str, checklist: list[ChecklistItem] | None = None,
               title: str = "Fragen zum AMIP-Entwurf", today: date | None = None) -> Path:
    """Write the export as a Word document (python-docx) and return its path."""
    from docx import Document  # imported here: only the export needs python-docx
    from docx.shared import Pt

    doc = Document()
    doc.core_properties.title = title
    doc.add_heading(title, level=0)
    doc.add_paragraph(f"Stand: {(today or date.today()).strftime('%d.%m.%Y')}")
    doc.add_paragraph(NOTE).runs[0].italic = True
    for topic, items in group_by_topic(questions):
        doc.add_heading(topic, level=1)
        for q in items:
            doc.add_paragraph(q.text, style="List Number")
            for c in q.citations:
                run = doc.add_paragraph(source_line(c), style="List Bullet 2").runs[0]
                run.font.size = Pt(9)
            if q.rationale:
                run = doc.add_paragraph(f"Hintergrund: {q.rationale}", style="List Bullet 2").runs[0]
                run.italic, run.font.size = True, Pt(9)
    if checklist:
        _docx_checklist(doc, checklist)
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(out))
    return out


def _docx_checklist(doc, checklist: list[ChecklistItem]) -> None:
    doc.add_heading("Checkliste: Fragen im Vorfeld (DGB)", level=1)
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("Nr.", "Frage", "Status", "Fundstellen")):
        cell.text = text
    for item in checklist:
        row = table.add_row().cells
        row[0].text, row[1].text, row[2].text = item.id, item.question, STATUS_DE[item.status]
        row[3].text = pages_summary(item.citations)


def export(questions: list[DraftQuestion], fmt: str, out: Path | str,
           checklist: list[ChecklistItem] | None = None, title: str = "Fragen zum AMIP-Entwurf") -> Path:
    """Write ``out`` as ``md`` or ``docx``; raises ``ValueError`` (German) for other formats."""
    path = Path(out)
    questions, checklist, title = clean_fields(questions), clean_fields(checklist), clean_text(title)  # XML-safe
    if fmt == "md":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(to_markdown(questions, checklist, title), encoding="utf-8")
        return path
    if fmt == "docx":
        return write_docx(questions, path, checklist, title)
    raise ValueError(f"Unbekanntes Exportformat „{fmt}“ – möglich sind „md“ und „docx“.")
