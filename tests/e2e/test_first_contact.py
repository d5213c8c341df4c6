"""A new user's first minutes in a real browser, on AMIPs the tests generate: every visible string
and tooltip is German, the page says ``lang="de"``, two Jobcenters' AMIPs are not compared
automatically, the Kennzahlen tab has one labelled change column and labels every bar, and the
model status turns "bereit" without a reload.
"""

from __future__ import annotations

import random
import re
import time
from pathlib import Path

import pytest

from tests.amip_gen.generator import Generated, generate
from tests.e2e.test_browser import CHROMIUM_ARGS, CHROMIUM, SLOW, _upload, running_app

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]

# Words of Streamlit's English chrome and common English UI words; none is a German word.
ENGLISH = re.compile(
    r"\b(?:the|and|of|with|to|for|is|are|Stop|Running|Choose|option|options|Download|Upload|Search|"
    r"Fullscreen|Show|hide|columns|About|Made|Streamlit|Press|Enter|apply|Drag|drop|Browse|files|file|"
    r"Clear|Delete|Copy|Close|Open|Settings|Rerun|Print|Record|Deploy|Loading|Please|wait|results|Expand|"
    r"Collapse|sidebar|menu|Remove|View|Save|Sort|ascending|descending|Submit|Send|message|Select|"
    r"Connecting|Error|Warning|Limit|Help|heading|Skip|main|content|from|upload|user|assistant)\b")

# Every text node and every tooltip/label attribute of the visible elements (an icon's ligature
# name such as "upload" is drawn as a symbol, not read as a word).
_VISIBLE_STRINGS = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement, text = node.textContent.trim();
    if (text && el && el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})
        && !el.closest('script,style,[data-testid="stIconMaterial"]')) out.push(text);  // icons: ligatures
  }
  for (const el of document.querySelectorAll('[title],[aria-label],[placeholder],[alt],[data-tooltip]')) {
    if (!el.checkVisibility({checkVisibilityCSS: true})) continue;
    for (const a of ['title', 'aria-label', 'placeholder', 'alt', 'data-tooltip']) {
      const v = el.getAttribute(a); if (v && v.trim()) out.push(v.trim());
    }
  }
  return out;
}"""


_PATH = re.compile(r"(?:[A-Za-z]:)?/[^\s,)]+")  # a file path (the data folder) is no English


def english(page) -> list[str]:
    return sorted({s for s in page.evaluate(_VISIBLE_STRINGS) if ENGLISH.search(_PATH.sub(" ", s))})


def _two_jobcenters(tmp_path: Path) -> tuple[Path, Path, Generated, Generated]:
    """Two generated AMIPs of different Jobcenters, the second planning a later year."""
    docs = [generate(seed) for seed in random.Random(19).sample(range(500, 900), 12)]
    first = min(docs, key=lambda g: g.truth.plan_year)
    # the chart check needs an Eintrittsplanung the table reader reads (reading is tested in tests/ingest)
    second = next(g for g in docs if g.truth.plan_year > first.truth.plan_year
                  and g.truth.jobcenter != first.truth.jobcenter and len(_chart_names(g)) >= 6)
    paths = []
    for name, doc in (("amip-vorjahr.pdf", first), ("amip-entwurf.pdf", second)):
        path = tmp_path / name
        path.write_bytes(doc.pdf)
        paths.append(path)
    return paths[0], paths[1], first, second


def _chart_names(doc) -> list[str]:
    """The instruments the Kennzahlen chart of ``doc`` shows (one pair of bars each)."""
    from app_pages.figure_tables import chart_frame
    from ingest.options import IngestOptions
    from ingest.pdf_reader import read_pdf
    from tests.assistant.demo_support import pdf_figures

    pages = [(p.number, p.text) for p in read_pdf(doc.pdf, "x.pdf", IngestOptions()).pages]
    return list(dict.fromkeys(chart_frame(pdf_figures(doc.pdf, pages, "d", "x.pdf"))["Bezeichnung"]))


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.skip("Chromium fehlt unter /usr/bin/chromium (installieren: make system-deps).")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


def _page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1100}, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(60_000)
    return context, page


def test_every_tab_is_german_and_two_jobcenters_are_not_compared(browser, tmp_path_factory) -> None:
    from playwright.sync_api import expect

    work = tmp_path_factory.mktemp("german")
    old_pdf, new_pdf, old_doc, new_doc = _two_jobcenters(work)
    old_truth, new_truth = old_doc.truth, new_doc.truth
    with running_app(work) as url:
        context, page = _page(browser)
        page.goto(url)
        expect(page.get_by_text("Willkommen beim AMIP-Assistenten")).to_be_visible(timeout=SLOW)
        assert page.evaluate("document.documentElement.lang") == "de"
        found = {"Start": english(page)}
        _upload(page, old_pdf)
        _upload(page, new_pdf)
        # Titles name the Jobcenter (read from the first page, not the file name).
        sidebar = page.locator('[data-testid="stSidebar"]')
        expect(sidebar.get_by_text(new_truth.jobcenter, exact=False).first).to_be_visible()
        expect(sidebar.get_by_text(old_truth.jobcenter, exact=False).first).to_be_visible()

        box = page.get_by_placeholder("Ihre Frage zum AMIP …")
        box.fill("Wie viele Eintritte sind für das Jahr geplant?")
        box.press("Enter")
        expect(page.locator('[data-testid="stChatMessage"]').nth(1)).to_be_visible(timeout=SLOW)
        expect(page.get_by_text("Wörtliche Textstellen, an den Quellen geprüft").first).to_be_visible()
        time.sleep(1)
        found["Fragen & Antworten"] = english(page)

        page.get_by_role("tab", name="Fragen entwerfen").click()
        expect(page.get_by_text("B · Nachfragen zum Entwurf")).to_be_visible(timeout=SLOW)
        # The other Jobcenter's AMIP is not taken as "Vorjahr": no comparison unless chosen.
        compare = page.get_by_role("combobox", name=re.compile("Vergleichen mit"))
        expect(compare).to_have_value("kein Vergleich")
        found["Fragen entwerfen"] = english(page)

        page.get_by_role("tab", name="Kennzahlen").click()
        expect(page.locator('[data-testid="stDataFrame"]').first).to_be_visible(timeout=SLOW)
        expect(page.get_by_text("Vergleich mit einem anderen Jahr")).to_be_visible()
        expect(page.get_by_role("combobox", name=re.compile("Vergleichen mit"))).to_have_value("kein Vergleich")
        page.locator('[data-testid="stDataFrame"]').first.hover()  # would show the English toolbar
        time.sleep(2)
        found["Kennzahlen"] = english(page)
        _one_change_column_and_every_bar_labelled(page, _chart_names(new_doc))
        context.close()
    assert not any(found.values()), f"Englische Texte auf der Seite: {found}"


def _one_change_column_and_every_bar_labelled(page, instruments: list[str]) -> None:
    """The figures tables (those with "Einheit") have one change column; the chart names every
    instrument of the Eintrittsplanung (totals are left out)."""
    frames = page.locator('[data-testid="stDataFrame"]')
    checked = 0
    for i in range(frames.count()):
        headers = frames.nth(i).evaluate("e => Array.from(e.querySelectorAll('th')).map(x => x.textContent.trim())")
        if "Einheit" in headers:
            assert [h for h in headers if h.startswith("Veränderung")] == ["Veränderung"], headers
            checked += 1
    assert checked
    from playwright.sync_api import expect

    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    chart.scroll_into_view_if_needed()
    expect(chart.locator("svg text").first).to_be_attached(timeout=30_000)
    labels = " ".join(chart.locator("svg text").all_text_contents())
    missing = [label for label in instruments if label[:15] not in labels]
    assert not missing, f"Balken ohne Beschriftung: {missing} (gezeigt: {labels[:500]})"


def test_model_status_turns_ready_without_a_reload(browser, tmp_path_factory) -> None:
    from playwright.sync_api import expect

    from assistant.llm.backends import embedded_model_installed

    if not embedded_model_installed():
        pytest.skip("Das eingebettete Sprachmodell ist nicht installiert.")
    work = tmp_path_factory.mktemp("status")
    with running_app(work, AMIP_LLM="local") as url:
        context, page = _page(browser)
        page.goto(url)
        sidebar = page.locator('[data-testid="stSidebar"]')
        expect(sidebar.get_by_text(re.compile("Sprachmodell (wird im Hintergrund geladen|geladen und bereit)"))
               ).to_be_visible(timeout=SLOW)
        # no reload: the sidebar redraws itself until the model is ready
        expect(sidebar.get_by_text("Sprachmodell geladen und bereit.")).to_be_visible(timeout=SLOW)
        assert not english(page)
        context.close()
