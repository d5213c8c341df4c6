"""Figures stated in running text: "Die Integrationsquote soll 16,0 % erreichen", "steigt auf 3,1 Mio.
Euro", "von 520 auf 350 Plätze", "(Vorjahr 33,9 Mio. Euro)", "einem Fünftel bis zu einem Viertel am
Eingliederungstitel".

Each number goes to the nearest indicator or budget mention in the same clause and gets a role
from the words around it: plan (a cue like "soll", "geplant"), actual (the previous year's value)
or value, a change, or a share. The sentence's year is the period of its main values.
"""

from __future__ import annotations

import re

from assistant.figures.kinds import figure_kind
from assistant.figures.sentence_split import split_sentences
from assistant.figures.spoken import SentenceNumber, sentence_numbers
from assistant.domain.instruments import category, find_mentions
from assistant.types import Figure, FigureValue

_NOUN_AFTER = re.compile(r"^\s+([A-ZÄÖÜ][\wäöüß-]+)")
_GENERIC_NOUNS = {"Personen", "Kunden", "Menschen", "Leistungsberechtigte", "Leistungsberechtigten", "Euro", "EUR",
                  "Prozent", "Prozentpunkte", "Mio", "Millionen", "Plätze", "Plätzen", "Eintritte", "Eintritten"}
_FUNCTION_WORDS = {"Die", "Der", "Das", "Den", "Dem", "Im", "In", "Es", "Wir", "Damit", "Dies", "Diese",
                   "Bei", "Mit", "Für", "Auch", "Davon", "Dabei", "Ein", "Eine", "Zum", "Zur"}
_CUE = re.compile(r"\bsoll|\bziel|geplant|\bplant|angestrebt|\bstrebt|anvisiert|erwartet|rechnet|prognos|"
                  r"vereinbart|vorgesehen|steigt|sinkt", re.IGNORECASE)
_CHANGE_BEFORE = re.compile(r"(?:anstieg|rückgang|reduzierung|veränderung|steigerung|abbau|zuwachs|abnahme|"
                            r"erhöhung|senkung|verringerung|\bum)\b[^0-9]{0,25}$", re.IGNORECASE)
_CHANGE_AFTER = re.compile(r"^[^0-9]{0,20}\b(?:höher|niedriger|mehr|weniger)\b", re.IGNORECASE)
_DECREASE = re.compile(r"rückgang|reduzierung|abbau|abnahme|senkung|verringer|sinken|sinkt|gesunken|\bfällt|"
                       r"\bfiel|reduziert|niedriger|weniger", re.IGNORECASE)
_PREVIOUS = re.compile(r"\b(?:VJ|Vorjahr\w*)\b:?\s*$")
_YEAR_BEFORE = re.compile(r"\b((?:19|20)\d\d):\s*$")
_SHARE_BEFORE = re.compile(r"\banteil\w*\s+(?:von\s+)?(?:ca\.\s+|rund\s+|etwa\s+)?$", re.IGNORECASE)
_BASE_WORD = re.compile(r"\b(an den|unter den|aller|von allen|an allen|am)\s*$", re.IGNORECASE)
_BASE_AFTER = re.compile(r"^[^,;]{0,40}\b(?:an den|unter den|aller|von allen|an allen|am|der)\s*$", re.IGNORECASE)
_CLAUSE = re.compile(r";|\bund\b|\bsowie\b|,\s(?!\d)")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_MAX_DISTANCE = 110


def sentence_figures(text: str, page: int, doc_id: str, filename: str) -> list[Figure]:
    """Figures of indicators and budget lines stated in the sentences of one page."""
    figures: list[Figure] = []
    previous = ""
    for sentence in split_sentences(text):
        cue = bool(_CUE.search(sentence) or (previous.endswith(":") and _CUE.search(previous)))
        refers_back = re.search(r"\b(?:damit|dies|davon|hierbei|dabei)\b", sentence, re.IGNORECASE)
        year = _last_year(sentence) or (_last_year(previous) if refers_back else None)
        figures += _figures_in(sentence, cue, year, page, doc_id, filename)
        previous = sentence
    return figures


def _figures_in(sentence: str, cue: bool, year: int | None, page: int, doc_id: str, filename: str) -> list[Figure]:
    mentions = find_mentions(sentence, ("indicator", "budget", "instrument"))
    grouped: dict[str, list[FigureValue]] = {}
    labels: dict[str, str] = {}
    for n in sentence_numbers(sentence):
        owner, is_share = _owner(sentence, n, mentions)
        if owner is None:
            continue
        code = owner[0]
        value = _value(sentence, n, cue, year, is_share)
        grouped.setdefault(code, []).append(value)
        labels.setdefault(code, _label(sentence, owner) if code else _share_label(sentence, owner))
    figures = []
    for code, values in grouped.items():
        values = _first_per_role(values)
        if category(code) == "budget" and not any(v.unit == "EUR" for v in values):
            continue  # "Umschichtung 2024": a budget line's figure is an amount
        kind = figure_kind(code, values, sentence, planned=cue)
        figures.append(Figure(kind=kind, label=labels[code], instrument=code, values=values, doc_id=doc_id,
                              filename=filename, page=page, source="text", quote=sentence))
    return figures


def _first_per_role(values: list[FigureValue]) -> list[FigureValue]:
    """The first value per role; later ones usually describe a sub-group ("davon Frauen")."""
    seen, kept = set(), []
    for v in values:
        if v.role not in seen:
            seen.add(v.role)
            kept.append(v)
    return kept


def _label(sentence: str, mention: tuple[str, int, int]) -> str:
    """The printed mention, widened to whole words ("arbeitsloser Jugendlicher")."""
    _, start, end = mention
    end += len(re.match(r"[\wäöüß-]*", sentence[end:]).group())
    text = sentence[start:end]
    if text[:1].islower() and " " not in text:  # an adjective alone: add the noun it qualifies
        noun = re.match(r"\s+[A-ZÄÖÜ][\wäöüß-]*", sentence[end:])
        text += noun.group() if noun else ""
    return text


def _share_label(sentence: str, base: tuple[str, int, int]) -> str:
    """ "Anteil am Eingliederungstitel" for a share whose subject the sentence does not name."""
    word = _BASE_WORD.search(sentence[: base[1]])
    return f"Anteil {word.group(1)} {_label(sentence, base)}" if word else f"Anteil {_label(sentence, base)}"


def _is_base(sentence: str, n: SentenceNumber, mention: tuple[str, int, int]) -> bool:
    """Is ``mention`` the base of a share or count ("75 Prozent an allen eLb", "Frauenanteil an den eLb")?"""
    if mention[1] >= n.end:
        return bool(_BASE_AFTER.match(sentence[n.end: mention[1]]))
    return bool(_BASE_WORD.search(sentence[: mention[1]]))


def _owner(sentence: str, n: SentenceNumber, mentions: list[tuple[str, int, int]]
           ) -> tuple[tuple[str, int, int] | None, bool]:
    """The mention a number belongs to and whether the number is a share of something else.

    A share ("Anteil von 75 Prozent an allen eLb", "einem Fünftel am Eingliederungstitel") belongs
    to the sentence's subject, the first mention that is not the share's base; without one it
    is kept as an unnamed share of its base."""
    is_share = n.unit == "%" and (bool(_SHARE_BEFORE.search(sentence[: n.start])) or n.spoken)
    bases = [m for m in mentions if _is_base(sentence, n, m)]
    if is_share:
        subjects = [m for m in mentions if m not in bases and m[1] < n.start]
        if subjects:
            return subjects[0], True
        # Unnamed share: kept only when its base is a known budget or group ("am Eingliederungstitel").
        after = [m for m in bases if m[1] >= n.end]
        return (("", after[0][1], after[0][2]) if after else None), True
    noun = _NOUN_AFTER.match(sentence[n.end:]) if not n.unit else None
    if noun and noun.group(1) not in _GENERIC_NOUNS | _FUNCTION_WORDS and not any(
            s == n.end + noun.start(1) for _, s, _ in mentions):
        return None, False  # "750 Integrationen": the number counts something the lexicon does not know
    best, best_distance = None, _MAX_DISTANCE
    for mention in mentions:
        if mention in bases and len(mentions) > 1:
            continue  # "73,5 % aller eLb": eLb is the base of the share, not its subject
        _, start, end = mention
        lo, hi = (end, n.start) if end <= n.start else (n.end, start)
        if _CLAUSE.search(sentence[lo:hi]):
            continue
        if hi - lo < best_distance:
            best, best_distance = mention, max(0, hi - lo)
    in_clause = [m for m in mentions if not _CLAUSE.search(sentence[min(m[2], n.start): max(m[1], n.end)])]
    shift = next((m for m in in_clause if m[0] == "Umschichtung"), None)
    if n.unit == "EUR" and shift:
        return shift, False  # an amount next to a shift is the shift, not its source or target budget
    return best, False


def _value(sentence: str, n: SentenceNumber, cue: bool, year: int | None, is_share: bool) -> FigureValue:
    before, after = sentence[max(0, n.start - 40): n.start], sentence[n.end: n.end + 40]
    stated_year = _YEAR_BEFORE.search(before)
    if _PREVIOUS.search(before[-16:]) or (re.search(r"\bvon\s*$", before) and re.search(r"\bauf\s+[+\-]?\d", after)):
        return _fv("Vorjahr", "actual", year - 1 if year else None, n)
    if stated_year and year and int(stated_year.group(1)) < year:
        return _fv(stated_year.group(1), "actual", int(stated_year.group(1)), n)
    signed = n.raw[:1] in "+-−–"
    if not is_share and (signed or _CHANGE_BEFORE.search(before) or (n.unit == "%" and _CHANGE_AFTER.match(after))):
        value = n.value
        if not signed and (_DECREASE.search(sentence[: n.start]) or _DECREASE.search(after[:25])):
            value = -abs(n.value)
        role = "change_pct" if n.unit == "%" else "change_abs"
        return FigureValue("Veränderung", role, year, value, n.unit, n.raw, n.scale)
    if is_share:
        return _fv("Anteil", "share", year, n)
    role = "plan" if cue else "value"
    column = f"{'Ziel ' if cue else ''}{year or ''}".strip() or "Wert"
    return _fv(column, role, year, n)


def _fv(column: str, role: str, period: int | None, n: SentenceNumber) -> FigureValue:
    return FigureValue(column, role, period, n.value, n.unit, n.raw, n.scale)


def _last_year(sentence: str) -> int | None:
    """The latest year a sentence names: "strebt 2022 … an (2021: 25,4 Prozent)" is about 2022."""
    years = _YEAR.findall(sentence)
    return max(int(y) for y in years) if years else None
