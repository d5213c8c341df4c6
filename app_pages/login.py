"""Password gate for a shared deployment (``AMIP_PASSWORD_HASH``) and the workspaces it opens.

The app listens on 127.0.0.1 unless an address is set (``AMIP_ADDRESS``, see
``assistant.serve``); bound to any other address it refuses to work without a password hash.
Failed logins are slowed down per client; a password limited to workspaces
(``HASH@beirat-a,beirat-b``) opens only those.
"""

from __future__ import annotations

import streamlit as st

from app_pages.render import plain
from assistant.access import Grant, Throttle, check_login, is_loopback
from assistant.settings import Settings

_KEY = "amip_authenticated"
_GRANT = "amip_grant"
THROTTLE = Throttle()  # process-wide: a new browser session does not reset the count


def require_password(settings: Settings) -> None:
    """Stop the page until the user entered a configured password; without a hash only when
    the server listens on a loopback address, else the page says how to set one."""
    if not settings.password_hash:
        address = str(st.get_option("server.address") or "")
        if not is_loopback(address):
            st.error(f"Die App ist unter der Adresse „{address or 'alle Netzwerkschnittstellen'}“ erreichbar, "
                     "aber es ist kein Passwort eingerichtet. Bitte mit „python -m assistant.access“ einen "
                     "Passwort-Hash erzeugen und als AMIP_PASSWORD_HASH in .env eintragen, oder die App nur "
                     "auf diesem Rechner starten (make run ohne AMIP_ADDRESS).")
            st.stop()
        return
    if st.session_state.get(_KEY):
        return
    st.title("AMIP-Assistent")
    with st.form("login"):
        password = st.text_input("Passwort", type="password")
        submitted = st.form_submit_button("Anmelden")
    if submitted:
        _try(password, settings.password_hash)
    st.stop()


def _try(password: str, setting: str) -> None:
    client = _client()
    wait = THROTTLE.wait_seconds(client)
    if wait > 0:
        st.error(f"Zu viele falsche Versuche. Bitte in {wait:.0f} Sekunden erneut versuchen.")
        return
    grant = check_login(password, setting)
    if grant is None:
        THROTTLE.failed(client)
        st.error("Das Passwort ist falsch.")
        return
    THROTTLE.succeeded(client)
    st.session_state[_KEY] = True
    st.session_state[_GRANT] = grant
    st.rerun()


def _client() -> str:
    try:
        return st.context.ip_address or ""
    except Exception:  # noqa: BLE001 - older Streamlit or no request: one shared count
        return ""


def permitted_workspace(typed: str, default: str) -> str:
    """``typed`` if the password of this session opens it, else its first workspace (with a notice)."""
    grant: Grant = st.session_state.get(_GRANT) or Grant()
    if grant.allows(typed):
        return typed
    fallback = default if grant.allows(default) else grant.workspaces[0]
    st.warning(f"Der Arbeitsbereich „{plain(typed)}“ ist mit diesem Passwort nicht freigegeben; "
               f"geöffnet ist „{plain(fallback)}“.")
    return fallback
