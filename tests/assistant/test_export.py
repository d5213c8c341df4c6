"""Export of questions and checklist as Markdown and DOCX."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.drafting.checklist import build_checklist, checklist_questions
from assistant.demo import demo_filename
from assistant.drafting.export import export, group_by_topic, to_markdown
from assistant.drafting import draft_questions
from tests.assistant.demo_support import demo_doc_id, demo_figures, demo_pages


@pytest.fixture(scope="module")
def drafted():
    pages, figures = list(demo_pages(2025)), demo_figures(2025)
    args = (demo_doc_id(2025), demo_filename(2025))
    questions = draft_questions(pages, figures, *args, compare_figures=demo_figures(2024))
    checklist = build_checklist(pages, figures, *args)
    return questions + checklist_questions(checklist), checklist


def test_markdown_groups_questions_with_sources(drafted):
    questions, checklist = drafted
    md = to_markdown(questions, checklist, today=date(2024, 11, 20))
    assert md.startswith("# Fragen zum AMIP-Entwurf") and "Stand: 20.11.2024" in md
    headings = [line[3:] for line in md.splitlines() if line.startswith("## ")]
    assert headings[0] == "Instrumente und Eintrittsplanung" and "Fragen im Vorfeld" in headings
    assert headings[-1].startswith("Checkliste")
    assert ("[S1] amip-musterstadt-2025.pdf, S. 4: „Förderung der beruflichen Weiterbildung (FbW) — Ist 2024: 240; "
            "Plan 2025: 150“") in md  # a table row is cited as one line with its column headers
    assert "amip-musterstadt-2024.pdf, S. 2" in md  # the comparison cites last year's targets
    assert "| A2 |" in md and "teilweise beantwortet" in md
    assert md.count("\n1. ") == 1  # numbering runs through all topics


def test_grouping_keeps_topic_order(drafted):
    topics = [t for t, _ in group_by_topic(drafted[0])]
    assert topics.index("Instrumente und Eintrittsplanung") < topics.index("Finanzen") < topics.index("Ziele")


def test_export_files(tmp_path, drafted):
    questions, checklist = drafted
    md = export(questions, "md", tmp_path / "fragen.md", checklist)
    assert "abschlussorientierte Weiterbildung" in md.read_text(encoding="utf-8")
    out = export(questions, "docx", tmp_path / "sub" / "fragen.docx", checklist)
    from docx import Document

    doc = Document(str(out))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "Fragen zum AMIP-Entwurf"
    assert any(t.startswith("Für „Förderung der beruflichen Weiterbildung (FbW)“") for t in texts)
    assert any(t.startswith("[S1] amip-musterstadt-2025.pdf, S. 4") for t in texts)
    assert "Instrumente und Eintrittsplanung" in [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    table = doc.tables[0]
    assert table.rows[0].cells[0].text == "Nr." and len(table.rows) == 7


def test_unknown_format_is_a_german_error(tmp_path, drafted):
    with pytest.raises(ValueError, match="Exportformat"):
        export(drafted[0], "pdf", tmp_path / "x.pdf")
