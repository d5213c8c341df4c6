"""AMIP-Assistent in the browser: ``streamlit run app.py`` (or ``make run``).

Front end only. The page is composed from ``app_pages``; all work (reading PDFs, search,
answers, figures, questions, export) is done by ``assistant.service.Assistant``.
"""

from __future__ import annotations

import streamlit as st

from app_pages import chat, drafts, figures_tab, login, sidebar, state, style, upload, welcome

st.set_page_config(
    page_title="AMIP-Assistent",
    page_icon="📑",  # drawn locally; a ":material/…" icon would be fetched from Google
    layout="wide",
    # No menu items: with toolbarMode "minimal" the (English) menu is then not drawn at all.
)
style.apply(upload.upload_limit_mb(state.settings_for()))
login.require_password(state.settings_for())

assistant, docs = sidebar.render()
if assistant is None:
    st.info("Dieser Arbeitsbereich kann gerade nicht geöffnet werden; links steht, warum und was hilft.")
    st.stop()
if not docs:
    welcome.render(assistant)
    st.stop()

TABS = ("Fragen & Antworten", "Fragen entwerfen", "Kennzahlen")
chat_tab, drafts_tab, figures_tab_ = st.tabs(TABS, key="main_tab", on_change="rerun")
# Only the open tab runs: drafting or reading figures never slows down the chat.
if chat_tab.open:
    with chat_tab:
        chat.render(assistant, docs)
if drafts_tab.open:
    with drafts_tab:
        drafts.render(assistant, docs)
if figures_tab_.open:
    with figures_tab_:
        figures_tab.render(assistant, docs)
