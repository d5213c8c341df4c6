"""The base of every error whose message is meant for the user (German).

Lives in ``ingest`` because ``ingest`` must not import ``assistant``; ``assistant.errors``
re-exports it. Catching ``AmipError`` is enough to print any of them without a traceback.
"""

from __future__ import annotations


class AmipError(Exception):
    """An error a user can cause or fix; ``str(error)`` is a complete German sentence."""
