"""Prompt templates from ``prompts/*.txt``, with their variables checked when loaded.

Templates use ``str.format`` fields (``{question}``); literal braces are written ``{{ }}``.
A template whose fields differ from the declared ones fails at load time, so a typo in a
prompt file shows up in the tests instead of as a silently empty field in production.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ingest.errors import AmipError

# Declared variables per template; other modules register theirs with ``register``.
TEMPLATE_VARIABLES: dict[str, frozenset[str]] = {
    "answer_system": frozenset(),
    "answer_user": frozenset({"question", "context"}),
}


class PromptError(AmipError):
    """A template is missing or does not match its declared variables (German message)."""


@dataclass(frozen=True)
class PromptTemplate:
    name: str
    text: str
    variables: frozenset[str]

    def render(self, **values: object) -> str:
        """Fill the template; every declared variable must be given, no others."""
        given = set(values)
        if given != self.variables:
            missing = sorted(self.variables - given)
            unknown = sorted(given - self.variables)
            raise PromptError(
                f"Vorlage „{self.name}“: fehlende Werte {missing}, unbekannte Werte {unknown}."
            )
        return self.text.format(**values)


def template_fields(text: str) -> set[str]:
    """Names of the ``{fields}`` in ``text``; positional or nested fields are errors."""
    fields: set[str] = set()
    for _, field, spec, _conv in string.Formatter().parse(text):
        if field is None:
            continue
        if not field.isidentifier() or "{" in (spec or ""):
            raise PromptError(f"Ungültiges Feld „{{{field}}}“ in einer Vorlage.")
        fields.add(field)
    return fields


def register(name: str, variables: set[str] | frozenset[str]) -> None:
    """Declare the variables of a template ``prompts/<name>.txt`` before loading it."""
    TEMPLATE_VARIABLES[name] = frozenset(variables)
    load_prompt.cache_clear()


@lru_cache(maxsize=None)
def load_prompt(name: str) -> PromptTemplate:
    """Load and check ``prompts/<name>.txt``; raises ``PromptError`` on any mismatch."""
    if name not in TEMPLATE_VARIABLES:
        raise PromptError(f"Unbekannte Vorlage „{name}“: keine Variablen deklariert.")
    try:
        text = resources.files("prompts").joinpath(f"{name}.txt").read_text(encoding="utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise PromptError(f"Die Vorlage „{name}.txt“ fehlt im Ordner prompts/.") from exc
    return check_template(name, text, TEMPLATE_VARIABLES[name])


def check_template(name: str, text: str, variables: frozenset[str]) -> PromptTemplate:
    """Build a template from ``text`` if its fields are exactly ``variables``."""
    try:
        fields = template_fields(text)
    except ValueError as exc:  # unbalanced braces
        raise PromptError(f"Vorlage „{name}“ ist fehlerhaft: {exc}") from exc
    if fields != variables:
        raise PromptError(
            f"Vorlage „{name}“: erwartet {sorted(variables)}, gefunden {sorted(fields)}."
        )
    return PromptTemplate(name, text.strip() + "\n", frozenset(variables))
