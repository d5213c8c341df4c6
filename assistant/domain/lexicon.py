"""The one lexicon of the AMIP domain, read once from ``lexicon.json``.

Search equivalences (``glossary``) and canonical instrument codes (``instruments``) both
come from this file, so they cannot disagree: the § 45 family, for instance, is one
umbrella group with MAT, MAG and AVGS as members for search, and three codes under "§45"
for figures.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    """The parsed data file (see its ``_comment`` for the sections)."""
    return json.loads(resources.files("assistant.domain").joinpath("lexicon.json").read_text(encoding="utf-8"))
