"""German number formats as AMIPs print them: 1.793.645 ; 3.100 ; 8,3 ; −2,5 ; +6,3 ; –."""

from __future__ import annotations

NONE = "–"  # en dash: "no value" in a cell
UNICODE_MINUS = "\u2212"


def group_thousands(digits: str) -> str:
    """'1793645' -> '1.793.645'."""
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)]
    return ".".join(parts)


def german(value: float, decimals: int = 0, minus: str = "-", plus: bool = False) -> str:
    """``value`` with ``decimals`` decimal places, '.' thousands and ',' decimal separator;
    negative numbers get ``minus``, positive ones a '+' when ``plus``."""
    text = f"{abs(value):.{decimals}f}"
    whole, _, fraction = text.partition(".")
    body = group_thousands(whole) + ("," + fraction if fraction else "")
    if round(value, decimals) < 0:
        return minus + body
    if plus and round(value, decimals) > 0:
        return "+" + body
    return body


def parse_german(text: str) -> float | None:
    """The inverse of ``german`` (used by the generator's self-check); NONE -> None."""
    text = text.removesuffix("%").strip()
    if text in (NONE, ""):
        return None
    sign = -1.0 if text[0] in ("-", UNICODE_MINUS) else 1.0
    body = text.lstrip("+-" + UNICODE_MINUS).replace(".", "").replace(",", ".")
    return sign * float(body)
