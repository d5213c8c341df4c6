"""Rebuilding the search index from the stored PDFs (the app's ``amip reindex``).

Offered when the embedded database cannot be opened (``StoreDamaged``) and when it opens but
misses documents whose PDFs are still kept (deleted or emptied while the files remained).
"""

from __future__ import annotations

import logging

import streamlit as st

from app_pages import state
from app_pages.render import plain
from assistant.service import Assistant

log = logging.getLogger("amip.app")

BUTTON = "Index aus den gespeicherten PDFs neu aufbauen"


def offer_for_lost(assistant: Assistant) -> None:
    """In the library: name the stored PDFs the index has lost and offer to bring them back."""
    try:
        lost = assistant.lost_documents()
    except Exception:  # a convenience check; the library itself was already read
        log.info("Verlorene Dokumente nicht prüfbar", exc_info=True)
        return
    if not lost:
        return
    names = ", ".join(f"„{r.get('filename') or r['doc_id'][:12]}“" for r in lost[:8])
    more = f" und {len(lost) - 8} weitere" if len(lost) > 8 else ""
    st.warning(plain(f"Der Suchindex kennt {_count(len(lost))} nicht mehr, deren PDF-Datei noch "
                     f"gespeichert ist: {names}{more}."))
    offer(assistant)


def offer(assistant: Assistant) -> None:
    """The rebuild button; the outcome is shown above the uploader after the page is redrawn."""
    if not st.button(BUTTON, key="reindex", type="primary",
                     help="Liest alle gespeicherten PDF-Dateien erneut ein. Eine beschädigte Datenbank "
                          "wird dabei beiseitegelegt, nicht gelöscht."):
        return
    failed = "Der Index konnte nicht neu aufgebaut werden."
    with st.spinner("Der Index wird neu aufgebaut …"), state.reported(failed):
        reports, errors = assistant.reindex()
        state.forget_assistants()  # other workspaces' assistants may hold the set-aside database
        messages = [("success", f"{_count(len(reports))} wiederhergestellt.")]
        messages += [("error", f"„{e['filename']}“ konnte nicht wiederhergestellt werden: {e['error']}")
                     for e in errors]
        st.session_state["upload_messages"] = messages
        st.rerun()


def _count(n: int) -> str:
    return "1 Dokument" if n == 1 else f"{n} Dokumente"
