"""First start: what the assistant does, and the fictional sample AMIP to try it without a file."""

from __future__ import annotations

import streamlit as st

from app_pages import upload
from assistant.service import Assistant

INTRO = """
Der Assistent hilft Ihnen, den Entwurf des **Arbeitsmarkt- und Integrationsprogramms (AMIP)**
Ihres Jobcenters schnell zu lesen und gute Fragen für die Beiratssitzung vorzubereiten:

1. **PDF hinzufügen** – links in der Seitenleiste. Die Datei bleibt auf diesem Rechner.
2. **Fragen stellen** – z. B. „Wie viele Eintritte sind in FbW geplant?“. Jede Antwort nennt
   ihre Quellen mit Seitenzahl; die zitierte Seite können Sie sich ansehen.
3. **Fragen entwerfen** – der Assistent prüft die Leitfragen zum AMIP und schlägt Nachfragen zu
   auffälligen Stellen vor, zum Kopieren oder als Word-Datei.
4. **Kennzahlen** – die Zahlen aus den Tabellen, mit Vergleich zum Vorjahr.
"""


def render(assistant: Assistant) -> None:
    st.header("Willkommen beim AMIP-Assistenten")
    st.markdown(INTRO)
    with st.container(border=True):
        st.markdown("**Noch kein eigenes Dokument zur Hand?** Probieren Sie den Assistenten mit einem "
                    "erfundenen Beispiel aus: dem AMIP 2024 und 2025 des „Jobcenters Musterstadt“.")
        if st.button("Beispiel-AMIP laden", type="primary", key="load-demo"):
            upload.load_demo(assistant)
    upload.show_messages()
