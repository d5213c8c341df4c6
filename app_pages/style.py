"""Page styling, and German texts for the parts of Streamlit's file uploader it only has in English.

Streamlit draws the upload box with fixed English labels ("Drag and drop files here",
"Browse files", "Limit 200MB per file"); CSS hides them and shows German ones instead.
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
[data-testid="stChatMessage"] blockquote { margin-left: 0; }
</style>
"""


def apply() -> None:
    st.html(_CSS)
