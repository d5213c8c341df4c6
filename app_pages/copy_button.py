"""A German, always visible "Kopieren" button (Streamlit's own copy icon is English and appears
only on hover).

The button lives in a small frame (``st.iframe`` with our own fixed HTML). The text to copy —
which may come from a document — is embedded only as a JSON string with ``<``, ``>`` and ``&``
written as ``\\u`` escapes, so it can neither end the script nor become markup.
"""

from __future__ import annotations

import json

import streamlit as st

_TEMPLATE = """<!doctype html><html lang="de"><head><meta charset="utf-8"><style>
body{margin:0;font-family:"Source Sans",sans-serif}
button{font:inherit;font-size:.9rem;padding:.25rem .75rem;border:1px solid #c9cbd1;border-radius:.5rem;
background:#fff;color:#262730;cursor:pointer}
button:hover{border-color:#ff4b4b;color:#ff4b4b}
</style></head><body><button type="button" id="b">LABEL</button><script>
const text = TEXT;
const button = document.getElementById("b");
function done(ok) {
  button.textContent = ok ? "Kopiert ✓" : "Kopieren nicht möglich – bitte markieren";
  setTimeout(() => { button.textContent = "LABEL"; }, 2000);
}
function fallback() {
  const area = document.createElement("textarea");
  area.value = text; document.body.appendChild(area); area.select();
  let ok = false; try { ok = document.execCommand("copy"); } catch (e) {}
  area.remove(); done(ok);
}
button.addEventListener("click", () => {
  if (navigator.clipboard) { navigator.clipboard.writeText(text).then(() => done(true), fallback); }
  else { fallback(); }
});
</script></body></html>"""


def script_string(text: str) -> str:
    """``text`` as a JavaScript string literal that cannot break out of its script element."""
    return (json.dumps(text, ensure_ascii=False)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def copy_html(text: str, label: str) -> str:
    """The frame's document: one button that copies ``text``."""
    return _TEMPLATE.replace("LABEL", label).replace("TEXT", script_string(text))  # text last: never re-read


def copy_button(text: str, label: str = "Kopieren") -> None:
    """Draw the button; ``label`` is our own German text (never document text)."""
    st.iframe(copy_html(text, label), height=40)
