"""Places a question names: "in Bayern", "im Landkreis Hof", "beim Jobcenter Musterstadt".

A question about a place the documents never mention cannot be answered from them, however
well its other words match ("Integrationsquote in Bayern" must not get the Ilm-Kreis figure).
German capitalises every noun, so a place cannot be told by its case; two kinds are
recognised: the Länder, and a name after a word that introduces a region.
"""

from __future__ import annotations

import re

from assistant.text.tokens import name_tokens, tokenize

_LAENDER = (
    "Baden-Württemberg", "Bayern", "Berlin", "Brandenburg", "Bremen", "Hamburg", "Hessen",
    "Mecklenburg-Vorpommern", "Niedersachsen", "Nordrhein-Westfalen", "NRW", "Rheinland-Pfalz",
    "Saarland", "Sachsen-Anhalt", "Sachsen", "Schleswig-Holstein", "Thüringen",
)
_LAND = re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in _LAENDER) + r")(?![\w-])")
_NAME = r"[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ]?[a-zäöüß]+)*"
# "Landkreis Hof", "Stadt Frankfurt am Main", "Jobcenter Musterstadt", "Region Hannover"
_REGION = re.compile(
    r"\b(?:Landkreis|Kreis|Stadt|Kreisstadt|Stadtkreis|Gemeinde|Region|Regierungsbezirk|Bezirk|Jobcenter)"
    rf"\s+({_NAME}(?:\s+(?:am|an der|in der|im)\s+{_NAME})?)"
)


def named_places(question: str) -> list[str]:
    """The places ``question`` names, in order, each once."""
    found = [m.group(1) for m in _LAND.finditer(question)]
    found += [m.group(1) for m in _REGION.finditer(question)]
    return list(dict.fromkeys(found))


def named_documents(question: str, filenames: list[str], asked: set[str] | None = None) -> set[str]:
    """The file names that have a question word the other file names lack ("Kaiserslautern",
    "2020"); empty when the question names none of them or there is only one. ``asked``: the
    question's tokens with hyphens split, when the caller has them."""
    names = list(dict.fromkeys(filenames))
    if len(names) < 2:
        return set()
    words = {n: set(name_tokens(n)) for n in names}
    shared = set.intersection(*words.values())
    asked = set(tokenize(question.replace("-", " "))) if asked is None else asked
    return {n for n in names if (words[n] - shared) & asked}


def not_found_text(place: str) -> str:
    """The German answer for a question about a place the documents do not mention."""
    return f"Zu „{place}“ enthalten die Dokumente keine Angaben."
