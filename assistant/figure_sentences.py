"""Figures stated in running text: "Die Integrationsquote soll 16,0 % erreichen", "stieg auf 683
(im VJ 645)", "Davon sind 14,5 Mio.€ zur Deckung der Verwaltungskosten ... vorgesehen".

Each number is given to the nearest indicator or budget mention in the same clause and gets a
role from the words around it: main value, previous-year value or change.
"""

from __future__ import annotations

import re

from assistant.domain.instruments import category, find_mentions, normalize_label
from assistant.text.numbers import NumberMatch, find_numbers
from assistant.types import Figure
from assistant.text.units import sentence_ends

# Bullet glyphs (private-use symbols of Word PDFs, DEL, •, →); a dash only when a space follows,
# so "-2,5" at a line start keeps its sign.
_BULLET = re.compile(r"^(?:[\x00-\x1f\x7f\u2022\u25aa\u25a0\u25ba\u2192\uf0a7\uf0b7\uf0d8\ue000-\uf8ff*•]|[-–](?=\s))\s*")
_SKIP_BEFORE = re.compile(r"(?:§|§§|Abs\.|Nr\.|SGB|Kapitel|Seite|S\.|Phase|Stufe|Ziffer|/|Quartal)\s*$")
_SKIP_AFTER = re.compile(r"^(?:[./]\d|\s*(?:Uhr|Jahre|Jahren|Monat|Monate|Monaten|Tage|Tagen|Stunden|Wochen|"
                         r"Quartal|Stufen|Schritte|Phasen|Standorte|Lebensjahr)\b)")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_NOUN_AFTER = re.compile(r"^\s+([A-ZÄÖÜ][\wäöüß-]+)")
_GENERIC_NOUNS = {"Personen", "Kunden", "Menschen", "Leistungsberechtigte", "Leistungsberechtigten", "Euro", "EUR",
                  "Prozent", "Prozentpunkte", "Mio", "Millionen"}
_FUNCTION_WORDS = {"Die", "Der", "Das", "Den", "Dem", "Im", "In", "Es", "Wir", "Damit", "Dies", "Diese",
                   "Bei", "Mit", "Für", "Auch", "Davon", "Dabei", "Ein", "Eine", "Zum", "Zur"}
_CUE = re.compile(r"\bsoll|\bziel|geplant|\bplant|angestrebt|anvisiert|erwartet|rechnet|prognos|vereinbart",
                  re.IGNORECASE)
_CHANGE_BEFORE = re.compile(r"(?:anstieg|rückgang|reduzierung|veränderung|steigerung|abbau|zuwachs|abnahme|"
                            r"erhöhung|senkung|verringerung|\bum)\b[^0-9]{0,25}$", re.IGNORECASE)
_CHANGE_AFTER = re.compile(r"^[^0-9]{0,20}\b(?:höher|niedriger|mehr|weniger)\b", re.IGNORECASE)
_DECREASE = re.compile(r"rückgang|reduzierung|abbau|abnahme|senkung|verringer|sinken|sinkt|gesunken|\bfällt|"
                       r"\bfiel|reduziert|niedriger|weniger", re.IGNORECASE)
_PREVIOUS = re.compile(r"\b(?:VJ|Vorjahr\w*)\b:?\s*$")
_CLAUSE = re.compile(r";|\bund\b|\bsowie\b|,\s(?!\d)")
_MAX_DISTANCE = 110
_TOC_LINE = re.compile(r"\.{4,}\s*\d+\s*$")  # "Strategische Ausrichtung ..... 9" is no statement


def split_sentences(text: str) -> list[str]:
    """Sentences of a page: lines joined (hyphenation undone); bullets, headings and paragraphs
    kept apart so a heading like "5. Wirkung / Ziele" does not colour the next sentence."""
    sentences: list[str] = []
    current = ""
    lines = [line.strip() for line in text.splitlines()] + [""]
    for i, line in enumerate(lines[:-1]):
        if not line or _BULLET.match(line):
            sentences += _split_joined(current)
            current = _BULLET.sub("", line)
            if not current:
                continue
        elif current.endswith("-") and re.match(r"(?:und|oder|bzw\.|sowie)\b", line):
            current = f"{current} {line}"  # "Arbeitsmarkt- und Integrationsprogramm"
        elif current.endswith("-") and line[:1].islower():
            current = current[:-1] + line
        elif current.endswith("-"):
            current += line
        else:
            current = f"{current} {line}".strip()
        if current == line and _is_heading(line, lines[i + 1]):
            sentences.append(current)
            current = ""
    sentences += _split_joined(current)
    return [normalize_label(s) for s in sentences if s.strip() and not _TOC_LINE.search(s)]


def _is_heading(line: str, following: str) -> bool:
    """A short first line of a paragraph without final punctuation, followed by a capital."""
    if re.match(r"^\d+(?:\.\d+)*\.?\s+[A-ZÄÖÜ]", line) and len(line) < 80:
        return True
    return len(line) < 60 and not line.endswith((".", ",", "-", ":", ";")) and following[:1].isupper()


def _split_joined(paragraph: str) -> list[str]:
    parts, start = [], 0
    for end in sentence_ends(paragraph):
        parts.append(paragraph[start:end])
        start = end
    parts.append(paragraph[start:])
    return [p.strip() for p in parts if p.strip()]


def sentence_figures(text: str, page: int, doc_id: str, filename: str) -> list[Figure]:
    """Figures of indicators and budget lines stated in sentences of one page."""
    figures: list[Figure] = []
    previous = ""
    for sentence in split_sentences(text):
        cue = bool(_CUE.search(sentence) or (previous.endswith(":") and _CUE.search(previous)))
        refers_back = re.search(r"\b(?:damit|dies|davon|hierbei|dabei)\b", sentence, re.IGNORECASE)
        year = _nearest_year(sentence) or (_nearest_year(previous) if refers_back else "")
        figures += _figures_in(sentence, cue, year, page, doc_id, filename)
        previous = sentence
    return figures


def _usable_numbers(sentence: str) -> list[NumberMatch]:
    usable = []
    for n in find_numbers(sentence):
        if _YEAR.match(n.raw) or _SKIP_BEFORE.search(sentence[max(0, n.start - 10): n.start]):
            continue
        if _SKIP_AFTER.match(sentence[n.end: n.end + 14]) or (n.start == 0 and not n.unit):
            continue
        if not n.unit and sentence[n.end: n.end + 1] == "." and re.search(r"(?:^|[.?!:]\s)$", sentence[: n.start]):
            continue  # "… erreicht werden? 3." is the next list number, not a figure
        usable.append(n)
    return usable


def _figures_in(sentence: str, cue: bool, year: str, page: int, doc_id: str, filename: str) -> list[Figure]:
    mentions = find_mentions(sentence, ("indicator", "budget"))
    if not mentions:
        return []
    grouped: dict[str, list[tuple[str, float, str]]] = {}
    for n in _usable_numbers(sentence):
        mention = _owner(sentence, n, mentions)
        if mention is not None:
            role, value = _role(sentence, n)
            grouped.setdefault(mention[0], []).append((role, value, n.unit))
    figures = []
    for code, values in grouped.items():
        label = _label(sentence, next(m for m in mentions if m[0] == code))
        figure = _make_figure(code, label, values, sentence, cue, year, page, doc_id, filename)
        if figure:
            figures.append(figure)
    return figures


def _label(sentence: str, mention: tuple[str, int, int]) -> str:
    """The printed mention, widened to whole words ("arbeitsloser Jugendlicher")."""
    _, start, end = mention
    end += len(re.match(r"[\wäöüß-]*", sentence[end:]).group())
    text = sentence[start:end]
    if text[:1].islower():  # an adjective: add the noun it qualifies
        noun = re.match(r"\s+[A-ZÄÖÜ][\wäöüß-]*", sentence[end:])
        text += noun.group() if noun else ""
    return text


def _owner(sentence: str, n: NumberMatch, mentions: list[tuple[str, int, int]]) -> tuple[str, int, int] | None:
    """The mention a number belongs to: same clause, nearest, and not owned by another noun."""
    noun = _NOUN_AFTER.match(sentence[n.end:]) if not n.unit else None
    if noun and noun.group(1) not in _GENERIC_NOUNS | _FUNCTION_WORDS and not any(s == n.end + noun.start(1) for _, s, _ in mentions):
        return None  # "750 Integrationen": the number counts something the glossary does not know
    best, best_distance = None, _MAX_DISTANCE
    for mention in mentions:
        _, start, end = mention
        if len(mentions) > 1 and re.search(r"\b(?:an den|unter den|aller|von allen)\s*$", sentence[:start]):
            continue  # "Frauenanteil an den eLb": eLb is the base, not the subject
        if start >= n.end and re.fullmatch(r"\s*(?:aller|der|an den|unter den|von allen)\s*", sentence[n.end:start]):
            continue  # "73,5 % aller eLb": eLb is the base of the share, not its subject
        lo, hi = (end, n.start) if end <= n.start else (n.end, start)
        if _CLAUSE.search(sentence[lo:hi]):
            continue
        distance = max(0, hi - lo)
        if distance < best_distance:
            best, best_distance = mention, distance
    in_clause = [m for m in mentions if not _CLAUSE.search(sentence[min(m[2], n.start): max(m[1], n.end)])]
    if n.unit == "EUR" and any(m[0] == "Umschichtung" for m in in_clause):
        return next(m for m in in_clause if m[0] == "Umschichtung")  # the shift, not its source or target
    if best and best[0] == "Arbeitslose":  # "Reduzierung um 197 Arbeitslose" of Langzeitarbeitslosen
        best = next((m for m in mentions if m[0] == "LZA"), best)
    return best


def _role(sentence: str, n: NumberMatch) -> tuple[str, float]:
    before, after = sentence[max(0, n.start - 40): n.start], sentence[n.end: n.end + 40]
    if _PREVIOUS.search(before[-16:]):
        return "previous", n.value
    if re.search(r"\bvon\s*$", before) and re.search(r"\bauf\s+[+\-]?\d", after):
        return "previous", n.value
    signed = n.raw[:1] in "+-−–"
    if signed or _CHANGE_BEFORE.search(before) or (n.unit == "%" and _CHANGE_AFTER.match(after)):
        if signed:
            return "change", n.value
        negative = _DECREASE.search(sentence[: n.start]) or re.match(r"^[^0-9]{0,20}\b(?:niedriger|weniger)", after)
        return "change", -abs(n.value) if negative else abs(n.value)
    return "main", n.value


def _make_figure(code: str, label: str, values: list[tuple[str, float, str]], sentence: str, cue: bool,
                 year: str, page: int, doc_id: str, filename: str) -> Figure | None:
    is_budget = category(code) == "budget"
    if is_budget:
        values = [v for v in values if v[2] == "EUR"]
    if not values:
        return None
    main_units = [u for role, _, u in values if role != "change"]
    if main_units and main_units[0] == "%" and category(code) == "indicator" and code not in ("IQ", "Frauenanteil"):
        code = f"{code}-Anteil"  # "Anteil der LZB 56,1 %" is a share, not the stock of LZB
    first_unit = (main_units or [values[0][2]])[0]
    unit = "EUR" if is_budget else ("%" if first_unit == "%" or code == "IQ" else "Personen")
    main_col = f"Ziel {year}".strip() if cue else (year or "Wert")
    roles = {role for role, _, _ in values}
    if "previous" in roles and main_col == "Wert":
        main_col = "aktuell"
    columns = {"main": main_col, "previous": "Vorjahr",
               "change": "Veränderung in %" if any(r == "change" and u == "%" for r, _, u in values)
               else "Veränderung"}
    pairs, seen = [], set()
    for role, value, _ in values:
        if role not in seen:  # keep the first value per role; later ones usually describe a sub-group
            seen.add(role)
            pairs.append((columns[role], value))
    if code == "Frauenanteil" and re.search(r"eintritt|förderung|maßnahme", sentence, re.IGNORECASE):
        code = "Frauenanteil Eintritte"  # women's share of planned entries, compared with their eLb share
    target = code in ("IQ", "LZB", "LLU") and (cue or "change" in seen)
    kind = "budget" if is_budget else ("target" if target else "other")
    return Figure(kind=kind, label=label, instrument=code, unit=unit, values=pairs, doc_id=doc_id,
                  page=page, source=sentence, filename=filename)


def _nearest_year(sentence: str) -> str:
    years = re.findall(r"\b(?:19|20)\d\d\b", sentence)
    return years[-1] if years else ""
