"""Adding PDFs: the uploader with one progress bar per stage, the sample AMIP, German errors.

A file that fails is reported by name with the German reason from the ingestion pipeline;
documents indexed before stay untouched (the pipeline guarantees that).
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import streamlit as st

from app_pages import state
from app_pages.render import plain
from assistant.service import Assistant
from assistant.settings import Settings

STAGES = {
    "lesen": "Text lesen",
    "ocr": "Texterkennung (OCR) für gescannte Seiten",
    "zerlegen": "In Abschnitte zerlegen",
    "einbetten": "Für die Suche aufbereiten",
    "speichern": "Speichern",
}
_MB = 1024 * 1024
Message = tuple[str, str]  # (kind: "success"|"info"|"warning"|"error", German text)


def upload_limit_mb(settings: Settings) -> int:
    """The smaller of the assistant's file limit and the web server's upload limit."""
    server_limit = int(st.get_option("server.maxUploadSize") or 200)
    return max(1, min(int(settings.max_file_mb), server_limit))


def render_uploader(assistant: Assistant) -> None:
    limit = upload_limit_mb(assistant.settings)
    round_ = st.session_state.get("uploader_round", 0)
    files = st.file_uploader(
        "AMIP als PDF-Datei hinzufügen",
        type=["pdf"],
        accept_multiple_files=True,
        key=f"uploader-{round_}",
        max_upload_size=limit,
        help=f"PDF-Dateien bis {limit} MB. Größere Dateien werden abgelehnt. Die Datei bleibt auf diesem Rechner.",
    )
    st.caption(f"Nur PDF, höchstens {limit} MB je Datei.")
    if files:
        messages, pending = [], []
        for f in files:
            data = f.getvalue()
            clash = _same_name_elsewhere(assistant, f.name, data)
            if clash:  # asked below: does the new file replace the document of that name?
                pending.append({"name": f.name, "data": data, "size": f.size, "doc_id": clash["doc_id"],
                                "label": state.doc_label(clash), "date": clash.get("ingested_at", "")})
            else:
                messages.append(ingest_file(assistant, data, f.name, f.size))
        st.session_state["pending_replace"] = pending
        finish(messages)
    _ask_replace(assistant)
    show_messages()


def _same_name_elsewhere(assistant: Assistant, name: str, data: bytes) -> dict | None:
    """A document already uploaded under ``name`` with other content (None if there is none)."""
    doc_id = hashlib.sha256(data).hexdigest()
    if not hasattr(assistant, "same_name"):
        return None
    others = [d for d in assistant.same_name(name) if d["doc_id"] != doc_id]
    return others[0] if others else None


def _ask_replace(assistant: Assistant) -> None:
    """For the first file whose name is taken: replace that document, keep both, or skip the file."""
    pending = st.session_state.get("pending_replace") or []
    if not pending:
        return
    item = pending[0]
    st.warning(plain(f"Es gibt schon ein Dokument „{item['label']}“ unter dem Namen „{item['name']}“, "
                     "mit anderem Inhalt. Ersetzt die neue Datei das vorhandene Dokument?"))
    choice = None
    yes, both = st.columns(2)
    if yes.button("Ja, ersetzen", key="replace-yes", type="primary",
                  help="Das vorhandene Dokument wird durch die neue Fassung ersetzt."):
        choice = "replace"
    if both.button("Nein, beide behalten", key="replace-both"):
        choice = "both"
    if st.button("Datei nicht aufnehmen", key="replace-skip", type="tertiary"):
        choice = "skip"
    if choice is None:
        return
    st.session_state["pending_replace"] = pending[1:]
    if choice == "skip":
        finish([("info", f"„{item['name']}“ wurde nicht aufgenommen.")])
        return
    replace = item["doc_id"] if choice == "replace" else None
    finish([ingest_file(assistant, item["data"], item["name"], item["size"], replace=replace)])


def load_demo(assistant: Assistant) -> None:
    """Add the fictional sample AMIPs (Jobcenter Musterstadt 2024 and 2025)."""
    try:
        from assistant import demo

        with tempfile.TemporaryDirectory() as tmp:
            paths = demo.write_demo_pdfs(Path(tmp))
            files = [(p.read_bytes(), p.name) for p in paths]
    except Exception as exc:  # the sample is a convenience; say why it is missing
        state.log.exception("Beispiel-AMIP")
        finish([("error", f"Das Beispiel-AMIP konnte nicht erstellt werden. {state.german_error(exc)}")])
        return
    finish([ingest_file(assistant, data, name, len(data)) for data, name in files])


def ingest_file(assistant: Assistant, data: bytes, name: str, size: int, replace: str | None = None) -> Message:
    """Index one file with visible progress (``replace``: the doc_id it supersedes); returns the
    message to show afterwards."""
    limit = upload_limit_mb(assistant.settings)
    if size > limit * _MB:
        return "error", f"„{name}“ ist größer als {limit} MB und wurde nicht aufgenommen."
    with st.status(f"„{plain(name)}“ wird aufgenommen …", expanded=True) as box:
        bars: dict[str, object] = {}

        def progress(stage: str, fraction: float) -> None:
            label = STAGES.get(stage, stage)
            fraction = min(1.0, max(0.0, float(fraction)))
            if stage not in bars:
                bars[stage] = st.progress(0.0, text=label)
            bars[stage].progress(fraction, text=f"{label}: {round(fraction * 100)} %")

        try:
            report = assistant.ingest_bytes(data, name, progress, replace=replace) if replace \
                else assistant.ingest_bytes(data, name, progress)
        except Exception as exc:  # IngestError carries a German reason; others get one
            state.log.info("Aufnahme fehlgeschlagen: %s", name, exc_info=True)
            box.update(label=f"„{plain(name)}“ konnte nicht aufgenommen werden", state="error", expanded=False)
            return "error", f"„{name}“ wurde nicht aufgenommen: {state.german_error(exc)}"
        box.update(label=f"„{plain(name)}“ ist bereit", state="complete", expanded=False)
    if replace:  # the replaced version's drafts are no longer wanted
        assistant.meeting_cache.prune({d["doc_id"] for d in assistant.documents()})
    if report.status == "unchanged":
        return "info", f"„{name}“ ist schon in der Bibliothek."
    text = f"„{name}“ aufgenommen: {report.pages} Seiten, {report.chunks} Textabschnitte."
    if report.ocr_pages:
        text += f" {len(report.ocr_pages)} gescannte Seite(n) per Texterkennung gelesen."
    if report.warnings:
        return "warning", text + " Hinweise: " + " ".join(report.warnings)
    return "success", text


def finish(messages: list[Message]) -> None:
    """Keep the messages, empty the uploader and redraw the page with the new library."""
    st.session_state["upload_messages"] = messages
    st.session_state["uploader_round"] = st.session_state.get("uploader_round", 0) + 1
    st.session_state["new_document"] = any(kind in ("success", "warning") for kind, _ in messages)
    state.clear_cached_results()
    st.rerun()


def show_messages() -> None:
    for kind, text in st.session_state.get("upload_messages", []):
        getattr(st, kind)(plain(text))  # file names and warnings come from the user's files
