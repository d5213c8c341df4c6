"""The one tokenizer: German words and numbers, lower-cased, stopwords dropped, Snowball-stemmed.

Every stage that compares words (BM25 retrieval, relevance, citation support, the lexicon)
uses ``tokenize`` from here, so a question and a passage are always cut the same way.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from typing import Any

# Snowball's German stop list plus question and filler words that carry no topic (also the
# words a question uses for the document itself: "Gibt es Angaben zu …?").
GERMAN_STOPWORDS: frozenset[str] = frozenset(
    """
    aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes
    anderm andern anderr anders auch auf aus bei bin bis bist da damit dann der den des dem die
    das daß dass derselbe derselben denselben desselben demselben dieselbe dieselben dasselbe dazu
    dein deine deinem deinen deiner deines denn derer dessen dich dir du dies diese diesem diesen
    dieser dieses doch dort durch ein eine einem einen einer eines einig einige einigem einigen
    einiger einiges einmal er ihn ihm es etwas euer eure eurem euren eurer eures für gegen gewesen
    hab habe haben hat hatte hatten hier hin hinter ich mich mir ihr ihre ihrem ihren ihrer ihres
    euch im in indem ins ist jede jedem jeden jeder jedes jene jenem jenen jener jenes jetzt kann
    kein keine keinem keinen keiner keines können könnte machen man manche manchem manchen mancher
    manches mein meine meinem meinen meiner meines mit muss musste nach nicht nichts noch nun nur
    ob oder ohne sehr sein seine seinem seinen seiner seines selbst sich sie ihnen sind so solche
    solchem solchen solcher solches soll sollte sondern sonst über um und uns unsere unserem
    unseren unser unseres unter viel vom von vor während war waren warst was weg weil weiter
    welche welchem welchen welcher welches wenn werde werden wie wieder will wir wird wirst wo
    wollen wollte würde würden zu zum zur zwar zwischen
    viele vielen wieviel wieviele wievielen hoch hohe groß große gibt gab geben laut sowie bzw ca
    etc z.b welchem wann warum wodurch womit woran worin wozu wer wen wem wessen sollen soll
    beim ans aufs durchs fürs ums übers
    angaben aussagen informationen
    """.split()
)

# Words (digits included); a number keeps its decimal comma but loses thousands dots.
_TOKEN = re.compile(r"\d+[^\W\d_]+|\d+(?:[.,]\d+)*|[^\W\d_]+(?:\d+[^\W\d_]*)?", re.UNICODE)
_THOUSANDS = re.compile(r"^\d{1,3}(?:\.\d{3})+$")


_stemmer_lock = threading.Lock()
_stemmer: Any = None


def _stem_words(words: list[str]) -> list[str]:
    global _stemmer
    with _stemmer_lock:  # PyStemmer objects are not thread-safe
        if _stemmer is None:
            import Stemmer

            _stemmer = Stemmer.Stemmer("german")
        return _stemmer.stemWords(words)


# Bumped whenever tokens change, so cached keyword indexes built with older tokens are rebuilt.
TOKENIZER_VERSION = 3

# Gender forms name the same people as the plain word: "Kunden*Innen", "Kund:innen",
# "KundInnen", "Teilnehmer/-innen" are tokenized as "Kunden", "Kund", "Teilnehmer".
_GENDER_MARK = re.compile(r"(?<=[a-zäöüß])(?:[*:_/]-?[iI]|I)n(?:nen)?\b")
# "Kundinnen" and "Kunden": Snowball leaves "kundinn" beside "kund".
_FEMININE_STEM = re.compile(r"^(?P<base>[a-zäöüß]{4,})inn$")


def normalize_text(text: str) -> str:
    """NFKC, gender marks folded, lower case, unified dashes; soft hyphens removed."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    text = _GENDER_MARK.sub("", text)
    return re.sub(r"[‐‑‒–—−]", "-", text).lower()


def raw_tokens(text: str) -> list[str]:
    """Lower-cased word and number tokens; hyphenated compounds also yield their joined form."""
    norm = normalize_text(text)
    out: list[str] = []
    for match in re.finditer(r"\S+", norm):
        word = match.group(0)
        parts = [_normal_number(t) for t in _TOKEN.findall(word)]
        out.extend(parts)
        # "Ein-Euro-Jobs" also as "eineurojobs" so it meets the spelling without hyphens.
        alpha = [p for p in parts if p.isalpha()]
        if "-" in word and len(alpha) > 1 and len(alpha) == len(parts) and len(alpha[0]) > 2:
            out.append("".join(alpha))
    return out


def _normal_number(token: str) -> str:
    return token.replace(".", "") if _THOUSANDS.match(token) else token


# Snowball leaves verb forms apart from their noun: "geplant" never meets "Plan 2024".
# The verbs AMIP questions use for plans and changes, mapped to one stem.
_VERB_FORMS = {
    "geplant": "plan", "plant": "plan", "planung": "plan", "planungen": "plan",
    "gefordert": "forder", "fordert": "forder",
    "gestieg": "steig", "steigt": "steig", "anstieg": "steig",
    "gesunk": "sink", "sinkt": "sink",
    "gesenkt": "senk", "senkt": "senk",
    "umgeschicht": "umschicht", "umschichtet": "umschicht",
    "erhoht": "erhoh", "reduziert": "reduzier",
    "eingetret": "eintritt", "tritt": "eintritt",
}


def name_tokens(filename: str) -> list[str]:
    """Stemmed words of a file name: "amip-ilm-kreis-2024.pdf" → amip, ilm, kreis, 2024, pdf."""
    return tokenize(filename.replace("-", " ").replace("_", " "))


# Tables abbreviate dates ("Nov 19", "Sept. 2023"); questions spell them out ("November 2019").
_MONTHS = {
    "jan": "januar", "feb": "februar", "mrz": "marz", "apr": "april", "jun": "juni", "jul": "juli",
    "aug": "august", "sep": "septemb", "sept": "septemb", "okt": "oktob", "nov": "novemb", "dez": "dezemb",
}
_MONTH_STEMS = frozenset(_MONTHS.values()) | {"mai"}


def tokenize(text: str) -> list[str]:
    """Stemmed content tokens of ``text`` (stopwords and single letters dropped)."""
    words = [t for t in raw_tokens(text) if t not in GERMAN_STOPWORDS and (len(t) > 1 or t.isdigit())]
    stems = [_MONTHS.get(s, _VERB_FORMS.get(s, s)) for s in _stem_words(words)]
    stems = [m.group("base") if (m := _FEMININE_STEM.match(s)) else s for s in stems]
    # "Nov 19" is November 2019: a two-digit year after a month also counts as the full year.
    extra = [(i + 1, f"20{b}") for i, (a, b) in enumerate(zip(stems, stems[1:]))
             if a in _MONTH_STEMS and len(b) == 2 and b.isdigit()]
    for offset, (pos, year) in enumerate(extra):
        stems.insert(pos + 1 + offset, year)
    return stems
