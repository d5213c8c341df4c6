"""Page styling, and German instead of the parts of Streamlit it only has in English.

Streamlit draws some chrome with fixed English labels: the upload box ("Drag and drop files
here", "Browse files"), the running indicator ("Running…", "Stop"), the table and image toolbar
("Show/hide columns", "Download as CSV", "Search", "Fullscreen"), "Press Enter to apply" under
text fields. CSS hides them (German labels where the user needs the function: the upload box
here, a German CSV download beside each table); the remaining English labels and tooltips
(e.g. "Open" on every drop-down) are translated by a small script in the page, which also
declares it German (``<html lang="de">``: Streamlit serves its page as ``lang="en"``).
No fonts or images are loaded from the internet.
"""

from __future__ import annotations

import json

import streamlit as st

_CSS = """
<style>
/* Upload box: German instead of "Upload" and "200MB per file • PDF" */
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p { display: none; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]::after {
  content: "Datei wählen";
}
[data-testid="stFileUploaderDropzoneInstructions"] span { display: none; }
[data-testid="stFileUploaderDropzoneInstructions"] > div::after {
  content: "oder PDF hierher ziehen"; font-size: 0.875rem; opacity: 0.7;
}
/* A file the browser refused (too large or not a PDF): say so in German, visibly */
[data-testid="stFileChip"][aria-invalid="true"] [data-testid="stFileChipName"]::after {
  content: "Nicht aufgenommen: zu groß (höchstens LIMIT MB) oder kein PDF.";
  display: block; white-space: normal; color: #b3261e; font-size: 0.8rem;
}
/* English chrome: running indicator with "Stop", element toolbars, input instructions */
[data-testid="stStatusWidget"], [data-testid="stElementToolbar"], [data-testid="InputInstructions"],
[data-testid="stMainMenu"], [data-testid="stAppDeployButton"], .st-key-amip-lang { display: none !important; }
/* Quoted passages in sources: full contrast on a highlighter yellow */
[data-testid="stMarkdownContainer"] blockquote {
  color: #262730 !important; opacity: 1 !important; background: #fff4c2;
  border-left: 4px solid #f2c200; margin: 0.25rem 0; padding: 0.5rem 0.75rem;
}
[data-testid="stMarkdownContainer"] blockquote p { color: #262730 !important; margin: 0; }
/* Drafted questions sit in code boxes for their copy button; set them in the normal font */
[data-testid="stCode"] pre, [data-testid="stCode"] code {
  font-family: "Source Sans", sans-serif !important; font-size: 0.95rem;
}
</style>
"""


# Labels and tooltips Streamlit only has in English (screen readers read them, hovering shows
# them), translated where they appear. The script runs in the page itself (a <script> added to
# its head by a hidden same-origin frame), once per page, and watches for new elements.
GERMAN_CHROME = {
    "Open": "Öffnen", "Close": "Schließen", "Clear all": "Alle entfernen", "Clear value": "Auswahl entfernen",
    "Choose an option": "Bitte wählen …", "No results": "Keine Treffer", "Select all": "Alle auswählen",
    "Stop": "Anhalten", "Running...": "Läuft …", "Rerun": "Neu ausführen",
    "Fullscreen": "Vollbild", "Close fullscreen": "Vollbild beenden", "Search": "Suchen",
    "Download as CSV": "Als CSV herunterladen", "Show/hide columns": "Spalten ein-/ausblenden",
    "Copy to clipboard": "In die Zwischenablage kopieren", "Send message": "Frage senden", "Send": "Senden",
    "Collapse sidebar": "Seitenleiste einklappen", "Expand sidebar": "Seitenleiste ausklappen",
    "Remove file": "Datei entfernen", "Delete": "Entfernen", "Upload": "Hochladen", "Browse files": "Datei wählen",
    "Press Enter to apply": "Mit Enter übernehmen", "Press Enter to submit form": "Mit Enter absenden",
    "Show password": "Passwort anzeigen", "Hide password": "Passwort verbergen",
    "Increment": "Erhöhen", "Decrement": "Verringern", "Main menu": "Hauptmenü", "Loading...": "Lädt …",
    "Link to heading": "Link zu dieser Überschrift", "Skip to main content": "Zum Inhalt springen",
    "Chat message from assistant": "Antwort des Assistenten", "Chat message from user": "Ihre Frage",
    "file upload": "Datei hochladen",
}
GERMAN_PREFIXES = {"Help for ": "Hilfe zu "}  # "Help for Arbeitsbereich" → "Hilfe zu Arbeitsbereich"
_TRANSLATE = """
(function () {
  if (window.amipGerman) return;
  window.amipGerman = true;
  document.documentElement.lang = "de";
  const de = MAP, prefixes = PREFIXES;
  const attrs = ["aria-label", "title", "placeholder", "alt"];
  function german(v) {
    const t = v.trim();
    if (de[t]) return de[t];
    for (const p in prefixes) { if (t.startsWith(p)) return prefixes[p] + t.slice(p.length); }
    return null;
  }
  function fix(root) {
    if (root.nodeType === 3) {
      const t = root.textContent.trim();
      if (de[t]) root.textContent = root.textContent.replace(t, de[t]);
      return;
    }
    if (root.nodeType !== 1) return;
    for (const el of [root, ...root.querySelectorAll("*")]) {
      for (const a of attrs) { const v = el.getAttribute(a), g = v && german(v); if (g) el.setAttribute(a, g); }
      for (const n of el.childNodes) { if (n.nodeType === 3 && de[n.textContent.trim()]) fix(n); }
    }
  }
  fix(document.body);
  new MutationObserver(ms => { for (const m of ms) {
    if (m.type === "attributes" || m.type === "characterData") fix(m.target);
    for (const n of m.addedNodes) fix(n);
  } }).observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true,
                               attributeFilter: attrs});
})();
"""
_LANG = ("<!doctype html><html lang=\"de\"><script>const s = window.parent.document.createElement('script');"
         "s.textContent = SCRIPT; window.parent.document.head.appendChild(s);</script></html>")


def apply(upload_limit_mb: int) -> None:
    st.html(_CSS.replace("LIMIT", str(int(upload_limit_mb))))
    with st.container(key="amip-lang"):
        st.iframe(_lang_frame(), height=1)


def _lang_frame() -> str:
    script = _TRANSLATE.replace("MAP", json.dumps(GERMAN_CHROME)).replace("PREFIXES", json.dumps(GERMAN_PREFIXES))
    # as a JS string literal inside the frame's own script; "</" escaped so it cannot end that script
    return _LANG.replace("SCRIPT", json.dumps(script).replace("</", "<\\/"))
