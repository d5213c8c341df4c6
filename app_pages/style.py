"""Page styling, and German instead of the parts of Streamlit it only has in English.

Streamlit draws some chrome with fixed English labels: the upload box ("Drag and drop files
here", "Browse files"), the running indicator ("Running…", "Stop"), the table and image toolbar
("Show/hide columns", "Download as CSV", "Search", "Fullscreen"), "Press Enter to apply" under
text fields. CSS hides them (German labels where the user needs the function: the upload box
here, a German CSV download beside each table) and the page declares itself German
(``<html lang="de">``, set by a tiny script: Streamlit serves its page as ``lang="en"``).
No fonts or images are loaded from the internet.
"""

from __future__ import annotations

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


# Runs in a same-origin frame (hidden: a hidden frame still runs); its parent is the page itself.
_LANG = "<!doctype html><html lang=\"de\"><script>window.parent.document.documentElement.lang = 'de';</script></html>"


def apply(upload_limit_mb: int) -> None:
    st.html(_CSS.replace("LIMIT", str(int(upload_limit_mb))))
    with st.container(key="amip-lang"):
        st.iframe(_LANG, height=1)
