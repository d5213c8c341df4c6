"""German messages for storage failures (read-only folder, full disk, damaged database), so
users see what to do instead of "[Errno 28]" or "database disk image is malformed"."""

from __future__ import annotations

import errno

_READ_ONLY = ("Der Datenordner ist schreibgeschützt oder gehört einem anderen Benutzer; bitte "
              "Schreibrechte geben oder mit --data-dir (AMIP_DATA_DIR) einen anderen Ordner wählen.")
_FULL = ("Der Speicherplatz reicht nicht (Datenträger voll oder Kontingent bzw. Dateigröße "
         "erschöpft); bitte Platz schaffen oder einen anderen Datenordner wählen. Bereits "
         "aufgenommene Dokumente bleiben erhalten.")
DAMAGED = ("Die Datenbank ist beschädigt. Die aufgenommenen PDF-Dateien sind erhalten: "
            "„amip reindex“ (oder „Index aus den gespeicherten PDFs neu aufbauen“ in der App) baut "
            "den Index neu auf.")

_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_READ_ONLY_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}


def storage_problem(exc: BaseException) -> str | None:
    """The German message for a storage failure anywhere in ``exc``'s chain, else ``None``."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        message = _message(current)
        if message:
            return message
        current = current.__cause__ or current.__context__
    return None


def _message(exc: BaseException) -> str | None:
    if isinstance(exc, OSError) and exc.errno in _FULL_ERRNOS:
        return _FULL
    if isinstance(exc, OSError) and exc.errno in _READ_ONLY_ERRNOS:
        return _READ_ONLY
    text = str(exc).lower()
    if "disk is full" in text or "no space left" in text or "file too large" in text:
        return _FULL
    if "readonly database" in text or "read-only file system" in text:
        return _READ_ONLY
    if "malformed" in text or "not a database" in text or "database corrupt" in text:
        return DAMAGED
    return None
