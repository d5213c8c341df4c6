"""Titles name the Jobcenter; the automatic "Vorjahr" is only ever the same Jobcenter's AMIP."""

from __future__ import annotations

import io
import random

import pytest
from pypdf import PdfReader

from assistant.meeting.titles import Identity, identify, jobcenter_name, previous_of, years_label
from tests.amip_gen.generator import generate


def _first_page(pdf: bytes) -> str:
    return PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


@pytest.mark.parametrize("seed", range(1, 9))
def test_generated_amips_are_titled_with_their_jobcenter_and_year(seed: int) -> None:
    doc = generate(seed)
    # The metadata title says nothing useful and the file is renamed: the first page decides.
    identity = identify(_first_page(doc.pdf), "Microsoft Word - Dokument1", "entwurf_final.pdf")
    assert identity.jobcenter == doc.truth.jobcenter
    assert identity.year == doc.truth.plan_year
    assert identity.title == f"{doc.truth.jobcenter}: Arbeitsmarkt- und Integrationsprogramm {doc.truth.plan_year}"


def test_names_years_and_fallbacks() -> None:
    assert jobcenter_name("24.02.2020 – Jobcenter Landeshauptstadt Wolkenau\nImpressum") == \
        "Jobcenter Landeshauptstadt Wolkenau"
    assert jobcenter_name("Kommunales Jobcenter Kreis Dornbach · AMIP 2022") == "Jobcenter Kreis Dornbach"
    assert jobcenter_name("Das Jobcenter unterstützt die Menschen.") is None
    assert years_label("Arbeitsmarkt- und Integrationsprogramm 2020 - 2023", 2023) == "2020–2023"
    assert years_label("Programm 2024/25", 2025) == "2024–2025"
    assert years_label("Programm", 2025) == "2025"
    page = "Arbeitsmarkt- und Integrationsprogramm\n2024\nJobcenter Stadt Quellbrück – Entwurf\n"
    assert identify(page, "", "x.pdf").title == "Jobcenter Stadt Quellbrück: Arbeitsmarkt- und Integrationsprogramm 2024"
    # Not an AMIP, no Jobcenter on the page: the metadata title, else the file name.
    assert identify("Fragen an den Beirat", "Fragen zum AMIP", "f.pdf").title == "Fragen zum AMIP"
    assert identify("Fragen an den Beirat", "", "f.pdf").title == "f.pdf"


def test_the_previous_year_is_only_the_same_jobcenters() -> None:
    ids = {"a25": Identity("", "Jobcenter Stadt A", 2025), "a24": Identity("", "Jobcenter  stadt A", 2024),
           "a23": Identity("", "Jobcenter Stadt A", 2023), "b24": Identity("", "Jobcenter Kreis B", 2024),
           "x24": Identity("", None, 2024)}
    assert previous_of("a25", ids) == "a24"  # latest earlier year of the same Jobcenter
    assert previous_of("b24", ids) is None  # another Jobcenter's 2023 would be a false comparison
    assert previous_of("x24", ids) is None  # Jobcenter unknown: the user chooses
    assert previous_of("a23", ids) is None


def test_two_jobcenters_in_one_library_are_not_compared(tmp_path, monkeypatch) -> None:
    from assistant.service import Assistant
    from assistant.settings import load_settings
    from tests.fakes import FakeEmbedder

    monkeypatch.setattr("assistant.service.make_embedder", lambda spec=None: FakeEmbedder())
    assistant = Assistant(load_settings(data_dir=tmp_path / "data"))
    rng = random.Random(5)
    seeds = rng.sample(range(100, 400), 40)
    # two documents of different Jobcenters, the second planning a later year
    first = generate(seeds[0])
    second = next(generate(s) for s in seeds[1:] if generate(s).truth.plan_year > first.truth.plan_year
                  and generate(s).truth.jobcenter != first.truth.jobcenter)
    old = assistant.ingest_bytes(first.pdf, "amip-alt.pdf").doc_id
    new = assistant.ingest_bytes(second.pdf, "amip-neu.pdf").doc_id
    assert assistant.default_compare(new) is None
    pack = assistant.prepare_meeting(new)
    assert pack.compare is None and second.truth.jobcenter in pack.title
    titles = {d["doc_id"]: d["title"] for d in assistant.titled(assistant.documents())}
    assert first.truth.jobcenter in titles[old] and second.truth.jobcenter in titles[new]
