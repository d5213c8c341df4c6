"""End to end in a real browser: the app as ``make run`` starts it, driven in headless Chromium.

Uses Debian's Chromium (``/usr/bin/chromium``, installed by ``make system-deps``) through
Playwright's Python package — never ``playwright install``, which would download a browser.
Screenshots go to ``artifacts/`` (kept by CI); with ``AMIP_SCREENSHOTS=docs/screenshots``
the README pictures are refreshed as well.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from assistant import demo

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SLOW = 300_000  # ms; the first upload loads the embedding model on a 2-core CI machine
QUESTION = "Wie viele Eintritte sind in die berufliche Weiterbildung (FbW) geplant?"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, log: Path, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"Streamlit ist beendet (Code {proc.returncode}):\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"Streamlit antwortet nicht unter {url}:\n{log.read_text()[-3000:]}")


@contextmanager
def running_app(work: Path, **env_extra: str) -> Iterator[str]:
    """``streamlit run app.py`` on a free localhost port with its own data dir; yields the URL."""
    if not CHROMIUM.exists():
        pytest.skip("Chromium fehlt unter /usr/bin/chromium (installieren: make system-deps).")
    port = _free_port()
    env = dict(os.environ, AMIP_DATA_DIR=str(work / "data"), AMIP_WORKSPACE="standard",
               # Answers without a language model: deterministic and fast on CI; the embedding
               # model, store, PDF reading and the whole page are the real ones.
               AMIP_LLM="extractive", ANONYMIZED_TELEMETRY="False", HF_HUB_OFFLINE="1")
    env.update(env_extra)
    cli = Path(sys.executable).with_name("streamlit")
    command = [str(cli)] if cli.exists() else [sys.executable, "-m", "streamlit"]
    command += ["run", "app.py", "--server.port", str(port), "--server.address", "127.0.0.1",
                "--server.headless", "true", "--browser.gatherUsageStats", "false",
                "--server.fileWatcherType", "none"]
    log = work / "streamlit.log"
    with log.open("w") as out:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc, log)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        ARTIFACTS.mkdir(exist_ok=True)
        shutil.copy(log, ARTIFACTS / f"e2e-streamlit-{work.name}.log")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_app(tmp_path_factory.mktemp("e2e")) as url:
        yield url


@pytest.fixture(scope="module")
def browser(server: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server: str):
    context = browser.new_context(viewport={"width": 1440, "height": 1100}, locale="de-DE")
    page = context.new_page()
    page.requests = []  # type: ignore[attr-defined]
    page.on("request", lambda request: page.requests.append(request.url))
    page.set_default_timeout(60_000)
    yield page
    context.close()


def _screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name))
    docs_dir = os.environ.get("AMIP_SCREENSHOTS")
    if docs_dir:
        target = ROOT / docs_dir
        target.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(target / name))


def _scroll_to_top(locator) -> None:
    # The margin keeps the element clear of Streamlit's fixed top bar.
    locator.evaluate("element => { element.style.scrollMarginTop = '80px'; element.scrollIntoView({block: 'start'}); }")
    time.sleep(0.5)  # let charts and images settle before a screenshot


def _upload(page, path: Path) -> None:
    from playwright.sync_api import expect

    uploader = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
    expect(uploader).to_have_count(1, timeout=60_000)  # a rerun briefly shows the old page beside the new
    uploader.set_input_files(str(path))
    page.get_by_text(re.compile(f"„{re.escape(path.name)}“ (aufgenommen|ist schon)")).wait_for(timeout=SLOW)


def _only_local(page, server: str) -> None:
    foreign = [u for u in page.requests if not u.startswith((server, "data:", "blob:"))]
    assert not foreign, f"Die Seite hat externe Adressen angefragt: {foreign[:5]}"


def test_upload_ask_and_see_the_cited_page(page, browser, server: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    page.goto(server)
    expect(page.get_by_text("Willkommen beim AMIP-Assistenten")).to_be_visible(timeout=SLOW)  # models load
    pdf = tmp_path / demo.demo_filename(2025)
    pdf.write_bytes(demo.demo_pdf_bytes(2025))
    _upload(page, pdf)

    box = page.get_by_placeholder("Ihre Frage zum AMIP …")
    box.fill(QUESTION)
    box.press("Enter")
    source = page.get_by_text(re.compile(rf"\[S1\] {re.escape(pdf.name)}, Seiten? \d+"))
    expect(source).to_be_visible(timeout=SLOW)
    assert re.search(r"Seiten? \d+", source.inner_text())
    page.get_by_text(re.compile(r"Seite \d+ im PDF ansehen")).first.click()
    image = page.locator('[data-testid="stImage"] img').first
    expect(image).to_be_visible(timeout=60_000)
    expect(page.get_by_text("zitierte Stelle gelb markiert").first).to_be_visible()
    _scroll_to_top(page.locator('[data-testid="stChatMessage"]').first)
    _screenshot(page, "chat-mit-quellen.png")
    _only_local(page, server)

    # A reload (a new browser session) shows the workspace's library and the chat history again.
    page.reload()
    expect(page.locator('[data-testid="stSidebar"]').get_by_text(pdf.name, exact=False)).to_be_visible()
    expect(page.locator('[data-testid="stChatMessage"]').get_by_text(QUESTION)).to_be_visible()
    expect(page.get_by_text(re.compile(rf"\[S1\] {re.escape(pdf.name)}, Seiten? \d+"))).to_be_visible()


def test_draft_questions_for_the_meeting(page, server: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    page.goto(server)
    page.locator('[data-testid="stSidebar"]').get_by_text("Dokumente").wait_for()
    for year in (2024, 2025):
        pdf = tmp_path / demo.demo_filename(year)
        pdf.write_bytes(demo.demo_pdf_bytes(year))
        _upload(page, pdf)
    page.get_by_role("tab", name="Fragen entwerfen").click()  # drafted on opening, no button
    expect(page.get_by_text("B · Nachfragen zum Entwurf")).to_be_visible(timeout=SLOW)
    expect(page.get_by_role("button", name=re.compile("Als Word-Datei"))).to_be_visible()
    # After a reload the drafts are shown again at once, from disk, without drafting anew.
    page.reload()
    page.get_by_role("tab", name="Fragen entwerfen").click()
    expect(page.get_by_text("B · Nachfragen zum Entwurf")).to_be_visible(timeout=15_000)
    copy_frames = page.frame_locator("iframe:not(.st-key-amip-lang iframe)")  # not the page's hidden helper
    expect(copy_frames.first.get_by_role("button", name=re.compile("kopieren"))).to_be_visible()
    _scroll_to_top(page.get_by_text("B · Nachfragen zum Entwurf"))
    _screenshot(page, "fragen-entwerfen.png")
    page.get_by_role("tab", name="Kennzahlen").click()
    expect(page.get_by_text("Eintrittsplanung (geplante Eintritte je Instrument)")).to_be_visible()
    expect(page.locator('[data-testid="stVegaLiteChart"]').first).to_be_visible()
    expect(page.locator('[data-testid="stDataFrame"] canvas').first).to_be_visible()
    time.sleep(2)  # the chart and the data grids draw after they appear
    _screenshot(page, "kennzahlen.png")
    _only_local(page, server)


def _changes_table_pdf(path: Path) -> Path:
    """An AMIP page whose Eintrittsplanung has its own "Veränderung" columns (absolute and in %)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.cell(0, 8, "Arbeitsmarkt- und Integrationsprogramm 2025 - Eintrittsplanung", new_x="LMARGIN", new_y="NEXT")
    rows = [("Instrument", "Ist 2024", "Plan 2025", "Veraenderung", "Veraenderung"),
            ("", "", "", "absolut", "in %"),
            ("FbW", "240", "150", "-90", "-37,5"), ("EGZ", "120", "130", "10", "8,3"),
            ("AGH", "300", "280", "-20", "-6,7")]
    for row in rows:
        for i, cell in enumerate(row):
            pdf.cell(60 if i == 0 else 32, 8, cell, border=1)
        pdf.ln()
    pdf.output(str(path))
    return path


HOSTILE_NAME = "bild![x](javascript:alert(1))<img src=x onerror=alert(1)>.pdf"


def test_kennzahlen_with_its_own_change_column_and_hostile_names(page, server: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    page.goto(server)
    page.locator('[data-testid="stSidebar"]').get_by_text("Dokumente").wait_for()
    pdf = _changes_table_pdf(tmp_path / HOSTILE_NAME)
    _upload(page, pdf)
    page.get_by_role("tab", name="Kennzahlen").click()
    expect(page.locator('[data-testid="stDataFrame"]').first).to_be_visible(timeout=SLOW)
    expect(page.get_by_text("konnten nicht gelesen werden")).to_have_count(0)
    # The hostile file name is shown as text: no link, no image, no request leaves the machine.
    expect(page.locator('[data-testid="stSidebar"]').get_by_text("onerror=alert(1)", exact=False).first).to_be_visible()
    assert page.locator('a[href^="javascript"]').count() == 0
    assert page.locator('img[src="x"]').count() == 0
    _only_local(page, server)
