"""Parts of the Streamlit page (``app.py`` composes them).

Front end only: every module here talks to ``assistant.service.Assistant`` and the data
types, never to retrieval, models or the store directly. All user-facing text is German.
"""
