"""The sidebar: workspace, document library, upload, answer model, privacy, settings."""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlparse

import streamlit as st

from app_pages import login, recovery, state, upload, warmup
from app_pages.render import plain
from assistant.service import Assistant
from assistant.settings import Settings
from ingest.store import StoreDamaged

_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}


def render() -> tuple[Assistant | None, list[dict]]:
    """Draw the sidebar; returns the workspace's assistant and documents (None if unusable)."""
    with st.sidebar:
        st.title("AMIP-Assistent")
        st.caption("Hilft dem Beirat, das Arbeitsmarkt- und Integrationsprogramm des Jobcenters "
                   "zu lesen und gute Fragen zu stellen.")
        default = state.settings_for().workspace
        workspace = st.text_input(
            "Arbeitsbereich", value=default, key="workspace",
            help="Getrennte Sammlungen von Dokumenten, z. B. je Beirat. Ein neuer Name legt einen "
                 "neuen, leeren Bereich an (Buchstaben, Ziffern, - und _).",
        ).strip() or default
        workspace = login.permitted_workspace(workspace, default)  # a password may open only some
        assistant = state.get_assistant(workspace)
        try:
            docs = assistant.titled(assistant.documents())  # titles name the Jobcenter (first page)
        except Exception as exc:  # e.g. invalid workspace name, unreachable Chroma server
            st.error(plain(state.german_error(exc)))
            if isinstance(exc, StoreDamaged):
                recovery.offer(assistant)
            _model_and_privacy(assistant)
            return None, []
        _library(assistant, docs)
        upload.render_uploader(assistant)
        _model_and_privacy(assistant)
    return assistant, docs


def _library(assistant: Assistant, docs: list[dict]) -> None:
    st.subheader("Dokumente")
    recovery.offer_for_lost(assistant)
    if not docs:
        st.caption("Noch keine Dokumente in diesem Arbeitsbereich.")
    pending = st.session_state.get("confirm_remove")
    for doc in docs:
        doc_id = doc["doc_id"]
        with st.container(border=True):
            st.markdown(f"**{plain(state.doc_label(doc))}**")
            name = f"Datei: {plain(doc['filename'])} · " if state.doc_label(doc) != doc["filename"] else ""
            st.caption(f"{name}{doc.get('pages', 0)} Seiten · aufgenommen {_date(doc.get('ingested_at', ''))}")
            if doc.get("ocr_pages"):
                pages = ", ".join(str(p) for p in doc["ocr_pages"][:12])
                st.caption(f"Gescannte Seiten per Texterkennung (OCR) gelesen: {pages}. "
                           "Zahlen dort bitte im Original prüfen.")
            for warning in doc.get("warnings") or []:
                st.caption(f":material/warning: {plain(warning)}")
            if pending == doc_id:
                st.warning("Dieses Dokument wirklich entfernen? Es wird aus der Suche gelöscht.")
                yes, no = st.columns(2)
                if yes.button("Ja, entfernen", key=f"rm-yes-{doc_id}", type="primary"):
                    st.session_state.pop("confirm_remove", None)
                    with state.reported("Das Dokument konnte nicht entfernt werden."):
                        assistant.remove(doc_id)
                        state.clear_cached_results()
                        removed = f"„{state.doc_label(doc)}“ wurde entfernt."
                        assistant.meeting_cache.prune({d["doc_id"] for d in assistant.documents()})
                        st.session_state["upload_messages"] = [("info", removed)]
                        st.rerun()
                if no.button("Abbrechen", key=f"rm-no-{doc_id}"):
                    st.session_state.pop("confirm_remove", None)
                    st.rerun()
            elif st.button("Entfernen …", key=f"rm-{doc_id}", help="Fragt vor dem Löschen nach."):
                st.session_state["confirm_remove"] = doc_id
                st.rerun()


def _date(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("am %d.%m.%Y um %H:%M Uhr")
    except ValueError:
        return ""


# -- model and privacy -----------------------------------------------------------------------


def backend_label(backend: str, settings: Settings) -> str:
    model = f" ({settings.llm_model})" if settings.llm_model else ""
    return {
        "local": "Lokales Sprachmodell",
        "extractive": "Ohne Sprachmodell (Textstellen)",
        "ollama": f"Ollama-Server{model}",
        "openai": f"Modell-Server{model}",
    }.get(backend, backend)


def _short(description: str) -> str:
    """The label part of a field description: "Adresse des Modell-Servers, z. B. …" → its first words."""
    return re.split(r":|\s\(|, z\. B\.|\.$", description, maxsplit=1)[0].strip()


def _host(url: str) -> str:
    if not url:
        return ""
    return urlparse(url if "//" in url else f"http://{url}").hostname or url


def runs_here(backend: str, settings: Settings) -> bool:
    if backend in ("local", "extractive"):
        return True
    host = _host(settings.llm_base_url) or "localhost"  # the clients default to localhost
    return host in _LOCAL_HOSTS or host.endswith(".localhost")


def _model_status(assistant: Assistant, backend: str) -> None:
    """The model's state (wird geladen / bereit / nicht verfügbar), redrawn every two seconds
    while it loads, so it turns "bereit" without a reload."""
    if warmup.start(assistant, backend) is None:
        return

    polling = warmup.is_loading(assistant, backend)

    @st.fragment(run_every=2.0 if polling else None)
    def status() -> None:
        if polling and not warmup.is_loading(assistant, backend):
            st.rerun()  # loaded: redraw the page once, which stops the timer
        note = warmup.sidebar_note(assistant, backend)
        if note:
            st.caption(note)

    status()


def _model_and_privacy(assistant: Assistant) -> None:
    settings = assistant.settings
    st.subheader("Antwortmodell")
    options = list(dict.fromkeys([settings.effective_llm, "extractive"]))
    if st.session_state.get("backend") not in options:
        st.session_state["backend"] = options[0]
    chosen = st.selectbox("Antworten erstellen mit", options, key="backend",
                          format_func=lambda b: backend_label(b, settings),
                          placeholder="Bitte wählen …",
                          help="Jede Antwort erscheint sofort mit den passendsten, geprüften Sätzen aus dem "
                               "Dokument; ein Sprachmodell formuliert sie danach neu, wenn seine Fassung die "
                               "Prüfung an den Quellen besteht.")
    _model_status(assistant, chosen)
    if runs_here(chosen, settings):
        st.caption(":material/lock: Läuft auf diesem Rechner.")
    else:
        st.caption(f":material/public: Läuft auf dem Server {plain(_host(settings.llm_base_url))}: "
                   "Fragen und passende Textstellen "
                   "werden dorthin gesendet.")
    st.subheader("Datenschutz")
    store_host = _host(settings.chroma_url)
    where = f"Der Suchindex liegt auf dem Server {plain(store_host)}." \
        if store_host and store_host not in _LOCAL_HOSTS else "PDFs und Suchindex bleiben auf diesem Rechner."
    st.caption(f"{where} Chatverlauf und entworfene Fragen werden im Datenordner dieses Rechners gespeichert "
               f"({plain(str(settings.data_dir))}, Arbeitsbereich „{plain(settings.workspace)}“) und sind für alle "
               "sichtbar, die diesen Arbeitsbereich öffnen; „Verlauf löschen“ im Chat entfernt den Verlauf, "
               "„Entfernen“ bei einem Dokument auch seine Entwürfe. Es werden keine Nutzungsdaten gesendet "
               "und keine Inhalte aus dem Internet geladen.")
    with st.expander("Einstellungen anzeigen"):
        fields = type(settings).model_fields
        lines = [f"- {plain(_short(fields[name].description or name))}: {plain(str(value or '–'))}"
                 for name, value in settings.describe().items()]
        st.markdown("\n".join(lines))
        st.caption("Ändern über Umgebungsvariablen AMIP_… oder eine Datei .env; danach neu starten.")
