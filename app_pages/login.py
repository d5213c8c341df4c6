"""Optional password gate for a shared deployment (``AMIP_PASSWORD_HASH``)."""

from __future__ import annotations

import streamlit as st

from assistant.access import verify_password
from assistant.settings import Settings

_KEY = "amip_authenticated"


def require_password(settings: Settings) -> None:
    """Stop the page until the user entered the configured password; no-op without one."""
    if not settings.password_hash or st.session_state.get(_KEY):
        return
    st.title("AMIP-Assistent")
    with st.form("login"):
        password = st.text_input("Passwort", type="password")
        submitted = st.form_submit_button("Anmelden")
    if submitted:
        if verify_password(password, settings.password_hash):
            st.session_state[_KEY] = True
            st.rerun()
        st.error("Das Passwort ist falsch.")
    st.stop()
