"""Who wrote an AMIP and for which years, read from its first page: the title the page shows and
the key that decides which documents may be compared automatically.

A Beirat may keep AMIPs of several Jobcenters in one library. A title without the Jobcenter
("Arbeitsmarkt- und Integrationsprogramm 2024") hides which one is which, and a "Vorjahr"
chosen by year alone may be another Jobcenter's plan. So the title is built from the first
page (Jobcenter + programme + year or years); the PDF's metadata title and the file name are
only fallbacks, because they are often missing, generic or renamed ("entwurf_final.pdf").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from assistant.meeting.period import document_span

# "Jobcenter Landeshauptstadt Magdeburg", "Kommunales Jobcenter Kreis Lindenau", "JobCenter Ilm-Kreis";
# one line only, a name is capitalised words (a lowercase word or a separator ends it).
_JOBCENTER = re.compile(r"\b(?:Kommunales[ \t]+)?Job[Cc]enter((?:[ \t]+(?:der|des)?[ \t]*[A-ZÄÖÜ][\w.'-]*){1,5})")
_NOT_NAME = re.compile(r"^(?:Arbeitsmarkt|Integrations|AMIP|Seite|Entwurf|Vorlage|Stand|Fiktiv|Jahr|Programm|Plan)",
                       re.IGNORECASE)
_RANGE = re.compile(r"(?<!\d)(20\d\d)[ \t]*(?:[-–/]|bis)[ \t]*(20\d\d|\d\d)(?!\d)")
_PROGRAM = re.compile(r"Arbeitsmarkt-?\s*und\s+Integrations-?\s*programm|\bAMIP\b", re.IGNORECASE)
PROGRAM = "Arbeitsmarkt- und Integrationsprogramm"
_FIRST_LINES = 30  # the title page; a Jobcenter named deep in the text may be a partner


@dataclass(frozen=True)
class Identity:
    """What the page calls a document and whose plan for which year it is."""

    title: str
    jobcenter: str | None  # as printed, e.g. "Jobcenter Stadt Kaiserslautern"; None if not found
    year: int | None  # the planning year (a range counts as its last year)
    first_year: int | None = None  # where a multi-year programme's period starts ("2020–2023": 2020)

    @property
    def key(self) -> str | None:
        """The Jobcenter for comparing: case, spaces and the words "der"/"des" do not matter."""
        if not self.jobcenter:
            return None
        words = [w for w in re.split(r"[\s·]+", self.jobcenter.lower()) if w not in ("der", "des", "kommunales")]
        return " ".join(words)


def jobcenter_name(text: str) -> str | None:
    """The Jobcenter named most often in ``text`` (ties: the first named); None if none."""
    names = []
    for match in _JOBCENTER.finditer(text):
        words = []
        for word in match.group(1).split():
            if _NOT_NAME.match(word):
                break
            words.append(word.rstrip(".,;:"))
        while words and words[-1] in ("der", "des"):
            words.pop()
        if words:
            names.append("Jobcenter " + " ".join(words))
    if not names:
        return None
    counts = Counter(names)
    return max(names, key=lambda n: (counts[n], -names.index(n)))


def years_label(text: str, year: int | None) -> str:
    """The years as printed on the page ("2020–2023"), else the planning year, else ""."""
    match = _RANGE.search(text)
    if match:
        first, second = match.group(1), match.group(2)
        last = second if len(second) == 4 else first[:2] + second
        if 0 < int(last) - int(first) <= 5 and (year is None or int(first) <= year <= int(last)):
            return f"{first}–{last}"
    return str(year) if year else ""


def identify(first_page: str, metadata_title: str, filename: str) -> Identity:
    """Title, Jobcenter and planning year of one document."""
    head = "\n".join(first_page.splitlines()[:_FIRST_LINES])
    metadata_title = " ".join((metadata_title or "").split())
    jobcenter = jobcenter_name(head) or jobcenter_name(metadata_title) or jobcenter_name(filename.replace("_", " "))
    span = document_span(metadata_title, head, filename)
    first_year, year = span if span else (None, None)
    is_program = bool(_PROGRAM.search(head) or _PROGRAM.search(metadata_title))
    if jobcenter and is_program:
        years = years_label(_program_text(head) or metadata_title, year)
        title = f"{jobcenter}: {PROGRAM} {years}".strip()
    elif metadata_title and metadata_title != filename and len(metadata_title) <= 160:
        title = metadata_title
    else:
        title = filename
    return Identity(title=title, jobcenter=jobcenter, year=year, first_year=first_year)


def _program_text(head: str) -> str:
    """The lines naming the programme and the two after it (where its years stand)."""
    lines = head.splitlines()
    for i, line in enumerate(lines):
        if _PROGRAM.search(line) or (i + 1 < len(lines) and _PROGRAM.search(f"{line} {lines[i + 1]}")):
            return "\n".join(lines[i:i + 3])
    return ""


def previous_of(doc_id: str, identities: dict[str, Identity]) -> str | None:
    """Last year's AMIP of the same Jobcenter: the document of that Jobcenter whose period ends
    latest before this one's starts (a programme "2020–2023" compares with the plan for 2019, the
    plan for 2024 with that programme); on a tie the shorter period (an annual plan). None when
    the Jobcenter or the year is unknown: then the user chooses."""
    me = identities.get(doc_id)
    if me is None or me.key is None or me.year is None:
        return None
    start = me.first_year or me.year
    older = [(i.year, i.first_year or i.year, d) for d, i in identities.items()
             if d != doc_id and i.key == me.key and i.year is not None and i.year < start]
    return max(older)[2] if older else None
